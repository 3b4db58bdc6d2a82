// Shapes that follow specific documented response examples (developer.nulab.com and Nulab's
// own samples in nulab/backlog4j / nulab/backlog-js), where an endpoint's nesting differs
// from the general entity: the pull-request list's issue, the *Info objects of a comment's
// changeLog, and the content of wiki (5/6) and project-user (15) activities.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "api_client.h"

using namespace backlog::testing;

namespace {

class DocumentedShapes : public ::testing::Test {
 protected:
  DocumentedShapes() : emu_({"--seed", "3"}), api_(emu_) {}
  ApiResponse ok(const std::string& target) {
    ApiResponse r = api_.get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_TRUE(r.json.IsArray() || r.json.IsObject()) << target;
    return r;
  }
  EmulatorProcess emu_;
  ApiClient api_;
};

// "Get Pull Request List": "issue" is {"id": N} (or null); "Get Pull Request": the whole issue.
TEST_F(DocumentedShapes, PullRequestListNestsOnlyTheIssueId) {
  int with_issue = 0, nulls = 0;
  for (const char* repo : {"app", "infra"}) {
    ApiResponse list = ok(std::string("/projects/PRJ1/git/repositories/") + repo + "/pullRequests?count=100");
    ASSERT_TRUE(list.json.IsArray());
    for (const auto& pr : list.json.GetArray()) {
      ASSERT_TRUE(pr.HasMember("issue"));
      const auto& issue = pr["issue"];
      if (issue.IsNull()) { ++nulls; continue; }
      ASSERT_TRUE(issue.IsObject());
      EXPECT_EQ(issue.MemberCount(), 1u) << "list issue should be {\"id\": N}";
      ASSERT_TRUE(issue.HasMember("id") && issue["id"].IsInt());
      if (with_issue++ > 0) continue;
      // The same pull request read alone nests the full issue object.
      ApiResponse one = ok(std::string("/projects/PRJ1/git/repositories/") + repo + "/pullRequests/" +
                           std::to_string(pr["number"].GetInt()));
      const auto& full = one.json["issue"];
      ASSERT_TRUE(full.IsObject());
      EXPECT_EQ(full["id"].GetInt(), issue["id"].GetInt());
      for (const char* f : {"projectId", "issueKey", "keyId", "issueType", "summary", "status", "createdUser"})
        EXPECT_TRUE(full.HasMember(f)) << "single pull request's issue lacks " << f;
    }
  }
  EXPECT_GT(with_issue, 0);
  EXPECT_GT(nulls, 0);
}

// Issue comments: changeLog entries always have attachmentInfo/attributeInfo/notificationInfo;
// a custom-field change fills attributeInfo {id, typeId}, other changes leave all three null.
// Pull-request comment entries have field/newValue/originalValue only.
TEST_F(DocumentedShapes, ChangeLogInfoObjects) {
  // Project 1's custom fields: 1 text, 2 numeric (typeId 3), 3 date, 4 single list, 5 multiple list.
  ApiResponse patched = api_.send("PATCH", "/issues/PRJ1-2", "summary=shape%20check&customField_2=3.5");
  ASSERT_EQ(patched.status, 200) << patched.body;
  ApiResponse comments = ok("/issues/PRJ1-2/comments?order=desc&count=1");
  ASSERT_EQ(comments.json.Size(), 1u);
  const auto& log = comments.json[0]["changeLog"];
  ASSERT_TRUE(log.IsArray());
  ASSERT_EQ(log.Size(), 2u) << comments.body;
  bool saw_summary = false, saw_custom = false;
  for (const auto& e : log.GetArray()) {
    ASSERT_TRUE(e.HasMember("attachmentInfo") && e.HasMember("attributeInfo") && e.HasMember("notificationInfo"));
    EXPECT_TRUE(e["attachmentInfo"].IsNull());
    EXPECT_TRUE(e["notificationInfo"].IsNull());
    const std::string field = e["field"].GetString();
    if (field == "summary") {
      saw_summary = true;
      EXPECT_TRUE(e["attributeInfo"].IsNull());
    } else {
      saw_custom = true;
      const auto& info = e["attributeInfo"];
      ASSERT_TRUE(info.IsObject()) << field;
      EXPECT_EQ(info.MemberCount(), 2u);
      ASSERT_TRUE(info.HasMember("id") && info["id"].IsInt());
      ASSERT_TRUE(info.HasMember("typeId") && info["typeId"].IsInt());
      EXPECT_EQ(info["id"].GetInt(), 2);
      EXPECT_EQ(info["typeId"].GetInt(), 3);
    }
  }
  EXPECT_TRUE(saw_summary);
  EXPECT_TRUE(saw_custom);

  // Generated change logs (status changes) carry the three keys, all null.
  int generated = 0;
  for (int key = 1; key <= 30 && generated == 0; ++key) {
    if (key == 2) continue;   // patched above
    ApiResponse cs = ok("/issues/PRJ1-" + std::to_string(key) + "/comments?count=100");
    for (const auto& c : cs.json.GetArray())
      for (const auto& e : c["changeLog"].GetArray()) {
        ++generated;
        EXPECT_TRUE(e["attachmentInfo"].IsNull());
        EXPECT_TRUE(e["attributeInfo"].IsNull());
        EXPECT_TRUE(e["notificationInfo"].IsNull());
      }
  }
  EXPECT_GT(generated, 0);
}

// Wiki activities (types 5 and 6) carry "diff": null and "version": null, as in Nulab's
// samples, next to id/name/content/attachments/shared_files; so does a page edited through
// the API.
TEST_F(DocumentedShapes, WikiActivityContent) {
  ApiResponse patched = api_.send("PATCH", "/wikis/1", "content=edited%20page");
  ASSERT_EQ(patched.status, 200) << patched.body;
  ApiResponse acts = ok("/projects/1/activities?activityTypeId[]=5&activityTypeId[]=6&count=100");
  ASSERT_GT(acts.json.Size(), 1u);
  std::set<int> types;
  for (const auto& a : acts.json.GetArray()) {
    types.insert(a["type"].GetInt());
    const auto& c = a["content"];
    ASSERT_TRUE(c.IsObject());
    EXPECT_TRUE(c["id"].IsInt());
    EXPECT_TRUE(c["name"].IsString());
    EXPECT_TRUE(c["content"].IsString());
    ASSERT_TRUE(c.HasMember("diff") && c.HasMember("version"));
    EXPECT_TRUE(c["diff"].IsNull());
    EXPECT_TRUE(c["version"].IsNull());
    EXPECT_TRUE(c["attachments"].IsArray());
    EXPECT_TRUE(c["shared_files"].IsArray());
  }
  EXPECT_EQ(types, (std::set<int>{5, 6}));
  EXPECT_EQ(acts.json[0]["type"].GetInt(), 6);   // newest first: the edit above
  EXPECT_EQ(acts.json[0]["content"]["id"].GetInt(), 1);
}

// Type 15 (project user added): group_project_activities lists every activity of the
// same addition as {id, type}, the activity itself included.
TEST_F(DocumentedShapes, ProjectUserAddedGroup) {
  ApiResponse acts = ok("/projects/1/activities?activityTypeId[]=15&count=100&order=asc");
  ASSERT_GT(acts.json.Size(), 1u);
  std::set<int> ids;
  for (const auto& a : acts.json.GetArray()) ids.insert(a["id"].GetInt());
  std::map<int, std::vector<int>> group_of;
  for (const auto& a : acts.json.GetArray()) {
    const auto& c = a["content"];
    ASSERT_TRUE(c["users"].IsArray());
    EXPECT_EQ(c["users"].Size(), 1u);
    EXPECT_TRUE(c["comment"].IsString());
    const auto& group = c["group_project_activities"];
    ASSERT_TRUE(group.IsArray());
    ASSERT_GT(group.Size(), 0u);
    std::vector<int> members;
    for (const auto& g : group.GetArray()) {
      ASSERT_TRUE(g.IsObject());
      EXPECT_EQ(g.MemberCount(), 2u);
      ASSERT_TRUE(g["id"].IsInt());
      EXPECT_EQ(g["type"].GetInt(), 15);
      EXPECT_TRUE(ids.count(g["id"].GetInt())) << "group names an activity that is not type 15 of this project";
      members.push_back(g["id"].GetInt());
    }
    EXPECT_NE(std::find(members.begin(), members.end(), a["id"].GetInt()), members.end()) << "group lacks itself";
    group_of[a["id"].GetInt()] = members;
  }
  // Every member of a group lists the same group.
  for (const auto& [id, members] : group_of)
    for (int m : members) EXPECT_EQ(group_of[m], members) << id << " vs " << m;
}

}  // namespace
