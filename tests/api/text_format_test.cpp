// Wording of errors, JSON parse failures and trace lines — all in one format.
#include <gtest/gtest.h>

#include <curl/curl.h>

#include "api/errors.h"
#include "api/json.h"
#include "api/trace.h"
#include "api_error_of.h"

namespace api = backlog::api;
using api::testing::api_error_of;

TEST(ErrorText, BacklogErrorBody) {
  api::ApiError e = api::http_error("GET", "/api/v2/issues/PRJ1-999", 404,
                                    R"({"errors":[{"message":"No issue.","code":6,"moreInfo":""}]})", 0);
  EXPECT_STREQ(e.what(), "GET /api/v2/issues/PRJ1-999: HTTP 404, Backlog error 6 (No issue.)");
  EXPECT_EQ(e.http_status(), 404);
  EXPECT_EQ(e.backlog_code(), 6);
}

TEST(ErrorText, SeveralErrorsAreJoinedAndMoreInfoKept) {
  api::ApiError e = api::http_error(
      "POST", "/api/v2/issues", 400,
      R"({"errors":[{"message":"Invalid summary.","code":7,"moreInfo":"summary is empty"},{"message":"No project.","code":6}]})",
      0);
  EXPECT_STREQ(e.what(),
               "POST /api/v2/issues: HTTP 400, Backlog error 7 (Invalid summary.: summary is empty); "
               "Backlog error 6 (No project.)");
  EXPECT_EQ(e.backlog_code(), 7);
}

TEST(ErrorText, NonJsonBodiesAreSummarized) {
  api::ApiError html = api::http_error("GET", "/api/v2/space", 502,
                                       "<html><head><title>502 Bad Gateway</title></head><body>…</body></html>", 3);
  EXPECT_STREQ(html.what(), "GET /api/v2/space: HTTP 502, body: \"502 Bad Gateway\" (gave up after 3 retries)");
  EXPECT_EQ(html.backlog_code(), 0);

  std::string long_text(1000, 'x');
  api::ApiError text = api::http_error("GET", "/api/v2/space", 500, "oops\n\n  " + long_text, 1);
  std::string what = text.what();
  EXPECT_EQ(what.find('\n'), std::string::npos);
  EXPECT_LT(what.size(), 220u);
  EXPECT_NE(what.find("body: \"oops xxx"), std::string::npos);
  EXPECT_NE(what.find("(gave up after 1 retry)"), std::string::npos);

  EXPECT_STREQ(api::http_error("GET", "/x", 503, "", 0).what(), "GET /x: HTTP 503");
}

TEST(ErrorText, TransportFailuresNameTheServer) {
  api::ApiError e = api::transport_error("GET", "/api/v2/space", "http://127.0.0.1:1", CURLE_COULDNT_CONNECT, 1000, 0);
  EXPECT_STREQ(e.what(), "GET /api/v2/space: cannot connect to http://127.0.0.1:1 (Couldn't connect to server)");
  EXPECT_EQ(e.http_status(), 0);
  api::ApiError t = api::transport_error("GET", "/a", "http://h", CURLE_OPERATION_TIMEDOUT, 250, 2);
  EXPECT_STREQ(t.what(), "GET /a: no complete answer from http://h within 250 ms (Timeout was reached) (gave up after 2 retries)");
}

TEST(ErrorText, TargetsAndBodiesAreRedacted) {
  api::ApiError e = api::http_error("GET", "/api/v2/space?apiKey=SEKRIT", 401,
                                    R"({"errors":[{"message":"bad key apiKey=SEKRIT","code":11}]})", 0);
  EXPECT_EQ(std::string(e.what()).find("SEKRIT"), std::string::npos) << e.what();
  api::ApiError body = api::http_error("POST", "/api/v2/oauth2/token", 400, R"({"refresh_token":"SEKRIT"})", 0);
  EXPECT_EQ(std::string(body.what()).find("SEKRIT"), std::string::npos) << body.what();
}

TEST(ParseJson, ParsesAndReportsOffsetOfMalformedText) {
  rapidjson::Document ok = api::parse_json({200, R"([{"id":1}])"}, "GET /api/v2/projects");
  ASSERT_TRUE(ok.IsArray());
  EXPECT_EQ(ok[0]["id"].GetInt(), 1);

  api::ApiError e = api_error_of([&] { api::parse_json({200, R"({"id":1,)"}, "GET /api/v2/space"); });
  EXPECT_EQ(std::string(e.what()).rfind("GET /api/v2/space: malformed JSON from Backlog at offset 8", 0), 0u)
      << e.what();
  EXPECT_EQ(e.http_status(), 200);
}

TEST(TraceText, OneLinePerCall) {
  api::TraceEntry ok{"GET", "/api/v2/issues?count=100", 200, 12.345, 5120, 0, ""};
  EXPECT_EQ(api::format_trace(ok), "api GET /api/v2/issues?count=100 -> 200 in 12.3 ms, 5120 bytes");
  api::TraceEntry bad{"GET", "/api/v2/space?apiKey=zzz", 0, 3.0, 0, 2, "GET /api/v2/space: cannot connect"};
  EXPECT_EQ(api::format_trace(bad),
            "api GET /api/v2/space?apiKey=*** -> 0 in 3.0 ms, 0 bytes, 2 retries, error: GET /api/v2/space: cannot connect");
}
