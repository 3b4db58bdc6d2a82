// A ready-made trace sink: one line per API call, e.g.
//   api GET /api/v2/issues?projectId%5B%5D=1&count=100 -> 200 in 84.2 ms, 51234 bytes
//   api GET /api/v2/space -> 0 in 3.1 ms, 0 bytes, 2 retries, error: GET /api/v2/space: cannot connect …
//
//   options.trace = api::trace_to_file(stderr);
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <string>

#include "api/client.h"

namespace backlog::api {

// The line trace_to_file() prints for one call (without the newline).
std::string format_trace(const TraceEntry& entry);

// Writes format_trace() lines to `out` (not owned; must outlive the client). Thread-safe.
std::function<void(const TraceEntry&)> trace_to_file(FILE* out);

// Watches a Client's calls (fed from its trace) so that, without any extra call, a run
// whose every failure was "no answer" or HTTP 401 and that never got a good answer is
// reported as a connection error: unreachable host or wrong credentials.
class ConnectionWatch {
 public:
  void observe(const TraceEntry& entry);
  bool never_connected() const { return refused_ > 0 && answered_ == 0; }

 private:
  std::atomic<long> refused_{0};   // no HTTP answer, or 401
  std::atomic<long> answered_{0};  // 2xx
};

}  // namespace backlog::api
