// OAuth 2.0: authorization code → token → Bearer requests, refresh, and expiry.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api_client.h"

using namespace backlog::testing;

namespace {

// Runs the authorization step and returns the code from the redirect.
std::string authorize(ApiClient& api, const std::string& state) {
  ApiResponse r = api.raw_get("/OAuth2AccessRequest.action?response_type=code&client_id=demo-client"
                              "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=" + state);
  EXPECT_EQ(r.status, 302);
  const std::string location = r.header("Location");
  EXPECT_EQ(location.rfind("http://localhost/cb?code=", 0), 0u) << location;
  EXPECT_NE(location.find("&state=" + state), std::string::npos) << location;
  const auto start = location.find("code=") + 5;
  return location.substr(start, location.find('&', start) - start);
}

ApiResponse token(ApiClient& api, const std::string& form) { return api.post_form_raw("/api/v2/oauth2/token", form); }

TEST(OAuth, CodeGrantGivesABearerTokenThatWorks) {
  EmulatorProcess emu;
  ApiClient api(emu);
  const std::string code = authorize(api, "xyz");
  ApiResponse t = token(api, "grant_type=authorization_code&code=" + code +
                                 "&client_id=demo-client&client_secret=demo-secret&redirect_uri=http%3A%2F%2Flocalhost%2Fcb");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(std::string(t.json["token_type"].GetString()), "Bearer");
  EXPECT_EQ(t.json["expires_in"].GetInt(), 3600);
  ASSERT_TRUE(t.json["refresh_token"].IsString());
  const std::string access = t.json["access_token"].GetString();
  ApiResponse me = api.get_with_bearer("/users/myself", access);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(std::string(me.json["userId"].GetString()), "admin");
  // A code is single use; a wrong secret or unknown token is refused.
  EXPECT_EQ(token(api, "grant_type=authorization_code&code=" + code + "&client_id=demo-client&client_secret=demo-secret").status, 400);
  EXPECT_EQ(token(api, "grant_type=authorization_code&code=" + authorize(api, "s") +
                           "&client_id=demo-client&client_secret=wrong").status, 401);
  ApiResponse bad = api.get_with_bearer("/users/myself", "not-a-token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.error_code(), 11);
  EXPECT_NE(bad.header("WWW-Authenticate").find("Bearer"), std::string::npos);
}

TEST(OAuth, TokensExpireAndRefreshWorks) {
  EmulatorProcess emu({"--token-ttl", "2"});
  ApiClient api(emu);
  ApiResponse t = token(api, "grant_type=authorization_code&code=" + authorize(api, "a") +
                                 "&client_id=demo-client&client_secret=demo-secret&redirect_uri=http%3A%2F%2Flocalhost%2Fcb");
  ASSERT_EQ(t.status, 200);
  const std::string access = t.json["access_token"].GetString();
  const std::string refresh = t.json["refresh_token"].GetString();
  // After 2.3 s the 2-second token has expired; a refreshed one is good for 2 s more.
  std::this_thread::sleep_for(std::chrono::milliseconds(2300));
  ApiResponse expired = api.get_with_bearer("/space", access);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.error_code(), 11);
  EXPECT_NE(expired.header("WWW-Authenticate").find("invalid_token"), std::string::npos);
  ApiResponse r = token(api, "grant_type=refresh_token&refresh_token=" + refresh + "&client_id=demo-client&client_secret=demo-secret");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string fresh = r.json["access_token"].GetString();
  EXPECT_NE(fresh, access);
  EXPECT_EQ(api.get_with_bearer("/space", fresh).status, 200);
  // The old refresh token was consumed.
  EXPECT_EQ(token(api, "grant_type=refresh_token&refresh_token=" + refresh + "&client_id=demo-client&client_secret=demo-secret").status, 400);
}

}  // namespace
