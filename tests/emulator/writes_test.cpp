// Write endpoints: they change the dataset, move `updated`, and leave activities with the
// real type numbers (1 created, 2 updated, 3 commented, 4 deleted, 5/6/7 wiki).
#include <gtest/gtest.h>

#include "api_client.h"

using namespace backlog::testing;

namespace {

// The newest space activity.
const rapidjson::Value& newest(const ApiResponse& r) { return r.json[0]; }

TEST(Writes, CreateUpdateDeleteAnIssue) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse created = api.send("POST", "/issues",
                                 "projectId=2&summary=%E6%96%B0%E3%81%97%E3%81%84+issue+%F0%9F%9A%80&issueTypeId=5&priorityId=3"
                                 "&categoryId%5B%5D=5&dueDate=2030-01-31&estimatedHours=2.5&assigneeId=3");
  ASSERT_EQ(created.status, 201) << created.body;
  const int id = created.json["id"].GetInt();
  EXPECT_EQ(id, 301);
  EXPECT_EQ(std::string(created.json["issueKey"].GetString()), "PRJ2-101");
  EXPECT_EQ(std::string(created.json["summary"].GetString()), "新しい issue 🚀");
  EXPECT_EQ(std::string(created.json["dueDate"].GetString()), "2030-01-31T00:00:00Z");
  EXPECT_EQ(created.json["category"][0]["id"].GetInt(), 5);
  EXPECT_EQ(created.json["assignee"]["id"].GetInt(), 3);
  ApiResponse act = api.get("/space/activities?count=1");
  EXPECT_EQ(newest(act)["type"].GetInt(), 1);
  EXPECT_EQ(newest(act)["content"]["id"].GetInt(), id);
  EXPECT_EQ(api.get("/issues/count?projectId[]=2").json["count"].GetInt(), 101);

  // PATCH an old issue: `updated` moves to now, the change is an activity of type 2.
  ApiResponse before = api.get("/issues/PRJ1-1");
  const std::string old_updated = before.json["updated"].GetString();
  const int new_status = before.json["status"]["id"].GetInt() == 4 ? 2 : 4;
  ApiResponse patched = api.send("PATCH", "/issues/PRJ1-1",
                                 "statusId=" + std::to_string(new_status) + "&resolutionId=0&comment=done+%E2%9C%85");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["status"]["id"].GetInt(), new_status);
  EXPECT_EQ(patched.json["resolution"]["id"].GetInt(), 0);
  EXPECT_GT(std::string(patched.json["updated"].GetString()), old_updated);
  EXPECT_EQ(patched.json["updatedUser"]["id"].GetInt(), 1);
  act = api.get("/space/activities?count=1");
  EXPECT_EQ(newest(act)["type"].GetInt(), 2);
  EXPECT_EQ(newest(act)["content"]["id"].GetInt(), before.json["id"].GetInt());
  EXPECT_EQ(std::string(newest(act)["content"]["comment"]["content"].GetString()), "done ✅");
  bool saw_status = false;
  for (const auto& c : newest(act)["content"]["changes"].GetArray())
    saw_status |= std::string(c["field"].GetString()) == "status" && std::string(c["new_value"].GetString()) == std::to_string(new_status);
  EXPECT_TRUE(saw_status);
  // The update is also a comment whose changeLog names the new status.
  ApiResponse log = api.get("/issues/PRJ1-1/comments?count=1");
  ASSERT_EQ(log.json.Size(), 1u);
  EXPECT_EQ(std::string(log.json[0]["content"].GetString()), "done ✅");
  bool named = false;
  for (const auto& c : log.json[0]["changeLog"].GetArray())
    named |= std::string(c["field"].GetString()) == "status" &&
             std::string(c["newValue"].GetString()) == std::string(patched.json["status"]["name"].GetString());
  EXPECT_TRUE(named) << log.body;
  // Incremental readers find it by updatedSince.
  const std::string today = std::string(patched.json["updated"].GetString()).substr(0, 10);
  ApiResponse since = api.get("/issues?updatedSince=" + today + "&count=100");
  bool found = false;
  for (const auto& i : since.json.GetArray()) found |= i["id"].GetInt() == before.json["id"].GetInt();
  EXPECT_TRUE(found);

  // DELETE: type 4 with the id, then 404.
  ApiResponse deleted = api.send("DELETE", "/issues/" + std::to_string(id), "");
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.json["id"].GetInt(), id);
  act = api.get("/projects/PRJ2/activities?count=1&activityTypeId[]=4");
  EXPECT_EQ(newest(act)["type"].GetInt(), 4);
  EXPECT_EQ(newest(act)["content"]["id"].GetInt(), id);
  EXPECT_EQ(newest(act)["content"]["key_id"].GetInt(), 101);
  EXPECT_EQ(api.get("/issues/" + std::to_string(id)).status, 404);
  EXPECT_EQ(api.get("/issues/PRJ2-101").status, 404);
  EXPECT_EQ(api.get("/issues/count?projectId[]=2").json["count"].GetInt(), 100);
}

