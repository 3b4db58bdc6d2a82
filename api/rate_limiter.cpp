// Holds requests while the server's rate limit is exhausted (see rate_limiter.h).
#include "api/rate_limiter.h"

#include <algorithm>

namespace backlog::api {

RateLimiter::RateLimiter(int requests_per_minute, Duration max_wait) : max_wait_(max_wait) {
  // Divide in the clock's ticks: minutes(1) / 120 would truncate to zero minutes.
  if (requests_per_minute > 0)
    spacing_ = std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1)) / requests_per_minute;
}

RateLimiter::Duration RateLimiter::reserve(Clock::time_point now) {
  std::lock_guard lock(mu_);
  Clock::time_point start = std::max({now, hold_until_, next_slot_});
  if (spacing_ > Clock::duration::zero()) next_slot_ = start + spacing_;
  return std::chrono::ceil<Duration>(start - now);
}

void RateLimiter::observe(long remaining, long reset_epoch, Clock::time_point now) {
  if (remaining != 0 || reset_epoch < 0) return;
  std::lock_guard lock(mu_);
  hold_until(Clock::from_time_t(static_cast<std::time_t>(reset_epoch)), now);
}

void RateLimiter::hold_after_429(long reset_epoch, Clock::time_point now, Duration min_wait) {
  std::lock_guard lock(mu_);
  Clock::time_point until = now + min_wait;
  if (reset_epoch >= 0) until = std::max(until, Clock::from_time_t(static_cast<std::time_t>(reset_epoch)));
  hold_until(until, now);
}

void RateLimiter::hold_until(Clock::time_point until, Clock::time_point now) {
  until = std::min(until, now + max_wait_);
  hold_until_ = std::max(hold_until_, until);
}

}  // namespace backlog::api
