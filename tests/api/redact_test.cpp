// redact(): every secret form is masked, everything else is left alone.
#include <gtest/gtest.h>

#include "api/client.h"

using backlog::api::redact;

TEST(Redact, QueryParameters) {
  EXPECT_EQ(redact("/api/v2/issues?apiKey=abc123&count=100"), "/api/v2/issues?apiKey=***&count=100");
  EXPECT_EQ(redact("https://x.backlog.com/api/v2/space?APIKEY=abc"), "https://x.backlog.com/api/v2/space?APIKEY=***");
  EXPECT_EQ(redact("grant_type=refresh_token&refresh_token=r1&client_secret=s2&client_id=id"),
            "grant_type=refresh_token&refresh_token=***&client_secret=***&client_id=id");
  EXPECT_EQ(redact("code=xyz&redirect_uri=http%3A%2F%2Flocalhost"), "code=***&redirect_uri=http%3A%2F%2Flocalhost");
  EXPECT_EQ(redact("access_token=t0k3n password=hunter2"), "access_token=*** password=***");
}

TEST(Redact, LeavesLookalikesAndPlainTextAlone) {
  EXPECT_EQ(redact("errorcode=5&zipcode=123"), "errorcode=5&zipcode=123");
  EXPECT_EQ(redact("GET /api/v2/issues/PRJ1-999: HTTP 404, Backlog error 6 (No issue.)"),
            "GET /api/v2/issues/PRJ1-999: HTTP 404, Backlog error 6 (No issue.)");
  EXPECT_EQ(redact(""), "");
  EXPECT_EQ(redact("keyword=%E8%AA%B2&count=1"), "keyword=%E8%AA%B2&count=1");
}

TEST(Redact, JsonMembers) {
  EXPECT_EQ(redact(R"({"access_token":"a.b.c","token_type":"Bearer","refresh_token" : "r\"x"})"),
            R"({"access_token":"***","token_type":"Bearer","refresh_token" : "***"})");
  // Backlog's numeric error code is not a secret.
  EXPECT_EQ(redact(R"({"errors":[{"message":"No issue.","code":6}]})"), R"({"errors":[{"message":"No issue.","code":6}]})");
}

TEST(Redact, HeadersAndBearerTokens) {
  EXPECT_EQ(redact("Authorization: Bearer abc.def\r\nAccept: */*"), "Authorization: ***\r\nAccept: */*");
  EXPECT_EQ(redact("sent Bearer abc.def to server"), "sent Bearer *** to server");
  EXPECT_EQ(redact("authorization=Basic Zm9v"), "authorization=***");
}

TEST(Redact, EmptyAndTrailingValues) {
  EXPECT_EQ(redact("?apiKey="), "?apiKey=***");
  EXPECT_EQ(redact("apiKey=k#frag"), "apiKey=***#frag");
}
