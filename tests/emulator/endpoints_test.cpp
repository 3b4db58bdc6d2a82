// Every read endpoint answers 200 with the documented shape (field names and nesting as in
// the API reference), and the curl example from the brief works.
#include <gtest/gtest.h>

#include "api_client.h"

using namespace backlog::testing;

namespace {

void expect_fields(const rapidjson::Value& v, std::initializer_list<const char*> names, const std::string& where) {
  ASSERT_TRUE(v.IsObject()) << where;
  for (const char* n : names) EXPECT_TRUE(v.HasMember(n)) << where << " lacks " << n;
}

class Endpoints : public ::testing::Test {
 protected:
  Endpoints() : emu_({"--seed", "2"}), api_(emu_) {}
  ApiResponse ok(const std::string& target) {
    ApiResponse r = api_.get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_FALSE(r.json.IsNull()) << target;
    return r;
  }
  EmulatorProcess emu_;
  ApiClient api_;
};

TEST_F(Endpoints, IssueHasTheDocumentedShape) {
  ApiResponse r = ok("/issues?projectId[]=1&count=100&offset=50");   // the brief's curl example
  ASSERT_EQ(r.json.Size(), 50u);
  const auto& i = r.json[0];
  expect_fields(i, {"id", "projectId", "issueKey", "keyId", "issueType", "summary", "description", "resolution",
                    "priority", "status", "assignee", "category", "versions", "milestone", "startDate", "dueDate",
                    "estimatedHours", "actualHours", "parentIssueId", "createdUser", "created", "updatedUser",
                    "updated", "customFields", "attachments", "sharedFiles", "stars"}, "issue");
  expect_fields(i["issueType"], {"id", "projectId", "name", "color", "displayOrder"}, "issueType");
  expect_fields(i["status"], {"id", "projectId", "name", "color", "displayOrder"}, "status");
  expect_fields(i["createdUser"], {"id", "userId", "name", "roleType", "lang", "mailAddress", "nulabAccount", "lastLoginTime"}, "user");
  EXPECT_TRUE(i["created"].IsString());
  EXPECT_EQ(std::string(i["created"].GetString()).size(), 20u);   // 2014-07-16T07:51:43Z
  EXPECT_EQ(i["customFields"].Size(), 5u);
  int nulls = 0;
  for (const auto& x : r.json.GetArray()) nulls += x["assignee"].IsNull() + x["dueDate"].IsNull() + x["resolution"].IsNull();
  EXPECT_GT(nulls, 0);
}

TEST_F(Endpoints, ChildIssueSummaryOnRequest) {
  ApiResponse parents = ok("/issues?parentChild=4&count=1&expand[]=childIssueSummary");
  ASSERT_EQ(parents.json.Size(), 1u);
  const auto& summary = parents.json[0]["childIssueSummary"];
  const std::string id = std::to_string(parents.json[0]["id"].GetInt());
  ApiResponse kids = ok("/issues/count?parentIssueId[]=" + id);
  EXPECT_EQ(summary["total"].GetInt(), kids.json["count"].GetInt());
  ApiResponse closed = ok("/issues/count?statusId[]=4&parentIssueId[]=" + id);
  EXPECT_EQ(summary["closed"].GetInt(), closed.json["count"].GetInt());
  EXPECT_FALSE(ok("/issues/" + id).json.HasMember("childIssueSummary"));
  EXPECT_TRUE(ok("/issues/" + id + "?expand[]=childIssueSummary").json.HasMember("childIssueSummary"));
}

TEST_F(Endpoints, SpaceUsersProjectsAndTheirLists) {
  expect_fields(ok("/space").json, {"spaceKey", "name", "ownerId", "lang", "timezone", "reportSendTime", "textFormattingRule", "created", "updated"}, "space");
  expect_fields(ok("/space/diskUsage").json, {"capacity", "issue", "wiki", "file", "subversion", "git", "gitLFS", "details"}, "diskUsage");
  expect_fields(ok("/space/notification").json, {"content", "updated"}, "notification");
  expect_fields(ok("/space/licence").json, {"active", "licenceTypeId", "startedOn", "limitDate"}, "licence");
  EXPECT_EQ(ok("/users").json.Size(), 10u);
  EXPECT_EQ(ok("/users/myself").json["id"].GetInt(), 1);
  ApiResponse projects = ok("/projects");
  ASSERT_EQ(projects.json.Size(), 3u);
  expect_fields(projects.json[0], {"id", "projectKey", "name", "chartEnabled", "subtaskingEnabled", "textFormattingRule", "archived", "displayOrder"}, "project");
  EXPECT_EQ(std::string(projects.json[2]["projectKey"].GetString()), "PRJ3");
  for (const char* list : {"users", "administrators", "teams", "issueTypes", "categories", "versions", "statuses", "customFields"}) {
    ApiResponse r = ok(std::string("/projects/PRJ1/") + list);
    EXPECT_GT(r.json.Size(), 0u) << list;
  }
  ApiResponse fields = ok("/projects/1/customFields");
  std::vector<int> types;
  for (const auto& f : fields.json.GetArray()) types.push_back(f["typeId"].GetInt());
  EXPECT_EQ(types, (std::vector<int>{1, 3, 4, 5, 6}));
  expect_fields(ok("/projects/1/versions").json[0], {"id", "projectId", "name", "description", "startDate", "releaseDueDate", "archived", "displayOrder"}, "version");
  expect_fields(ok("/projects/1/diskUsage").json, {"projectId", "issue", "wiki", "file"}, "projectDiskUsage");
  ApiResponse files = ok("/projects/1/files/metadata/docs");
  ASSERT_GT(files.json.Size(), 0u);
  EXPECT_EQ(std::string(files.json[0]["dir"].GetString()), "/docs/");
  EXPECT_EQ(ok("/priorities").json.Size(), 3u);
  EXPECT_EQ(ok("/resolutions").json.Size(), 5u);
}

TEST_F(Endpoints, CommentsWikisGitAndPersonalLists) {
  ApiResponse comments = ok("/issues/PRJ1-1/comments?count=100");
  if (comments.json.Size() > 0)
    expect_fields(comments.json[0], {"id", "content", "changeLog", "createdUser", "created", "updated", "stars", "notifications"}, "comment");
  ApiResponse wikis = ok("/wikis?projectIdOrKey=PRJ1");
  ASSERT_EQ(wikis.json.Size(), 5u);
  expect_fields(wikis.json[0], {"id", "projectId", "name", "tags", "createdUser", "created", "updatedUser", "updated"}, "wikiListItem");
  expect_fields(ok("/wikis/1").json, {"id", "projectId", "name", "content", "tags", "attachments", "sharedFiles", "stars"}, "wiki");
  expect_fields(ok("/wikis/1/history").json[0], {"pageId", "version", "name", "content", "createdUser", "created"}, "history");
  EXPECT_EQ(ok("/wikis/tags?projectIdOrKey=PRJ1").json.Size(), 4u);
  ApiResponse repos = ok("/projects/PRJ1/git/repositories");
  ASSERT_EQ(repos.json.Size(), 2u);
  expect_fields(repos.json[0], {"id", "projectId", "name", "description", "hookUrl", "httpUrl", "sshUrl", "displayOrder", "pushedAt"}, "repo");
  ApiResponse prs = ok("/projects/PRJ1/git/repositories/app/pullRequests?count=100");
  ASSERT_GT(prs.json.Size(), 0u);
  expect_fields(prs.json[0], {"id", "projectId", "repositoryId", "number", "summary", "description", "base", "branch", "status", "assignee", "issue", "baseCommit", "branchCommit", "mergeCommit", "closeAt", "mergeAt", "createdUser", "created", "updatedUser", "updated", "attachments", "stars"}, "pullRequest");
  ApiResponse merged = ok("/projects/PRJ1/git/repositories/app/pullRequests?statusId[]=3&count=100");
  for (const auto& pr : merged.json.GetArray()) EXPECT_EQ(pr["status"]["id"].GetInt(), 3);
  EXPECT_EQ(ok("/projects/PRJ1/git/repositories/app/pullRequests/count?statusId[]=3").json["count"].GetInt(),
            static_cast<int>(merged.json.Size()));
  ok("/projects/PRJ1/git/repositories/1/pullRequests/1/comments");
  expect_fields(ok("/notifications?count=5").json[0], {"id", "alreadyRead", "reason", "resourceAlreadyRead", "project", "issue", "comment", "sender", "created"}, "notification");
  EXPECT_EQ(ok("/notifications/count").json["count"].GetInt(), 40);
  expect_fields(ok("/users/2/watchings").json[0], {"id", "resourceAlreadyRead", "note", "type", "issue", "lastContentUpdated", "created", "updated"}, "watching");
  EXPECT_EQ(ok("/users/2/watchings/count").json["count"].GetInt(), 5);
  expect_fields(ok("/users/myself/recentlyViewedIssues").json[0], {"issue", "updated"}, "recentIssue");
  expect_fields(ok("/users/myself/recentlyViewedWikis").json[0], {"page", "updated"}, "recentWiki");
  expect_fields(ok("/teams").json[0], {"id", "name", "members", "createdUser", "created"}, "team");
  expect_fields(ok("/space/activities").json[0], {"id", "project", "type", "content", "notifications", "createdUser", "created"}, "activity");
}

}  // namespace
