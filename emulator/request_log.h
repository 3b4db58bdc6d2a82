// The request log: one line per request, "METHOD TARGET STATUS BYTES MS IN_FLIGHT\n", written and
// flushed before the response goes out, so a client that got its answer can already read
// the line. Thread-safe.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

namespace backlog::emulator {

class RequestLog {
 public:
  explicit RequestLog(const std::string& path);   // "" = disabled
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  bool ok() const { return path_empty_ || file_ != nullptr; }
  void write(const std::string& method, const std::string& target, int status, size_t bytes, double ms,
             int in_flight);

 private:
  bool path_empty_;
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

// The line itself (without the newline), for tests of the format.
std::string format_log_line(const std::string& method, const std::string& target, int status, size_t bytes, double ms,
                            int in_flight);

}  // namespace backlog::emulator
