// Errors in Backlog's format and API-key authentication.
#include <gtest/gtest.h>

#include "api_client.h"

using namespace backlog::testing;

namespace {

void expect_error(const ApiResponse& r, int status, int code) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.json.IsObject()) << r.body;
  ASSERT_TRUE(r.json["errors"].IsArray());
  const auto& e = r.json["errors"][0];
  EXPECT_EQ(e["code"].GetInt(), code);
  EXPECT_TRUE(e["message"].IsString());
  EXPECT_TRUE(e["moreInfo"].IsString());
}

TEST(Errors, MissingOrWrongApiKeyIs401Code11) {
  EmulatorProcess emu({"--api-key", "s3cret"});
  ApiClient api(emu);
  expect_error(api.get("/space", false), 401, 11);
  expect_error(api.get("/issues?apiKey=wrong", false), 401, 11);
  ApiResponse ok = api.get("/space");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(std::string(ok.json["spaceKey"].GetString()), "demo");
  EXPECT_EQ(api.get("/space?apiKey=demo-key", false).status, 401);   // only the configured key
}

TEST(Errors, UnknownIdsAre404Code6) {
  EmulatorProcess emu;
  ApiClient api(emu);
  expect_error(api.get("/issues/999999"), 404, 6);
  expect_error(api.get("/issues/PRJ1-9999"), 404, 6);
  expect_error(api.get("/issues/NOPE-1"), 404, 6);
  expect_error(api.get("/projects/NOPE"), 404, 6);
  expect_error(api.get("/users/9999"), 404, 6);
  expect_error(api.get("/wikis/9999"), 404, 6);
  expect_error(api.get("/issues/1/comments/999999"), 404, 6);
  expect_error(api.get("/projects/1/git/repositories/nope/pullRequests"), 404, 6);
  expect_error(api.get("/no/such/path"), 404, 6);
}

TEST(Errors, BadParametersAre400Code7) {
  EmulatorProcess emu;
  ApiClient api(emu);
  expect_error(api.get("/issues?projectId[]=abc"), 400, 7);
  expect_error(api.get("/issues?createdSince=2020/01/01"), 400, 7);
  expect_error(api.get("/issues?order=sideways"), 400, 7);
  expect_error(api.get("/issues?attachment=maybe"), 400, 7);
  expect_error(api.get("/issues?parentChild=11"), 400, 7);
  expect_error(api.get("/wikis"), 400, 7);   // projectIdOrKey is required
  ApiResponse r = api.get("/issues?dueDateSince=yesterday");
  EXPECT_NE(r.body.find("dueDateSince"), std::string::npos);
}

TEST(Errors, IssueKeyAndIdBothResolve) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse by_key = api.get("/issues/PRJ2-3");
  ASSERT_EQ(by_key.status, 200);
  const int id = by_key.json["id"].GetInt();
  ApiResponse by_id = api.get("/issues/" + std::to_string(id));
  EXPECT_EQ(by_id.body, by_key.body);
  EXPECT_EQ(std::string(by_id.json["issueKey"].GetString()), "PRJ2-3");
  EXPECT_EQ(api.get("/projects/PRJ2").body, api.get("/projects/2").body);
}

}  // namespace
