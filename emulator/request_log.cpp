// Request log writer (see request_log.h).
#include "request_log.h"

namespace backlog::emulator {

RequestLog::RequestLog(const std::string& path) : path_empty_(path.empty()) {
  if (!path.empty()) file_ = std::fopen(path.c_str(), "a");
}

RequestLog::~RequestLog() {
  if (file_) std::fclose(file_);
}

std::string format_log_line(const std::string& method, const std::string& target, int status, size_t bytes, double ms,
                            int in_flight) {
  char tail[80];
  std::snprintf(tail, sizeof tail, " %d %zu %.1f %d", status, bytes, ms, in_flight);
  return method + " " + target + tail;
}

void RequestLog::write(const std::string& method, const std::string& target, int status, size_t bytes, double ms,
                       int in_flight) {
  if (!file_) return;
  const std::string line = format_log_line(method, target, status, bytes, ms, in_flight) + "\n";
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace backlog::emulator
