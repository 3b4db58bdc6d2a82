// Rate limiting (429 / code 13 with X-RateLimit-* headers) and seeded fault injection.
#include <gtest/gtest.h>

#include "api_client.h"

using namespace backlog::testing;

namespace {

TEST(RateLimit, HeadersOnEveryResponseAnd429BeyondTheLimit) {
  EmulatorProcess emu({"--rate-limit", "3"});
  ApiClient api(emu);
  // The window is a wall-clock minute: if it rolls over mid-sequence, run it again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::vector<ApiResponse> r;
    for (int k = 0; k < 4; ++k) r.push_back(api.get("/space"));
    if (r.front().header("X-RateLimit-Reset") != r.back().header("X-RateLimit-Reset")) continue;
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(r[k].status, 200);
      EXPECT_EQ(r[k].header("X-RateLimit-Limit"), "3");
      EXPECT_EQ(r[k].header("X-RateLimit-Remaining"), std::to_string(2 - k));
    }
    EXPECT_EQ(r[3].status, 429);
    EXPECT_EQ(r[3].error_code(), 13);
    EXPECT_EQ(r[3].header("X-RateLimit-Remaining"), "0");
    const long reset = std::stol(r[3].header("X-RateLimit-Reset"));
    EXPECT_EQ(reset % 60, 0);
    EXPECT_GT(reset, 1'700'000'000L);
    return;
  }
  FAIL() << "the rate window rolled over on every attempt";
}

TEST(RateLimit, UnlimitedStillReportsHeadersAndTheRateLimitEndpoint) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse r = api.get("/rateLimit");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("X-RateLimit-Limit").empty());
  EXPECT_FALSE(r.header("X-RateLimit-Reset").empty());
  for (const char* kind : {"read", "update", "search", "icon"}) {
    ASSERT_TRUE(r.json["rateLimit"].HasMember(kind)) << kind;
    EXPECT_TRUE(r.json["rateLimit"][kind]["limit"].IsInt64());
    EXPECT_TRUE(r.json["rateLimit"][kind]["remaining"].IsInt64());
    EXPECT_TRUE(r.json["rateLimit"][kind]["reset"].IsInt64());
  }
}

// The outcome of 30 sequential requests: the status, or -1 for a dropped connection.
std::vector<int> outcomes(const std::string& seed) {
  EmulatorProcess emu({"--fail-rate", "0.5", "--seed", seed});
  ApiClient api(emu);
  std::vector<int> out;
  for (int k = 0; k < 30; ++k) {
    ApiResponse r = api.get("/issues/1");
    out.push_back(r.transport_ok ? r.status : -1);
  }
  return out;
}

TEST(Faults, HalfTheRequestsFailTheSameWayForTheSameSeed) {
  const std::vector<int> a = outcomes("7"), b = outcomes("7"), c = outcomes("8");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  int ok = 0, failed = 0;
  for (int s : a) {
    EXPECT_TRUE(s == 200 || s == 500 || s == 503 || s == -1) << s;
    (s == 200 ? ok : failed)++;
  }
  EXPECT_GT(ok, 5);
  EXPECT_GT(failed, 5);
  // Every kind of failure shows up over two seeds' worth of requests.
  std::vector<int> all = a;
  all.insert(all.end(), c.begin(), c.end());
  for (int kind : {500, 503, -1}) EXPECT_NE(std::find(all.begin(), all.end(), kind), all.end()) << kind;
}

}  // namespace