TEST(Writes, ValidationErrorsNameTheParameterAndChangeNothing) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse r = api.send("POST", "/issues", "projectId=1&issueTypeId=1&priorityId=3");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), 7);
  EXPECT_NE(r.body.find("summary"), std::string::npos);
  r = api.send("POST", "/issues", "projectId=1&summary=x&issueTypeId=99&priorityId=3");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("issueTypeId"), std::string::npos);
  r = api.send("PATCH", "/issues/PRJ1-2", "summary=changed&statusId=77");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("statusId"), std::string::npos);
  EXPECT_NE(std::string(api.get("/issues/PRJ1-2").json["summary"].GetString()), "changed");
  EXPECT_EQ(api.send("PATCH", "/issues/999999", "summary=x").status, 404);
  EXPECT_EQ(api.get("/issues/count").json["count"].GetInt(), 300);
}

TEST(Writes, CommentsAddEditDelete) {
  EmulatorProcess emu;
  ApiClient api(emu);
  const int before = api.get("/issues/PRJ3-4/comments/count").json["count"].GetInt();
  ApiResponse c = api.send("POST", "/issues/PRJ3-4/comments", "content=%E3%82%B3%E3%83%A1%E3%83%B3%E3%83%88+1&notifiedUserId[]=2");
  ASSERT_EQ(c.status, 201) << c.body;
  const int cid = c.json["id"].GetInt();
  EXPECT_EQ(std::string(c.json["content"].GetString()), "コメント 1");
  EXPECT_EQ(c.json["notifications"][0]["user"]["id"].GetInt(), 2);
  EXPECT_EQ(api.get("/issues/PRJ3-4/comments/count").json["count"].GetInt(), before + 1);
  ApiResponse act = api.get("/space/activities?count=1");
  EXPECT_EQ(newest(act)["type"].GetInt(), 3);
  EXPECT_EQ(newest(act)["content"]["comment"]["id"].GetInt(), cid);
  ApiResponse latest = api.get("/issues/PRJ3-4/comments?count=1");
  EXPECT_EQ(latest.json[0]["id"].GetInt(), cid);

  ApiResponse edited = api.send("PATCH", "/issues/PRJ3-4/comments/" + std::to_string(cid), "content=edited");
  ASSERT_EQ(edited.status, 200);
  EXPECT_EQ(std::string(edited.json["content"].GetString()), "edited");
  EXPECT_EQ(api.send("PATCH", "/issues/PRJ3-4/comments/" + std::to_string(cid), "").status, 400);
  ApiResponse gone = api.send("DELETE", "/issues/PRJ3-4/comments/" + std::to_string(cid), "");
  EXPECT_EQ(gone.status, 200);
  EXPECT_EQ(api.get("/issues/PRJ3-4/comments/" + std::to_string(cid)).status, 404);
  EXPECT_EQ(api.get("/issues/PRJ3-4/comments/count").json["count"].GetInt(), before);
}

