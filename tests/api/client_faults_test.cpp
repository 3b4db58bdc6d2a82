// Client against scripted faults: 5xx, 429, exhausted rate limit, dropped connections,
// timeouts — retried or held as documented in http_client.cpp, and counted.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <vector>
#include <mutex>

#include "api/client.h"
#include "api_error_of.h"
#include "local_server.h"

namespace api = backlog::api;
using api::testing::DroppingServer;
using api::testing::LocalServer;
using api::testing::api_error_of;
using api::testing::backlog_error_body;
using api::testing::fast_options;

namespace {
// Wall-clock seconds as the client's limiter sees them. (Not std::time(): glibc reads a
// coarse clock there that can lag a few milliseconds behind, i.e. one second at a boundary.)
long epoch_now() {
  using namespace std::chrono;
  return static_cast<long>(duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

// Collects trace entries from the client's workers.
struct TraceLog {
  std::mutex mu;
  std::vector<api::TraceEntry> entries;
  std::function<void(const api::TraceEntry&)> sink() {
    return [this](const api::TraceEntry& e) {
      std::lock_guard lock(mu);
      entries.push_back(e);
    };
  }
};
}  // namespace

TEST(ClientFaults, ServerErrorThenSuccessIsRetriedOnce) {
  LocalServer srv;
  std::atomic<int> hits{0};
  srv.server().Get("/api/v2/space", [&](const httplib::Request&, httplib::Response& res) {
    if (hits++ == 0) {
      res.status = 500;
      res.set_content(backlog_error_body(1, "Internal error."), "application/json");
    } else {
      res.set_content(R"({"spaceKey":"S"})", "application/json");
    }
  });
  srv.start();
  TraceLog trace;
  auto options = fast_options(srv.url());
  options.trace = trace.sink();
  api::Client client(options);
  EXPECT_EQ(client.get("/api/v2/space").body, R"({"spaceKey":"S"})");
  EXPECT_EQ(hits, 2);
  EXPECT_EQ(client.stats().retries, 1);
  EXPECT_EQ(client.stats().calls, 1);
  ASSERT_EQ(trace.entries.size(), 1u);
  EXPECT_EQ(trace.entries[0].retries, 1);
  EXPECT_EQ(trace.entries[0].status, 200);
  EXPECT_EQ(trace.entries[0].target, "/api/v2/space");
}

TEST(ClientFaults, PersistentServerErrorGivesUpAfterMaxRetries) {
  LocalServer srv;
  std::atomic<int> hits{0};
  srv.server().Get("/api/v2/space", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.status = 503;
    res.set_content(backlog_error_body(1, "Maintenance."), "application/json");
  });
  srv.start();
  auto options = fast_options(srv.url());
  options.max_retries = 2;
  api::Client client(options);
  api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
  EXPECT_STREQ(e.what(), "GET /api/v2/space: HTTP 503, Backlog error 1 (Maintenance.) (gave up after 2 retries)");
  EXPECT_EQ(e.http_status(), 503);
  EXPECT_EQ(hits, 3);
}

TEST(ClientFaults, WritesAreNotRetriedOnServerErrors) {
  LocalServer srv;
  std::atomic<int> hits{0};
  srv.server().Post("/api/v2/issues", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.status = 500;
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  EXPECT_THROW(client.send("POST", "/api/v2/issues", {{"summary", "s"}}), api::ApiError);
  EXPECT_EQ(hits, 1);  // the server may have created the issue: never send it twice
}

TEST(ClientFaults, TooManyRequestsWaitsForResetThenSucceeds) {
  LocalServer srv;
  std::atomic<int> hits{0};
  std::atomic<long> reset{0}, retry_arrived{0};
  srv.server().Get("/api/v2/issues", [&](const httplib::Request&, httplib::Response& res) {
    if (hits++ == 0) {
      reset = epoch_now() + 1;
      res.status = 429;
      res.set_header("X-RateLimit-Remaining", "0");
      res.set_header("X-RateLimit-Reset", std::to_string(reset.load()));
      res.set_content(backlog_error_body(13, "Too many requests."), "application/json");
    } else {
      retry_arrived = epoch_now();
      res.set_content("[]", "application/json");
    }
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  EXPECT_EQ(client.get("/api/v2/issues").body, "[]");
  EXPECT_EQ(hits, 2);
  EXPECT_GE(retry_arrived.load(), reset.load());  // the retry was held until the reset second
  EXPECT_EQ(client.stats().retries, 1);
}

// The first answer says the budget is spent until the next second: no later request may
// reach the server before that second, from any of the client's workers.
static void expect_exhausted_limit_holds_later_requests(int parallel) {
  LocalServer srv;
  std::atomic<int> hits{0};
  std::atomic<long> reset{0}, earliest_after{0};
  srv.server().Get("/api/v2/issues", [&](const httplib::Request&, httplib::Response& res) {
    if (hits++ == 0) {
      reset = epoch_now() + 1;
      res.set_header("X-RateLimit-Remaining", "0");
      res.set_header("X-RateLimit-Reset", std::to_string(reset.load()));
    } else {
      long now = epoch_now(), seen = earliest_after.load();
      while ((seen == 0 || now < seen) && !earliest_after.compare_exchange_weak(seen, now)) {}
    }
    res.set_content("[]", "application/json");
  });
  srv.start();
  auto options = fast_options(srv.url());
  options.parallel = parallel;
  api::Client client(options);
  client.get("/api/v2/issues");
  std::vector<std::future<api::Response>> pending;
  for (int k = 0; k < 8; ++k) pending.push_back(client.get_async("/api/v2/issues", {{"offset", std::to_string(k)}}));
  for (auto& f : pending) EXPECT_EQ(f.get().status, 200);
  EXPECT_EQ(hits, 9);
  EXPECT_GE(earliest_after.load(), reset.load());  // no request was sent into an empty budget
  EXPECT_EQ(client.stats().retries, 0);            // held, not refused
}

TEST(ClientFaults, ExhaustedLimitHoldsTheNextRequestsUntilReset) { expect_exhausted_limit_holds_later_requests(1); }

// --parallel N still obeys the rate limit: one worker learns the budget is spent, and
// none of the N workers sends anything before the reset.
TEST(ClientFaults, ParallelWorkersShareTheExhaustedLimit) { expect_exhausted_limit_holds_later_requests(4); }

TEST(ClientFaults, DroppedConnectionIsRetried) {
  DroppingServer srv(1, R"({"spaceKey":"S"})");
  api::Client client(fast_options(srv.url()));
  EXPECT_EQ(client.get("/api/v2/space").body, R"({"spaceKey":"S"})");
  EXPECT_EQ(srv.connections(), 2);
  EXPECT_EQ(client.stats().retries, 1);
}

TEST(ClientFaults, ConnectionThatKeepsDroppingFailsWithClearMessage) {
  DroppingServer srv(100, "");
  auto options = fast_options(srv.url());
  options.max_retries = 2;
  api::Client client(options);
  api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
  EXPECT_EQ(std::string(e.what()),
            "GET /api/v2/space: connection to " + srv.url() +
                " dropped (Server returned nothing (no headers, no data)) (gave up after 2 retries)");
  EXPECT_EQ(e.http_status(), 0);
  EXPECT_EQ(srv.connections(), 3);
}

TEST(ClientFaults, TimeoutIsRetriedThenReported) {
  LocalServer srv;
  std::atomic<int> hits{0};
  srv.server().Get("/api/v2/space", [&](const httplib::Request& req, httplib::Response& res) {
    int n = hits++;
    if (n == 0 || req.has_param("always_slow"))
      std::this_thread::sleep_for(std::chrono::milliseconds(600));  // far beyond the 150 ms timeout
    res.set_content("{}", "application/json");
  });
  srv.start();
  auto options = fast_options(srv.url());
  options.timeout_ms = 150;
  options.max_retries = 1;
  api::Client client(options);
  EXPECT_EQ(client.get("/api/v2/space").body, "{}");  // first attempt timed out, second answered
  EXPECT_EQ(client.stats().retries, 1);

  options.max_retries = 0;
  api::Client impatient(options);
  api::ApiError e = api_error_of([&] { impatient.get("/api/v2/space", {{"always_slow", "1"}}); });
  EXPECT_EQ(std::string(e.what()), "GET /api/v2/space?always_slow=1: no complete answer from " + srv.url() +
                                       " within 150 ms (Timeout was reached)");
  EXPECT_EQ(e.http_status(), 0);
}

TEST(ClientFaults, ClosingTheClientFailsQueuedCalls) {
  LocalServer srv;
  std::atomic<int> hits{0};
  srv.server().Get("/api/v2/issues", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.status = 503;  // every call backs off for a long time
  });
  srv.start();
  auto options = fast_options(srv.url());
  options.retry_base_ms = 60000;
  options.retry_max_backoff_ms = 60000;
  std::vector<std::future<api::Response>> pending;
  {
    api::Client client(options);
    for (int k = 0; k < 3; ++k) pending.push_back(client.get_async("/api/v2/issues", {}));
    while (hits == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }  // destructor: interrupts the backoff instead of waiting a minute
  for (auto& f : pending) EXPECT_THROW(f.get(), api::ApiError);
}
