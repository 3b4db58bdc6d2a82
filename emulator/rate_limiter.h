// A fixed one-minute window of requests, like Backlog's per-user per-minute limits. Every
// response reports the window through X-RateLimit-Limit/Remaining/Reset (epoch seconds).
#pragma once

#include <cstdint>
#include <mutex>

namespace backlog::emulator {

struct RateWindow {
  int64_t limit;       // requests allowed per window
  int64_t remaining;   // after this request
  int64_t reset;       // UTC epoch second when the window ends
  bool allowed;        // false: answer 429 / code 13
};

class RateLimiter {
 public:
  // limit_per_minute 0 = unlimited (headers then report a large limit that never runs out).
  explicit RateLimiter(int limit_per_minute) : limit_(limit_per_minute) {}
  RateWindow take(int64_t now);      // counts one request
  RateWindow peek(int64_t now);      // the current window, counting nothing

 private:
  void roll(int64_t now);
  int64_t limit_;
  int64_t window_start_ = 0;
  int64_t used_ = 0;
  std::mutex mutex_;
};

inline constexpr int64_t kUnlimitedReport = 1000000;

}  // namespace backlog::emulator
