// In-process tests of the emulator's request plumbing: parameter decoding, the request log
// line, paging windows, rate windows and fault decisions.
#include <gtest/gtest.h>

#include "api_error.h"
#include "fault_injector.h"
#include "paging.h"
#include "params.h"
#include "rate_limiter.h"
#include "request_log.h"
#include "time_format.h"

using namespace backlog::emulator;

TEST(Params, DecodesInOrderWithRepeatedArrays) {
  Params p = Params::parse("projectId%5B%5D=1&projectId[]=2&keyword=a+b%20c&empty=&flag");
  ASSERT_EQ(p.items().size(), 5u);
  EXPECT_EQ(p.items()[0].first, "projectId[]");
  EXPECT_EQ(p.all_ints("projectId[]"), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(p.get("keyword").value(), "a b c");
  EXPECT_EQ(p.get("empty").value(), "");
  EXPECT_TRUE(p.has("flag"));
  EXPECT_FALSE(p.get("missing").has_value());
}

TEST(Params, BadNumbersAndRangesAreCode7NamingTheParameter) {
  Params p = Params::parse("count=101&offset=x&order=up&createdSince=2020-13-01");
  try {
    p.int_in_range("count", 20, 1, 100);
    FAIL() << "count=101 accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, 7);
    EXPECT_NE(std::string(e.what()).find("count"), std::string::npos);
  }
  EXPECT_THROW(p.get_int("offset"), ApiError);
  EXPECT_THROW(p.ascending(false), ApiError);
  EXPECT_THROW(p.get_date("createdSince"), ApiError);
}

TEST(RequestLog, TargetDropsApiKeyAndReencodesSeparators) {
  Params q = Params::parse("projectId%5B%5D=1&apiKey=secret&keyword=a%20b%26c%23d%2Be%25f&count=5");
  EXPECT_EQ(log_target("/api/v2/issues", q), "/api/v2/issues?projectId[]=1&keyword=a%20b%26c%23d%2Be%25f&count=5");
  EXPECT_EQ(log_target("/api/v2/space", Params::parse("apiKey=secret")), "/api/v2/space");
  EXPECT_EQ(format_log_line("GET", "/api/v2/space", 200, 220, 1.25, 3), "GET /api/v2/space 200 220 1.2 3");
}

TEST(Paging, MinAndMaxIdAreExclusiveAndOrderDefaultsToDesc) {
  std::vector<int> ids = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto id = [](int x) { return x; };
  EXPECT_EQ(select_page(ids, id_page(Params::parse("count=3")), id), (std::vector<int>{10, 9, 8}));
  EXPECT_EQ(select_page(ids, id_page(Params::parse("minId=3&maxId=7&order=asc")), id), (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(select_page(ids, id_page(Params::parse("maxId=4")), id), (std::vector<int>{3, 2, 1}));
  EXPECT_THROW(id_page(Params::parse("count=0")), ApiError);
  EXPECT_EQ(slice(ids, offset_page(Params::parse("offset=8&count=5"))), (std::vector<int>{9, 10}));
}

TEST(TimeFormat, RoundTripsDatesAndTimestamps) {
  EXPECT_EQ(format_timestamp(1405497103), "2014-07-16T07:51:43Z");
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(86399), "1970-01-01T23:59:59Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_timestamp(253402300799), "9999-12-31T23:59:59Z");
  auto day = parse_ymd("2024-02-29");
  ASSERT_TRUE(day);
  EXPECT_EQ(format_ymd(*day), "2024-02-29");
  EXPECT_EQ(format_date_field(*day), "2024-02-29T00:00:00Z");
  EXPECT_FALSE(parse_ymd("2024-2-29"));
}

TEST(RateLimiter, CountsAWindowAndResetsAtTheNextMinute) {
  RateLimiter limiter(2);
  const int64_t t = 1'700'000'080;   // 40 s into a minute (1'700'000'040 is a whole minute)
  EXPECT_TRUE(limiter.take(t).allowed);
  RateWindow second = limiter.take(t + 1);
  EXPECT_TRUE(second.allowed);
  EXPECT_EQ(second.remaining, 0);
  EXPECT_EQ(second.reset, t - 40 + 60);
  EXPECT_FALSE(limiter.take(t + 2).allowed);
  EXPECT_TRUE(limiter.take(t + 25).allowed);   // next minute
}

TEST(FaultInjector, SameSeedSameFailuresAndRoughlyTheRate) {
  int failures = 0;
  for (uint64_t n = 1; n <= 1000; ++n) {
    Fault f = FaultInjector::decide(7, 0.5, n);
    EXPECT_EQ(f, FaultInjector::decide(7, 0.5, n));
    failures += f != Fault::None;
  }
  EXPECT_GT(failures, 400);
  EXPECT_LT(failures, 600);
  EXPECT_EQ(FaultInjector::decide(7, 0.0, 3), Fault::None);
}
