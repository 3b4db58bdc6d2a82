// What a user sees when Backlog says no: SQLite errors that carry Backlog's status, code
// and message — and never the API key.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/emulator_process.h"
#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

constexpr const char* kSecret = "Sup3rSecretKey-do-not-print";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

api::ClientOptions quick() {
  api::ClientOptions o;
  o.max_retries = 1;
  o.connect_timeout_ms = 2000;
  o.timeout_ms = 5000;
  return o;
}

TEST(VtabErrors, WrongKeyNamesTheStatusAndHidesTheKey) {
  EmulatorProcess emu({"--issues", "20"});
  SourceDb src(emu.url(), kSecret, quick());
  std::string err = query_error(src.db(), "SELECT * FROM Projects");
  EXPECT_NE(err.find("401"), std::string::npos) << err;
  EXPECT_NE(err.find("11"), std::string::npos) << err;  // Backlog's authentication error code
  EXPECT_EQ(err.find(kSecret), std::string::npos) << err;
  for (const auto& t : src.trace) EXPECT_EQ(t.find(kSecret), std::string::npos) << t;
  for (const auto& t : src.trace_errors) EXPECT_EQ(t.find(kSecret), std::string::npos) << t;
  EXPECT_EQ(slurp(emu.log_path()).find(kSecret), std::string::npos);
}

TEST(VtabErrors, UnreachableSpaceSaysSo) {
  SourceDb src("http://127.0.0.1:1", kSecret, quick());
  std::string err = query_error(src.db(), "SELECT * FROM Users");
  EXPECT_FALSE(err.empty());
  EXPECT_NE(err.find("connect"), std::string::npos) << err;
  EXPECT_EQ(err.find(kSecret), std::string::npos) << err;
}

TEST(VtabErrors, UnknownProjectCarriesBacklogsMessage) {
  EmulatorProcess emu({"--issues", "20"});
  SourceDb src(emu.url(), emu.api_key(), quick());
  std::string err = query_error(src.db(), "SELECT * FROM ProjectStatuses WHERE ProjectId = 99999");
  EXPECT_NE(err.find("404"), std::string::npos) << err;
  EXPECT_NE(err.find("/api/v2/projects/99999/statuses"), std::string::npos) << err;
}

TEST(VtabErrors, MalformedJsonIsAClearError) {
  httplib::Server server;
  server.Get("/api/v2/projects", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("[{\"id\": 1, \"name\": ", "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread t([&] { server.listen_after_bind(); });
  {
    SourceDb src("http://127.0.0.1:" + std::to_string(port), kSecret, quick());
    std::string err = query_error(src.db(), "SELECT * FROM Projects");
    EXPECT_NE(err.find("malformed JSON"), std::string::npos) << err;
    EXPECT_NE(err.find("Projects"), std::string::npos) << err;
  }
  server.stop();
  t.join();
}

TEST(VtabErrors, FlakyAndRateLimitedServerGivesIdenticalRows) {
  // ~200 requests: the issue pages plus one comments call per issue. The rate limit is
  // high enough not to stall the test for a minute (429 waits are tested in tests/api)
  // but its headers still feed the client's limiter.
  EmulatorProcess clean({"--issues", "200", "--seed", "3"});
  EmulatorProcess flaky({"--issues", "200", "--seed", "3", "--fail-rate", "0.1", "--rate-limit", "100000"});
  api::ClientOptions o;
  o.max_retries = 8;
  o.retry_base_ms = 20;
  SourceDb a(clean.url(), clean.api_key());
  SourceDb b(flaky.url(), flaky.api_key(), o);
  for (const char* sql : {"SELECT * FROM Issues ORDER BY Id", "SELECT * FROM IssueComments ORDER BY Id"}) {
    Rows expected = query(a.db(), sql);
    Rows got = query(b.db(), sql);
    EXPECT_GE(expected.size(), 200u) << sql;
    EXPECT_EQ(got, expected) << sql;
  }
  size_t failures = 0;
  for (const auto& r : flaky.requests()) failures += r.status >= 500 || r.status == 0;
  EXPECT_GT(failures, 0u) << "the fault injection never fired";
}

}  // namespace
}  // namespace backlog::testing
