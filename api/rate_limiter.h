// Client-side rate limiting shared by all workers of one Client (= one credential).
//
// Backlog counts requests per user per minute and reports, on every answer,
// X-RateLimit-Remaining and X-RateLimit-Reset (UTC epoch seconds). When Remaining reaches 0
// we hold every request until Reset instead of provoking 429s; after a 429 likewise.
// Optionally requests are also spaced to at most `requests_per_minute`.
//
// The limiter only computes waits from a given `now` (no sleeping, no clock reads), so it
// is tested without timing; the worker sleeps the returned duration.
#pragma once

#include <chrono>
#include <mutex>

namespace backlog::api {

class RateLimiter {
 public:
  using Clock = std::chrono::system_clock;  // Reset is wall-clock time, so is everything here
  using Duration = std::chrono::milliseconds;

  // max_wait caps any single hold (a server clock far ahead must not stall us for hours).
  RateLimiter(int requests_per_minute, Duration max_wait);

  // Reserves the next slot for a request that wants to start at `now`; returns how long
  // the caller must wait before sending (0 when it may go at once).
  Duration reserve(Clock::time_point now);

  // Feeds the rate-limit headers of an answer (-1 = header absent).
  void observe(long remaining, long reset_epoch, Clock::time_point now);

  // After a 429: hold until `reset_epoch` (-1 = unknown), but at least `min_wait` from now
  // so that a reset already in the past does not turn retries into a busy loop.
  void hold_after_429(long reset_epoch, Clock::time_point now, Duration min_wait);

 private:
  void hold_until(Clock::time_point until, Clock::time_point now);  // caller holds mu_

  std::mutex mu_;
  Clock::time_point hold_until_{};         // nobody sends before this (server said: wait)
  Clock::time_point next_slot_{};          // earliest start of the next request (rpm spacing)
  Clock::duration spacing_{};              // 60 s / requests_per_minute, 0 = no spacing
  Duration max_wait_;
};

}  // namespace backlog::api
