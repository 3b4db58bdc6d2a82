// Rate limiting (see rate_limiter.h). Windows are aligned to whole minutes so Reset is
// predictable for clients that sleep until it.
#include "rate_limiter.h"

#include <algorithm>

namespace backlog::emulator {

void RateLimiter::roll(int64_t now) {
  const int64_t start = now - now % 60;
  if (start != window_start_) {
    window_start_ = start;
    used_ = 0;
  }
}

RateWindow RateLimiter::take(int64_t now) {
  std::lock_guard lock(mutex_);
  roll(now);
  const int64_t limit = limit_ > 0 ? limit_ : kUnlimitedReport;
  const bool allowed = limit_ == 0 || used_ < limit_;
  if (allowed) ++used_;
  return {limit, std::max<int64_t>(0, limit - used_), window_start_ + 60, allowed};
}

RateWindow RateLimiter::peek(int64_t now) {
  std::lock_guard lock(mutex_);
  roll(now);
  const int64_t limit = limit_ > 0 ? limit_ : kUnlimitedReport;
  return {limit, std::max<int64_t>(0, limit - used_), window_start_ + 60, true};
}

}  // namespace backlog::emulator
