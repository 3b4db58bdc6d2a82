// The limiter's waits, computed from explicit clock values (no sleeping).
#include <gtest/gtest.h>

#include "api/rate_limiter.h"

namespace api = backlog::api;
using Clock = api::RateLimiter::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {
const Clock::time_point kNow = Clock::from_time_t(1'700'000'000);
const long kNowEpoch = 1'700'000'000;
}  // namespace

TEST(RateLimiter, NoLimitsMeansNoWait) {
  api::RateLimiter limiter(0, seconds(65));
  for (int k = 0; k < 5; ++k) EXPECT_EQ(limiter.reserve(kNow), milliseconds(0));
  limiter.observe(10, kNowEpoch + 30, kNow);  // remaining > 0: nothing to hold
  EXPECT_EQ(limiter.reserve(kNow), milliseconds(0));
  limiter.observe(-1, -1, kNow);  // headers absent
  EXPECT_EQ(limiter.reserve(kNow), milliseconds(0));
}

TEST(RateLimiter, HoldsUntilResetWhenRemainingIsZero) {
  api::RateLimiter limiter(0, seconds(65));
  limiter.observe(0, kNowEpoch + 20, kNow);
  EXPECT_EQ(limiter.reserve(kNow), seconds(20));
  EXPECT_EQ(limiter.reserve(kNow + seconds(5)), seconds(15));
  EXPECT_EQ(limiter.reserve(kNow + seconds(20)), milliseconds(0));
}

TEST(RateLimiter, CapsHoldsAtMaxWait) {
  api::RateLimiter limiter(0, seconds(65));
  limiter.observe(0, kNowEpoch + 3600, kNow);  // a far-off reset (clock skew) is capped
  EXPECT_EQ(limiter.reserve(kNow), seconds(65));
}

TEST(RateLimiter, After429HoldsUntilResetOrAtLeastTheBackoff) {
  api::RateLimiter a(0, seconds(65));
  a.hold_after_429(kNowEpoch + 2, kNow, milliseconds(100));
  EXPECT_EQ(a.reserve(kNow), seconds(2));

  api::RateLimiter b(0, seconds(65));
  b.hold_after_429(kNowEpoch - 10, kNow, milliseconds(100));  // reset already past
  EXPECT_EQ(b.reserve(kNow), milliseconds(100));

  api::RateLimiter c(0, seconds(65));
  c.hold_after_429(-1, kNow, milliseconds(250));  // no reset header
  EXPECT_EQ(c.reserve(kNow), milliseconds(250));
}

TEST(RateLimiter, SpacesRequestsPerMinute) {
  api::RateLimiter limiter(120, seconds(65));  // one every 500 ms
  EXPECT_EQ(limiter.reserve(kNow), milliseconds(0));
  EXPECT_EQ(limiter.reserve(kNow), milliseconds(500));   // second caller queued behind the first
  EXPECT_EQ(limiter.reserve(kNow), milliseconds(1000));
  EXPECT_EQ(limiter.reserve(kNow + seconds(10)), milliseconds(0));  // idle time is not banked
  EXPECT_EQ(limiter.reserve(kNow + seconds(10) + milliseconds(100)), milliseconds(400));
}
