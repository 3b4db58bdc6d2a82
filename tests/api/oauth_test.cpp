// OAuth 2.0: bearer auth, refresh on 401 (Backlog error 11) and before expiry, on_refresh,
// the authorization-code exchange — and no token or client secret in any message.
#include <gtest/gtest.h>

#include <mutex>

#include "api/client.h"
#include "api/oauth.h"
#include "api_error_of.h"
#include "local_server.h"

namespace api = backlog::api;
using api::testing::LocalServer;
using api::testing::api_error_of;
using api::testing::backlog_error_body;
using api::testing::fast_options;

namespace {

// A token endpoint plus /api/v2/space that accepts only the current access token.
struct OAuthServer {
  LocalServer srv;
  std::mutex mu;
  std::string valid_token = "new-access";
  std::vector<std::string> token_requests;   // "grant_type client_id client_secret refresh_token|code redirect_uri"
  std::vector<std::string> space_auth;       // Authorization header of each /space call

  OAuthServer() {
    srv.server().Post("/api/v2/oauth2/token", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      std::string grant = req.get_param_value("grant_type");
      token_requests.push_back(grant + " " + req.get_param_value("client_id") + " " +
                               req.get_param_value("client_secret") + " " +
                               req.get_param_value(grant == "refresh_token" ? "refresh_token" : "code") +
                               (grant == "authorization_code" ? " " + req.get_param_value("redirect_uri") : ""));
      if (req.get_param_value("client_secret") != "secret-s") {
        res.status = 400;
        res.set_content(R"({"error":"invalid_client","refresh_token":"should-not-leak"})", "application/json");
        return;
      }
      res.set_content(R"({"access_token":"new-access","token_type":"Bearer","expires_in":3600,"refresh_token":"new-refresh"})",
                      "application/json");
    });
    srv.server().Get("/api/v2/space", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      std::string auth = req.get_header_value("Authorization");
      space_auth.push_back(auth);
      if (auth != "Bearer " + valid_token || req.has_param("apiKey")) {
        res.status = 401;
        res.set_content(backlog_error_body(11, "Authentication failure."), "application/json");
        return;
      }
      res.set_content(R"({"spaceKey":"S"})", "application/json");
    });
    srv.start();
  }
};

api::ClientOptions oauth_options(const std::string& url, std::vector<api::OAuthTokens>* refreshed) {
  api::ClientOptions o = fast_options(url, "");
  o.oauth.access_token = "old-access";
  o.oauth.refresh_token = "old-refresh";
  o.oauth.client_id = "client-c";
  o.oauth.client_secret = "secret-s";
  o.oauth.on_refresh = [refreshed](const api::OAuthTokens& t) { refreshed->push_back(t); };
  return o;
}

}  // namespace

TEST(OAuth, RejectedTokenIsRefreshedAndTheCallRetried) {
  OAuthServer server;
  std::vector<api::OAuthTokens> refreshed;
  api::Client client(oauth_options(server.srv.url(), &refreshed));
  EXPECT_EQ(client.get("/api/v2/space").body, R"({"spaceKey":"S"})");
  EXPECT_EQ(client.get("/api/v2/space").body, R"({"spaceKey":"S"})");  // keeps the new token

  std::lock_guard lock(server.mu);
  EXPECT_EQ(server.token_requests, (std::vector<std::string>{"refresh_token client-c secret-s old-refresh"}));
  EXPECT_EQ(server.space_auth,
            (std::vector<std::string>{"Bearer old-access", "Bearer new-access", "Bearer new-access"}));
  ASSERT_EQ(refreshed.size(), 1u);
  EXPECT_EQ(refreshed[0].access_token, "new-access");
  EXPECT_EQ(refreshed[0].refresh_token, "new-refresh");
  EXPECT_EQ(refreshed[0].client_id, "client-c");
  EXPECT_GT(refreshed[0].expires_at, std::chrono::system_clock::now() + std::chrono::minutes(50));
}

