// Real-service response shapes through the virtual tables.
//
// The other vtab tests talk to our emulator, which answers in the shapes we wrote it to
// answer in. The real Backlog answers in the shapes of its documentation
// (developer.nulab.com "Get Issue List", "Get Comment List", …) and of older spaces
// (nulab/backlog4j's test samples): null objects (assignee, resolution), fields missing
// entirely (userId, lastLoginTime, parentIssueId, status colors), floats for hours,
// custom field values that are a string, a number, an object, a list or null, Japanese
// text, escaped quotes/backslashes/\n/\u sequences, and fields we do not know.
//
// Each fixture in tests/vtab/real_shapes/ has the documented shape with our own values;
// a 127.0.0.1 server answers each request path with its fixture, and the tests check the
// exact typed values SQL sees (see vtab_fixture.h: "i:5", "t:abc", "f:1.5", "n" = NULL):
//
//   SELECT EstimatedHours, AssigneeId FROM Issues;               -- f:1.5 / n
//   SELECT count(*) FROM Issues, json_each(Issues.Categories);   -- arrays are JSON
//   SELECT Name FROM IssueCategories;                            -- the exploded views
#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

// Request path → fixture file; paths not listed answer 404 in Backlog's error format.
const std::map<std::string, std::string> kRoutes = {
    {"/api/v2/issues", "issues.json"},
    {"/api/v2/issues/1001/comments", "comments.json"},
    {"/api/v2/issues/1002/comments", ""},  // "" = an empty list
    {"/api/v2/issues/1003/comments", ""},
    {"/api/v2/projects", "projects.json"},
    {"/api/v2/projects/10/statuses", "statuses.json"},
    {"/api/v2/users", "users.json"},
    {"/api/v2/users/1/watchings", "watchings.json"},
    {"/api/v2/notifications", "notifications.json"},
    {"/api/v2/wikis", "wikis.json"},  // only for projectIdOrKey=10
    {"/api/v2/wikis/501", "wiki_501.json"},
    {"/api/v2/wikis/502", "wiki_502.json"},
    {"/api/v2/space", "space.json"},
    {"/api/v2/space/activities", "activities.json"},
    {"/api/v2/projects/10/git/repositories/3/pullRequests", "pull_requests.json"},
    {"/api/v2/projects/10/git/repositories/3/pullRequests/4", "pull_request_4.json"},
    {"/api/v2/projects/10/git/repositories/3/pullRequests/5", "pull_request_5.json"},
};

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(REAL_SHAPES_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What the real service does to a list that our fixtures leave to the server: the
// activityTypeId[] filter, and order=asc (minId/maxId lists come newest first by default;
// a scan that pushed ORDER BY Id asks for oldest first).
std::string answer_list(const std::string& json_array, const httplib::Request& req) {
  rapidjson::Document doc;
  doc.Parse(json_array.c_str());
  if (!doc.IsArray()) return json_array;
  if (size_t n = req.get_param_value_count("activityTypeId[]"); n > 0) {
    std::vector<std::string> types;
    for (size_t i = 0; i < n; ++i) types.push_back(req.get_param_value("activityTypeId[]", i));
    for (auto it = doc.Begin(); it != doc.End();) {
      bool wanted = std::ranges::find(types, std::to_string((*it)["type"].GetInt())) != types.end();
      it = wanted ? it + 1 : doc.Erase(it);
    }
  }
  if (req.get_param_value("order") == "asc") std::reverse(doc.Begin(), doc.End());
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  doc.Accept(writer);
  return out.GetString();
}

// Serves kRoutes on 127.0.0.1. Every fixture is one complete page: a later page (offset
// > 0) is empty, as the real service answers past the end.
class FixtureServer {
 public:
  FixtureServer() {
    server_.Get(".*", [](const httplib::Request& req, httplib::Response& res) {
      auto route = kRoutes.find(req.path);
      if (route == kRoutes.end()) {
        res.status = 404;
        res.set_content(R"({"errors":[{"message":"No such resource.","code":6,"moreInfo":""}]})",
                        "application/json;charset=utf-8");
        return;
      }
      bool past_end = req.has_param("offset") && req.get_param_value("offset") != "0";
      bool other_project =
          req.path == "/api/v2/wikis" && req.get_param_value("projectIdOrKey") != "10";
      bool empty = route->second.empty() || past_end || other_project;
      res.set_content(empty ? "[]" : answer_list(read_fixture(route->second), req),
                      "application/json;charset=utf-8");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FixtureServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

class RealShapes : public ::testing::Test {
 protected:
  Rows q(const std::string& sql) { return query(src_.db(), sql); }

  // Runs SELECT <columns> <rest> and compares with `expected` cell by cell, naming the
  // row and column of any difference.
  void expect_rows(const std::vector<std::string>& columns, const std::string& rest,
                   const Rows& expected) {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += " " + rest;
    Rows got = q(sql);
    ASSERT_EQ(got.size(), expected.size()) << sql;
    for (size_t r = 0; r < got.size(); ++r) {
      ASSERT_EQ(got[r].size(), expected[r].size()) << sql;
      for (size_t c = 0; c < got[r].size(); ++c)
        EXPECT_EQ(got[r][c], expected[r][c]) << "row " << r << ", " << columns[c] << " of: " << sql;
    }
  }

  FixtureServer server_;
  SourceDb src_{server_.url(), "any-key"};
};

// Every contract column of Issues, for a full issue, one with nulls and empty arrays, and
// one from an older space whose objects lack fields.
TEST_F(RealShapes, IssuesContractColumns) {
  expect_rows(
      {"Id", "ProjectId", "IssueKey", "KeyId", "IssueTypeId", "IssueTypeName", "Summary",
       "Description", "PriorityId", "PriorityName", "StatusId", "StatusName", "ResolutionId",
       "ResolutionName", "AssigneeId", "AssigneeName", "ParentIssueId", "StartDate", "DueDate",
       "EstimatedHours", "ActualHours", "CreatedUserId", "CreatedUserName", "Created",
       "UpdatedUserId", "UpdatedUserName", "Updated"},
      "FROM Issues ORDER BY Id",
      {
          {"i:1001", "i:10", "t:SHAPE-1", "i:1", "i:71", "t:バグ",
           "t:ログイン画面で \"Remember me\" が効かない",
           "t:再現手順:\n1. C:\\Users\\taro\\app を開く\n2. ボタンを押す\ttabé end", "i:2", "t:高",
           "i:3", "t:処理済み", "i:0", "t:対応済み", "i:5", "t:山田 花子", "n",
           "t:2024-04-15T00:00:00Z", "t:2024-05-20T00:00:00Z", "f:1.5", "f:12", "i:1",
           "t:管理者", "t:2024-04-10T01:02:03Z", "i:5", "t:山田 花子", "t:2024-05-03T23:59:59Z"},
          {"i:1002", "i:10", "t:SHAPE-2", "i:2", "i:72", "t:タスク", "t:子課題: 文言を修正", "t:",
           "i:3", "t:中", "i:1", "t:未対応", "n", "n", "n", "n", "i:1001", "n", "n", "n", "n",
           "i:5", "t:山田 花子", "t:2024-04-12T00:00:00Z", "i:5", "t:山田 花子",
           "t:2024-04-12T00:00:00Z"},
          {"i:1003", "i:11", "t:OLD-7", "i:7", "i:81", "t:Task", "t:Imported from an older space",
           "t:tab\there", "i:3", "t:Normal", "i:4", "t:Closed", "n", "n", "i:9", "t:legacy user",
           "n", "t:2014-07-15T15:00:00Z", "t:2014-07-23T15:00:00Z", "f:3", "f:0.25", "i:9",
           "t:legacy user", "t:2014-07-16T07:51:43Z", "i:9", "t:legacy user",
           "t:2014-07-16T10:42:47Z"},
      });
}

// Nested user objects: nulabAccount inside, lang null, and (older spaces) no userId or
// lastLoginTime at all.
TEST_F(RealShapes, IssuesNestedUsersAndMissingFields) {
  expect_rows({"AssigneeUserId", "AssigneeLang", "AssigneeMailAddress", "AssigneeLastLoginTime",
               "CreatedUserLang", "IssueTypeDisplayOrder", "StatusProjectId", "StatusColor",
               "StatusDisplayOrder"},
              "FROM Issues ORDER BY Id",
              {
                  {"t:hanako", "t:ja", "t:hanako@example.test", "t:2024-05-01T08:15:30Z", "n",
                   "i:0", "i:10", "t:#5eb5a6", "i:3000"},
                  {"n", "n", "n", "n", "t:ja", "i:1", "i:10", "t:#ed8077", "i:1000"},
                  {"n", "n", "t:legacy@example.test", "n", "n", "n", "n", "n", "n"},
              });
}

// Arrays are compact JSON text, valid for json_each; a missing array is NULL.
TEST_F(RealShapes, IssuesArraysAreJson) {
  expect_rows({"Categories", "Versions", "json_array_length(Milestones)", "CustomFields",
               "Attachments", "SharedFiles", "Stars"},
              "FROM Issues WHERE Id + 0 IN (1002, 1003) ORDER BY Id",
              {
                  {"t:[]", "t:[]", "i:2", "t:[]", "t:[]", "t:[]", "t:[]"},
                  {R"(t:[{"id":211,"name":"Legacy"}])", "t:[]", "i:0", "t:[]", "t:[]", "t:[]", "n"},
              });
  expect_rows(
      {"Categories", "json_array_length(Versions)", "json_extract(Versions, '$[1].releaseDueDate')",
       "json_extract(Milestones, '$[0].name')", "json_array_length(Attachments)",
       "json_extract(Attachments, '$[0].name')", "json_extract(SharedFiles, '$[0].dir')",
       "json_extract(SharedFiles, '$[0].updatedUser')", "json_extract(Stars, '$[0].presenter.name')",
       "json_extract(Stars, '$[0].comment')"},
      "FROM Issues WHERE Id + 0 = 1001",
      {{R"(t:[{"id":201,"projectId":10,"name":"フロントエンド","displayOrder":0},)"
        R"({"id":202,"projectId":10,"name":"認証","displayOrder":1}])",
        "i:2", "t:2024-06-30T00:00:00Z", "t:2024年5月", "i:2", "t:スクリーンショット.png",
        "t:/仕様/", "n", "t:管理者", "n"}});
  EXPECT_EQ(q("SELECT count(*) FROM Issues, json_each(Issues.Categories)"), (Rows{{"i:3"}}));
  EXPECT_EQ(q("SELECT Issues.Id, json_extract(m.value, '$.id') FROM Issues, "
              "json_each(Issues.Milestones) m ORDER BY 1, 2"),
            (Rows{{"i:1001", "i:311"}, {"i:1002", "i:311"}, {"i:1002", "i:312"}}));
}

// customFields values come as a string, a number, a list of items, one item, or null
// (with otherValue beside it).
TEST_F(RealShapes, IssuesCustomFieldValueShapes) {
  expect_rows({"json_extract(value, '$.id')", "json_extract(value, '$.fieldTypeId')",
               "json_extract(value, '$.name')", "json_type(value, '$.value')",
               "json_extract(value, '$.value')", "json_extract(value, '$.otherValue')"},
              "FROM Issues, json_each(Issues.CustomFields) WHERE Issues.Id + 0 = 1001 "
              "ORDER BY json_each.key",
              {
                  {"i:901", "i:1", "t:再現環境", "t:text", "t:Chrome 124 / \"macOS\"", "n"},
                  {"i:902", "i:3", "t:見積ポイント", "t:real", "f:3.25", "n"},
                  {"i:903", "i:6", "t:影響範囲", "t:array",
                   R"(t:[{"id":1,"name":"Web","displayOrder":0},{"id":3,"name":"iOS","displayOrder":2}])",
                   "n"},
                  {"i:904", "i:5", "t:顧客", "t:object", R"(t:{"id":7,"name":"A社","displayOrder":4})",
                   "n"},
                  {"i:905", "i:8", "t:確認者", "t:null", "n", "t:その他の人"},
              });
  // A user's question: which issues have "iOS" among the values of field 903?
  EXPECT_EQ(q("SELECT Issues.IssueKey FROM Issues, json_each(Issues.CustomFields) cf, "
              "json_each(cf.value, '$.value') v WHERE json_extract(cf.value, '$.id') = 903 "
              "AND json_extract(v.value, '$.name') = 'iOS'"),
            (Rows{{"t:SHAPE-1"}}));
}

// Unknown fields (childIssueSummary, limitDate) are ignored: SELECT * works, nothing errs.
TEST_F(RealShapes, IssuesUnknownFieldsIgnored) {
  EXPECT_EQ(query_error(src_.db(), "SELECT * FROM Issues"), "");
  EXPECT_EQ(q("SELECT count(*) FROM Issues"), (Rows{{"i:3"}}));
}

// Comments: "" content stays text, a \ud83d\ude80 pair becomes one UTF-8 character, the
// arrays stay JSON; IssueId comes from the request path.
TEST_F(RealShapes, IssueComments) {
  expect_rows({"Id", "IssueId", "ProjectId", "Content", "CreatedUserId", "CreatedUserName",
               "Created", "Updated", "json_array_length(ChangeLog)", "json_array_length(Stars)",
               "json_array_length(Notifications)"},
              "FROM IssueComments WHERE IssueId = 1001 ORDER BY Id",
              {
                  {"i:4001", "i:1001", "i:10", "t:", "i:1", "t:管理者", "t:2024-04-10T01:02:03Z",
                   "t:2024-04-10T01:02:03Z", "i:1", "i:0", "i:0"},
                  {"i:4002", "i:1001", "i:10",
                   "t:修正しました。\n詳細は `auth\\session.cpp` を参照 \"v1.1\" \xF0\x9F\x9A\x80",
                   "i:5", "t:山田 花子", "t:2024-05-03T23:59:59Z", "t:2024-05-04T00:10:00Z", "i:4",
                   "i:1", "i:1"},
              });
  // Without an IssueId the table walks Issues; issues without comments answer [].
  EXPECT_EQ(q("SELECT count(*) FROM IssueComments"), (Rows{{"i:2"}}));
}

// The views over each comment's changeLog / stars / notifications arrays; the *Info
// objects are null on most entries.
TEST_F(RealShapes, IssueCommentChildren) {
  expect_rows({"CommentId", "Field", "NewValue", "OriginalValue", "AttachmentInfoId",
               "AttachmentInfoType", "AttributeInfoId", "AttributeInfoTypeId",
               "NotificationInfoType"},
              "FROM IssueCommentChangeLog WHERE IssueId = 1001 ORDER BY CommentId, Field",
              {
                  {"i:4001", "t:notification", "n", "n", "n", "n", "n", "n", "t:issue.create"},
                  {"i:4002", "t:attachment", "t:log.txt", "n", "i:8002", "t:post", "n", "n", "n"},
                  {"i:4002", "t:resolution", "t:対応済み", "n", "n", "n", "n", "n", "n"},
                  {"i:4002", "t:status", "t:処理済み", "t:処理中", "n", "n", "n", "n", "n"},
                  {"i:4002", "t:影響範囲", "t:Web, iOS", "t:Web", "n", "n", "i:903", "i:6", "n"},
              });
  expect_rows({"CommentId", "Id", "Comment", "PresenterName", "Created"},
              "FROM IssueCommentStars WHERE IssueId = 1001",
              {{"i:4002", "i:6101", "n", "t:管理者", "t:2024-05-04T01:00:00Z"}});
  expect_rows({"CommentId", "Id", "AlreadyRead", "Reason", "UserId", "UserName",
               "ResourceAlreadyRead"},
              "FROM IssueCommentNotifications WHERE IssueId = 1001",
              {{"i:4002", "i:9901", "i:0", "i:2", "i:1", "t:管理者", "i:1"}});
}

TEST_F(RealShapes, IssueCategoriesVersionsMilestones) {
  expect_rows({"IssueId", "IssueKey", "ProjectId", "Id", "Name", "DisplayOrder"},
              "FROM IssueCategories ORDER BY IssueId, Id",
              {
                  {"i:1001", "t:SHAPE-1", "i:10", "i:201", "t:フロントエンド", "i:0"},
                  {"i:1001", "t:SHAPE-1", "i:10", "i:202", "t:認証", "i:1"},
                  {"i:1003", "t:OLD-7", "i:11", "i:211", "t:Legacy", "n"},
              });
  expect_rows({"IssueId", "Id", "Name", "Description", "StartDate", "ReleaseDueDate", "Archived",
               "DisplayOrder"},
              "FROM IssueVersions ORDER BY IssueId, Id",
              {
                  {"i:1001", "i:301", "t:v1.0", "t:", "n", "n", "i:1", "i:0"},
                  {"i:1001", "i:302", "t:v1.1", "t:修正版", "t:2024-04-01T00:00:00Z",
                   "t:2024-06-30T00:00:00Z", "i:0", "i:1"},
              });
  expect_rows({"IssueId", "IssueUpdated", "Id", "Name", "Description", "StartDate",
               "ReleaseDueDate"},
              "FROM IssueMilestones ORDER BY IssueId, Id",
              {
                  {"i:1001", "t:2024-05-03T23:59:59Z", "i:311", "t:2024年5月", "n",
                   "t:2024-05-01T00:00:00Z", "t:2024-05-31T00:00:00Z"},
                  {"i:1002", "t:2024-04-12T00:00:00Z", "i:311", "t:2024年5月", "n",
                   "t:2024-05-01T00:00:00Z", "t:2024-05-31T00:00:00Z"},
                  {"i:1002", "t:2024-04-12T00:00:00Z", "i:312", "t:2024年6月", "t:", "n", "n"},
              });
}

// The second project has the older shape: no useWiki/displayOrder…, extra useGantt.
TEST_F(RealShapes, Projects) {
  expect_rows({"Id", "ProjectKey", "Name", "Archived", "UseWiki", "DisplayOrder",
               "TextFormattingRule", "GrandchildIssueEnabled"},
              "FROM Projects ORDER BY Id",
              {
                  {"i:10", "t:SHAPE", "t:形のテスト", "i:0", "i:1", "i:0", "t:markdown", "i:0"},
                  {"i:11", "t:OLD", "t:Old \"legacy\" project", "i:1", "n", "n", "t:backlog", "n"},
              });
}

// nulabAccount: an object, null, or absent; userId null on Nulab-account-only users.
TEST_F(RealShapes, Users) {
  expect_rows({"Id", "UserId", "Name", "RoleType", "MailAddress", "Lang", "LastLoginTime",
               "NulabAccountNulabId", "NulabAccountUniqueId", "Keyword"},
              "FROM Users ORDER BY Id",
              {
                  {"i:1", "t:admin", "t:管理者", "i:1", "t:admin@example.test", "n",
                   "t:2024-05-02T00:00:00Z", "n", "n", "t:管理者 admin"},
                  {"i:5", "t:hanako", "t:山田 花子", "i:2", "t:hanako@example.test", "t:ja",
                   "t:2024-05-01T08:15:30Z", "t:Zq81nfKd02Lw", "t:hanako.y", "t:山田 花子 hanako"},
                  {"i:9", "n", "t:legacy user", "i:6", "t:legacy@example.test", "t:en", "n", "n",
                   "n", "n"},
              });
}

TEST_F(RealShapes, ProjectStatuses) {
  expect_rows({"ProjectId", "Id", "Name", "Color", "DisplayOrder"},
              "FROM ProjectStatuses WHERE ProjectId = 10 ORDER BY DisplayOrder",
              {
                  {"i:10", "i:1", "t:未対応", "t:#ed8077", "i:1000"},
                  {"i:10", "i:2", "t:処理中", "t:#4488c5", "i:2000"},
                  {"i:10", "i:12345", "t:レビュー待ち \"QA\"", "t:#f42858", "i:2500"},
                  {"i:10", "i:3", "t:処理済み", "t:#5eb5a6", "i:3000"},
                  {"i:10", "i:4", "t:完了", "t:#b0be3c", "i:4000"},
              });
}

// The list answer has no content; Content/Attachments come from GET /wikis/:id per page.
TEST_F(RealShapes, WikiPages) {
  expect_rows({"Id", "ProjectId", "Name", "Tags", "CreatedUserUserId", "CreatedUserName",
               "Created", "UpdatedUserName", "Updated"},
              "FROM WikiPages WHERE ProjectId = 10 ORDER BY Id",
              {
                  {"i:501", "i:10", "t:Home", R"(t:[{"id":41,"name":"入門"},{"id":42,"name":"ops"}])",
                   "t:admin", "t:管理者", "t:2023-12-01T00:00:00Z", "t:山田 花子",
                   "t:2024-02-29T12:00:00Z"},
                  {"i:502", "i:10", "t:手順/デプロイ", "t:[]", "n", "t:legacy user",
                   "t:2014-08-05T03:03:33Z", "t:legacy user", "t:2014-08-05T03:03:33Z"},
              });
  expect_rows({"Id", "Content", "json_extract(Attachments, '$[0].name')", "Stars"},
              "FROM WikiPages WHERE ProjectId = 10 ORDER BY Id",
              {
                  {"i:501", "t:# ようこそ\n\n```\necho \"hi\" > C:\\tmp\\out\n```", "t:図.png", "t:[]"},
                  {"i:502", "t:", "n", "t:[]"},
              });
}

TEST_F(RealShapes, Space) {
  expect_rows({"SpaceKey", "Name", "OwnerId", "Lang", "Timezone", "ReportSendTime",
               "TextFormattingRule", "Created", "Updated"},
              "FROM Space",
              {{"t:shape-space", "t:形の検証スペース", "i:1", "t:ja", "t:Asia/Tokyo", "t:08:00:00",
                "t:markdown", "t:2013-06-18T07:55:37Z", "t:2024-01-05T11:22:33Z"}});
}

// Activity content differs by type: issue (id, key_id, summary), wiki (id, name), file
// (id, dir), project user added (no id at all), pull request (id, number, summary).
TEST_F(RealShapes, SpaceUpdates) {
  expect_rows({"Id", "Type", "ProjectId", "ProjectKey", "ProjectName", "ContentId",
               "ContentKeyId", "ContentSummary", "Notifications", "CreatedUserId",
               "CreatedUserUserId", "Created"},
              "FROM SpaceUpdates ORDER BY Id",
              {
                  {"i:70001", "i:5", "i:10", "t:SHAPE", "t:形のテスト", "i:502", "n", "n", "t:[]",
                   "i:9", "n", "t:2014-08-05T03:03:33Z"},
                  {"i:70002", "i:2", "i:10", "t:SHAPE", "t:形のテスト", "i:1001", "i:1",
                   "t:ログイン画面で \"Remember me\" が効かない", "t:[]", "i:5", "t:hanako",
                   "t:2024-05-03T23:59:59Z"},
                  {"i:70003", "i:8", "i:10", "t:SHAPE", "t:形のテスト", "i:7001", "n", "n", "t:[]",
                   "i:1", "t:admin", "t:2024-03-01T00:00:00Z"},
                  {"i:70005", "i:15", "i:10", "t:SHAPE", "t:形のテスト", "n", "n", "n", "t:[]", "i:1",
                   "t:admin", "t:2024-05-04T12:00:00Z"},
                  {"i:70006", "i:18", "i:10", "t:SHAPE", "t:形のテスト", "i:61", "n",
                   "t:認証の修正", "t:[]", "i:5", "t:hanako", "t:2024-05-05T00:00:00Z"},
              });
  expect_rows({"json_extract(Content, '$.changes[1].new_value')",
               "json_extract(Content, '$.comment.id')"},
              "FROM SpaceUpdates WHERE Type = 2", {{"t:Web, iOS", "i:4002"}});
  expect_rows({"json_extract(Content, '$.users[0].name')", "json_extract(Content, '$.comment')"},
              "FROM SpaceUpdates WHERE Type = 15", {{"t:legacy user", "t:"}});
}

// The list nests only the issue's id ({"id": 31}, as documented); the other issue columns
// come from each pull request's single answer. Commits and times are null until merged.
TEST_F(RealShapes, PullRequests) {
  expect_rows({"Id", "ProjectId", "Number", "Summary", "Description", "Base", "Branch",
               "StatusId", "StatusName", "AssigneeId", "AssigneeName", "IssueId", "IssueKey",
               "IssueSummary", "IssueEstimatedHours", "BaseCommit", "MergeCommit", "CloseAt",
               "MergeAt", "CreatedUserName", "Created", "UpdatedUserName", "Updated",
               "json_extract(Attachments, '$[0].name')", "json_extract(Stars, '$[0].comment')"},
              "FROM PullRequests WHERE ProjectId = 10 AND RepositoryId = 3 ORDER BY Id",
              {
                  {"i:61", "i:10", "i:4", "t:認証の修正", "t:", "t:main", "t:fix/SHAPE-1", "i:3",
                   "t:Merged", "i:1", "t:管理者", "i:1001", "t:SHAPE-1",
                   "t:ログイン画面で \"Remember me\" が効かない", "f:1.5",
                   "t:5b1f3a0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a",
                   "t:f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed", "t:2024-05-05T09:30:00Z",
                   "t:2024-05-05T09:30:00Z", "t:山田 花子", "t:2024-05-05T00:00:00Z", "t:管理者",
                   "t:2024-05-05T09:30:00Z", "t:diff.patch", "t:助かります"},
                  {"i:62", "i:10", "i:5", "t:ドキュメント更新",
                   "t:README の \"Install\" 節\n\\n はそのまま", "t:main", "t:docs/readme", "i:1",
                   "t:Open", "n", "n", "i:31", "t:SHAPE-31", "t:README を直す", "n", "n", "n", "n", "n",
                   "t:山田 花子",
                   "t:2024-05-06T00:00:00Z", "t:山田 花子", "t:2024-05-06T00:00:00Z", "n", "n"},
              });
}

// Older pull request answers have no repositoryId: the column must still hold the
// repository the rows were asked for (it is the path placeholder PullRequestComments
// and PullRequestAttachments fan out with).
TEST_F(RealShapes, PullRequestsRepositoryIdWithoutField) {
  expect_rows({"Id", "RepositoryId"},
              "FROM PullRequests WHERE ProjectId = 10 AND RepositoryId = 3 ORDER BY Id",
              {{"i:61", "i:3"}, {"i:62", "i:3"}});
}

// A watching from the list (resourceAlreadyRead) and one in the older shape (alreadyRead).
TEST_F(RealShapes, Watchings) {
  expect_rows({"Id", "UserId", "AlreadyRead", "ResourceAlreadyRead", "Note", "Type", "IssueId",
               "IssueKey", "IssueTypeName", "IssueSummary", "IssueResolutionId",
               "IssueResolutionName", "IssueStatusName", "IssueAssigneeName",
               "IssueEstimatedHours", "IssueActualHours", "IssueUpdated", "LastContentUpdated",
               "Created", "Updated"},
              "FROM Watchings WHERE UserId = 1 ORDER BY Id",
              {
                  {"i:300", "i:1", "i:1", "n", "n", "t:issue", "i:1003", "t:OLD-7", "t:Task",
                   "t:Imported from an older space", "n", "n", "t:Closed", "n", "n", "n",
                   "t:2014-07-16T10:42:47Z", "t:2014-07-16T10:42:47Z", "t:2014-07-20T00:00:00Z",
                   "t:2014-07-20T00:00:00Z"},
                  {"i:301", "i:1", "n", "i:0", "t:毎週 \"確認\" する", "t:issue", "i:1001",
                   "t:SHAPE-1", "t:バグ", "t:ログイン画面で \"Remember me\" が効かない", "i:0",
                   "t:対応済み", "t:処理済み", "t:山田 花子", "f:1.5", "f:12",
                   "t:2024-05-03T23:59:59Z", "t:2024-05-03T23:59:59Z", "t:2024-04-10T02:00:00Z",
                   "t:2024-04-20T02:00:00Z"},
              });
}

// Notifications about an issue comment, a pull request comment (issue and comment null)
// and a project membership (no pullRequest fields at all).
TEST_F(RealShapes, Notifications) {
  expect_rows({"Id", "AlreadyRead", "Reason", "ResourceAlreadyRead", "ProjectId", "ProjectKey",
               "IssueId", "IssueKey", "IssueStatusName", "CommentId", "CommentContent",
               "PullRequestId", "PullRequestNumber", "PullRequestSummary", "PullRequestCommentId",
               "PullRequestCommentContent", "SenderId", "SenderName", "Created"},
              "FROM Notifications ORDER BY Id",
              {
                  {"i:9901", "i:1", "i:6", "i:0", "i:11", "t:OLD", "n", "n", "n", "n", "n", "n",
                   "n", "n", "n", "n", "i:1", "t:管理者", "t:2014-07-31T02:13:14Z"},
                  {"i:9902", "i:1", "i:2", "i:1", "i:10", "t:SHAPE", "i:1001", "t:SHAPE-1",
                   "t:処理中", "i:4002", "t:修正しました。\n詳細は `auth\\session.cpp` を参照", "n",
                   "n", "n", "n", "n", "i:5", "t:山田 花子", "t:2024-05-03T23:59:59Z"},
                  {"i:9903", "i:0", "i:11", "i:0", "i:10", "t:SHAPE", "n", "n", "n", "n", "n",
                   "i:61", "i:4", "t:認証の修正", "i:471", "t:LGTM 👍\nマージします", "i:1",
                   "t:管理者", "t:2024-05-05T09:29:00Z"},
              });
}
}  // namespace
}  // namespace backlog::testing
