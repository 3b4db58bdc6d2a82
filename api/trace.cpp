// Trace lines for API calls (see trace.h).
#include "api/trace.h"

#include <fmt/format.h>

namespace backlog::api {

std::string format_trace(const TraceEntry& e) {
  std::string line = fmt::format("api {} {} -> {} in {:.1f} ms, {} bytes", e.method, redact(e.target),
                                 e.status, e.ms, e.bytes);
  if (e.retries > 0) line += fmt::format(", {} {}", e.retries, e.retries == 1 ? "retry" : "retries");
  if (!e.error.empty()) line += fmt::format(", error: {}", redact(e.error));
  return line;
}

std::function<void(const TraceEntry&)> trace_to_file(FILE* out) {
  return [out](const TraceEntry& e) {
    std::string line = format_trace(e) + '\n';
    // One fwrite per line: stdio locks the stream, so lines of parallel workers never interleave.
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
  };
}

void ConnectionWatch::observe(const TraceEntry& entry) {
  if (entry.status >= 200 && entry.status <= 299) ++answered_;
  else if (entry.status == 401 || (entry.status == 0 && !entry.error.empty())) ++refused_;
}

}  // namespace backlog::api
