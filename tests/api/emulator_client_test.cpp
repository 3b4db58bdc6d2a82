// Client against the real backlog-emulator: paging through every issue with pipelined
// requests while the emulator injects 500s, 503s and dropped connections; and a wrong key.
#include <gtest/gtest.h>

#include <set>

#include <httplib.h>

#include "api/client.h"
#include "api/json.h"
#include "api/oauth.h"
#include "api_error_of.h"
#include "support/emulator_process.h"

namespace api = backlog::api;
using api::testing::api_error_of;
using backlog::testing::EmulatorProcess;

namespace {
api::ClientOptions emulator_options(const EmulatorProcess& emu, const std::string& key) {
  api::ClientOptions o;
  o.base_url = emu.url();
  o.api_key = key;
  o.max_retries = 10;
  o.retry_base_ms = 1;
  o.retry_max_backoff_ms = 5;
  o.timeout_ms = 10000;
  return o;
}
}  // namespace

TEST(EmulatorClient, PagesThroughAllIssuesDespiteInjectedFaults) {
  EmulatorProcess emu({"--issues", "250", "--fail-rate", "0.4", "--seed", "11"});
  api::Client client(emulator_options(emu, emu.api_key()));
  std::set<long> ids;
  auto page = [&](int offset) {
    return client.get_async("/api/v2/issues", {{"count", "100"}, {"offset", std::to_string(offset)}, {"sort", "created"}, {"order", "asc"}});
  };
  std::future<api::Response> next = page(0);
  for (int offset = 0;; offset += 100) {
    api::Response r = next.get();
    next = page(offset + 100);  // on the wire while this page is parsed
    rapidjson::Document doc = api::parse_json(r, "GET /api/v2/issues");
    ASSERT_TRUE(doc.IsArray());
    for (const auto& issue : doc.GetArray()) ids.insert(issue["id"].GetInt64());
    if (doc.Size() < 100) break;
  }
  next.get();  // the speculative page after the end is simply empty
  EXPECT_EQ(ids.size(), 250u);
  EXPECT_GT(client.stats().retries, 0);  // seed 11 at 40 % does fail some requests
  int answered = 0;
  for (const auto& logged : emu.requests())
    if (logged.path == "/api/v2/issues" && logged.status == 200) ++answered;
  EXPECT_EQ(answered, 4);  // offsets 0, 100, 200 and the empty 300
}

TEST(EmulatorClient, WrongApiKeyIsABacklogAuthenticationError) {
  EmulatorProcess emu({"--issues", "10"});
  const std::string key = "wrong-key-8d1e77";
  api::Client client(emulator_options(emu, key));
  api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
  EXPECT_EQ(e.http_status(), 401);
  EXPECT_EQ(e.backlog_code(), 11);
  EXPECT_EQ(std::string(e.what()).rfind("GET /api/v2/space: HTTP 401, Backlog error 11", 0), 0u) << e.what();
  EXPECT_EQ(std::string(e.what()).find(key), std::string::npos);
}

TEST(EmulatorClient, OAuthLoginThenRefreshOfARejectedToken) {
  EmulatorProcess emu({"--issues", "10"});
  // The login: the emulator approves at once and redirects to redirect_uri with a code.
  httplib::Client browser("127.0.0.1", emu.port());
  auto approval = browser.Get(
      "/OAuth2AccessRequest.action?response_type=code&client_id=demo-client&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=s1");
  ASSERT_TRUE(approval);
  ASSERT_EQ(approval->status, 302);
  std::string location = approval->get_header_value("Location");
  auto at = location.find("code=");
  ASSERT_NE(at, std::string::npos) << location;
  std::string code = location.substr(at + 5, location.find('&', at) - at - 5);

  api::OAuthTokens tokens =
      api::exchange_authorization_code(emu.url(), "demo-client", "demo-secret", code, "http://localhost/cb");
  ASSERT_FALSE(tokens.access_token.empty());
  ASSERT_FALSE(tokens.refresh_token.empty());

  // A stale access token (as after a restart from persisted tokens): 401 code 11 → refresh.
  std::vector<api::OAuthTokens> refreshed;
  api::ClientOptions options = emulator_options(emu, "");
  options.oauth = tokens;
  options.oauth.access_token = "stale-token";
  options.oauth.on_refresh = [&refreshed](const api::OAuthTokens& t) { refreshed.push_back(t); };
  api::Client client(options);
  api::Response me = client.get("/api/v2/users/myself");
  EXPECT_EQ(me.status, 200);
  ASSERT_EQ(refreshed.size(), 1u);
  EXPECT_NE(refreshed[0].access_token, "stale-token");
  EXPECT_EQ(client.get("/api/v2/users/myself").status, 200);
  EXPECT_EQ(refreshed.size(), 1u);  // the new token keeps working

  std::vector<std::string> calls;
  for (const auto& logged : emu.requests()) calls.push_back(logged.method + " " + logged.path + " " + std::to_string(logged.status));
  EXPECT_EQ(calls, (std::vector<std::string>{"GET /OAuth2AccessRequest.action 302", "POST /api/v2/oauth2/token 200",
                                             "GET /api/v2/users/myself 401", "POST /api/v2/oauth2/token 200",
                                             "GET /api/v2/users/myself 200", "GET /api/v2/users/myself 200"}));
}