TEST(OAuth, TokenNearExpiryIsRefreshedBeforeTheCall) {
  OAuthServer server;
  std::vector<api::OAuthTokens> refreshed;
  auto options = oauth_options(server.srv.url(), &refreshed);
  options.oauth.expires_at = std::chrono::system_clock::now() + std::chrono::seconds(10);  // within the 60 s margin
  api::Client client(options);
  EXPECT_EQ(client.get("/api/v2/space").status, 200);
  std::lock_guard lock(server.mu);
  EXPECT_EQ(server.token_requests.size(), 1u);
  EXPECT_EQ(server.space_auth, (std::vector<std::string>{"Bearer new-access"}));  // never sent the old one
  EXPECT_EQ(refreshed.size(), 1u);
}

TEST(OAuth, FreshTokenRejectedAgainIsAnErrorNotALoop) {
  OAuthServer server;
  server.valid_token = "nobody-has-this";
  std::vector<api::OAuthTokens> refreshed;
  api::Client client(oauth_options(server.srv.url(), &refreshed));
  api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
  EXPECT_EQ(e.http_status(), 401);
  EXPECT_EQ(e.backlog_code(), 11);
  std::string what = e.what();
  EXPECT_EQ(what.rfind("GET /api/v2/space: HTTP 401, Backlog error 11 (Authentication failure.)", 0), 0u) << what;
  std::lock_guard lock(server.mu);
  EXPECT_EQ(server.token_requests.size(), 1u);
  EXPECT_EQ(server.space_auth.size(), 2u);
}

TEST(OAuth, FailedRefreshReportsWithoutSecrets) {
  OAuthServer server;
  std::vector<api::OAuthTokens> refreshed;
  auto options = oauth_options(server.srv.url(), &refreshed);
  options.oauth.client_secret = "wrong-secret-x91";
  std::vector<std::string> traced;
  options.trace = [&traced](const api::TraceEntry& e) { traced.push_back(e.target + " " + e.error); };
  api::Client client(options);
  api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
  std::string what = e.what();
  EXPECT_EQ(what.rfind("POST /api/v2/oauth2/token: HTTP 400", 0), 0u) << what;
  for (const char* secret : {"wrong-secret-x91", "old-access", "old-refresh", "should-not-leak"})
    EXPECT_EQ(what.find(secret), std::string::npos) << what;
  ASSERT_EQ(traced.size(), 1u);
  for (const char* secret : {"wrong-secret-x91", "old-access", "old-refresh", "should-not-leak"})
    EXPECT_EQ(traced[0].find(secret), std::string::npos) << traced[0];
  EXPECT_TRUE(refreshed.empty());
}

TEST(OAuth, ExchangesAuthorizationCode) {
  OAuthServer server;
  api::OAuthTokens t = api::exchange_authorization_code(server.srv.url(), "client-c", "secret-s", "the-code",
                                                        "http://localhost:8910/callback");
  EXPECT_EQ(t.access_token, "new-access");
  EXPECT_EQ(t.refresh_token, "new-refresh");
  EXPECT_EQ(t.client_id, "client-c");
  EXPECT_EQ(t.client_secret, "secret-s");
  EXPECT_GT(t.expires_at, std::chrono::system_clock::now() + std::chrono::minutes(50));
  std::lock_guard lock(server.mu);
  EXPECT_EQ(server.token_requests, (std::vector<std::string>{
                                       "authorization_code client-c secret-s the-code http://localhost:8910/callback"}));
}

TEST(OAuth, StandaloneRefresh) {
  OAuthServer server;
  api::OAuthTokens old;
  old.refresh_token = "r0";
  old.client_id = "client-c";
  old.client_secret = "secret-s";
  api::OAuthTokens t = api::refresh_oauth_tokens(server.srv.url(), old);
  EXPECT_EQ(t.access_token, "new-access");
  EXPECT_EQ(t.refresh_token, "new-refresh");
  std::lock_guard lock(server.mu);
  EXPECT_EQ(server.token_requests, (std::vector<std::string>{"refresh_token client-c secret-s r0"}));
}