TEST(Writes, WikiLifecycleLeavesActivities5To7) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse w = api.send("POST", "/wikis", "projectId=1&name=Runbook&content=%23+Step+1&mailNotify=false");
  ASSERT_EQ(w.status, 201) << w.body;
  const std::string id = std::to_string(w.json["id"].GetInt());
  EXPECT_EQ(newest(api.get("/space/activities?count=1"))["type"].GetInt(), 5);
  ApiResponse u = api.send("PATCH", "/wikis/" + id, "content=%23+Step+2");
  ASSERT_EQ(u.status, 200);
  EXPECT_EQ(std::string(u.json["content"].GetString()), "# Step 2");
  ApiResponse a6 = api.get("/space/activities?count=1");
  EXPECT_EQ(newest(a6)["type"].GetInt(), 6);
  // Nulab's wiki activity samples carry "version": null (and "diff": null); the version
  // number is read from the page history instead.
  EXPECT_TRUE(newest(a6)["content"]["version"].IsNull());
  EXPECT_EQ(std::string(newest(a6)["content"]["content"].GetString()), "# Step 2");
  EXPECT_EQ(api.get("/wikis/" + id + "/history").json.Size(), 2u);
  EXPECT_EQ(api.get("/wikis/count?projectIdOrKey=PRJ1").json["count"].GetInt(), 6);
  EXPECT_EQ(api.send("DELETE", "/wikis/" + id, "").status, 200);
  ApiResponse a7 = api.get("/space/activities?count=1");
  EXPECT_EQ(newest(a7)["type"].GetInt(), 7);
  EXPECT_EQ(std::to_string(newest(a7)["content"]["id"].GetInt()), id);
  EXPECT_EQ(api.get("/wikis/" + id).status, 404);
  EXPECT_EQ(api.get("/wikis/count?projectIdOrKey=PRJ1").json["count"].GetInt(), 5);
}

TEST(Writes, ParentChangesKeepTheFamilyConsistent) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse children = api.get("/issues?parentChild=6&projectId[]=1&count=1");   // a child (depth 1)
  ASSERT_EQ(children.json.Size(), 1u);
  const int child = children.json[0]["id"].GetInt();
  const int parent = children.json[0]["parentIssueId"].GetInt();
  // A parent cannot become the child of its own child.
  ApiResponse cycle = api.send("PATCH", "/issues/" + std::to_string(parent), "parentIssueId=" + std::to_string(child));
  EXPECT_EQ(cycle.status, 400);
  EXPECT_NE(cycle.body.find("parentIssueId"), std::string::npos);
  // Detach the child: it leaves the parent's children.
  ApiResponse detached = api.send("PATCH", "/issues/" + std::to_string(child), "parentIssueId=");
  ASSERT_EQ(detached.status, 200) << detached.body;
  EXPECT_TRUE(detached.json["parentIssueId"].IsNull());
  for (int id : all_issue_ids(api, "parentIssueId[]=" + std::to_string(parent))) EXPECT_NE(id, child);
  // Deleting a parent makes its children top-level issues.
  std::vector<int> kids = all_issue_ids(api, "parentChild=4&projectId[]=2");
  ASSERT_FALSE(kids.empty());
  const int doomed = kids.front();
  const std::vector<int> orphans = all_issue_ids(api, "parentIssueId[]=" + std::to_string(doomed));
  ASSERT_FALSE(orphans.empty());
  ASSERT_EQ(api.send("DELETE", "/issues/" + std::to_string(doomed), "").status, 200);
  for (int id : orphans) EXPECT_TRUE(api.get("/issues/" + std::to_string(id)).json["parentIssueId"].IsNull()) << id;
}

}  // namespace
