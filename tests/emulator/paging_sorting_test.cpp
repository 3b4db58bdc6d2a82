// Paging (offset/count on issues, minId/maxId/count/order on comments and activities) and
// sorting of the issue list.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "api_client.h"

using namespace backlog::testing;

namespace {

std::vector<int> ids_of(const ApiResponse& r) {
  std::vector<int> ids;
  for (const auto& x : r.json.GetArray()) ids.push_back(x["id"].GetInt());
  return ids;
}

TEST(Paging, OffsetAndCountSliceTheSameOrder) {
  EmulatorProcess emu({"--seed", "3"});
  ApiClient api(emu);
  ApiResponse all = api.get("/issues?projectId[]=1&count=100");
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.json.Size(), 100u);
  ApiResponse page = api.get("/issues?projectId[]=1&count=7&offset=20");
  ASSERT_EQ(page.status, 200);
  const std::vector<int> every = ids_of(all);
  std::vector<int> expected(every.begin() + 20, every.begin() + 27);
  EXPECT_EQ(ids_of(page), expected);
  EXPECT_EQ(api.get("/issues?projectId[]=1").json.Size(), 20u);               // default count
  EXPECT_EQ(api.get("/issues?projectId[]=1&count=100&offset=100").json.Size(), 0u);   // 100 issues per project
  EXPECT_EQ(api.get("/issues?count=100&offset=250").json.Size(), 50u);
}

// Pages of the whole list in created order, ascending and descending, before and after
// issues are deleted (a deleted issue leaves a gap in the ids the pages must skip) and
// with a filter: every page is the matching slice of the full list, in order.
TEST(Paging, CreatedOrderPagesSkipDeletedIssues) {
  EmulatorProcess emu({"--seed", "4", "--issues", "250"});
  ApiClient api(emu);
  auto walk = [&](const std::string& query) {
    std::vector<int> ids;
    for (int offset = 0;; offset += 30) {
      ApiResponse r = api.get("/issues?count=30&offset=" + std::to_string(offset) + query);
      EXPECT_EQ(r.status, 200) << query;
      if (r.status != 200 || r.json.Size() == 0) break;
      auto page = ids_of(r);
      ids.insert(ids.end(), page.begin(), page.end());
    }
    return ids;
  };
  auto range = [](int from, int to) {  // ids from..to, either way, without the deleted ones
    std::vector<int> ids;
    for (int id = from; from <= to ? id <= to : id >= to; from <= to ? ++id : --id) ids.push_back(id);
    return ids;
  };
  EXPECT_EQ(walk("&order=asc"), range(1, 250));
  EXPECT_EQ(walk(""), range(250, 1));                      // desc is the default
  for (int id : {1, 77, 250}) ASSERT_EQ(api.send("DELETE", "/issues/" + std::to_string(id), "").status, 200);
  std::vector<int> live = range(2, 249);
  live.erase(std::find(live.begin(), live.end(), 77));
  EXPECT_EQ(walk("&order=asc"), live);
  std::reverse(live.begin(), live.end());
  EXPECT_EQ(walk("&sort=created&order=desc"), live);
  // A filter: the pages are the filtered list, sliced.
  std::vector<int> with_due;
  for (int id : ids_of(api.get("/issues?count=100&hasDueDate=true&order=asc"))) with_due.push_back(id);
  for (int id : ids_of(api.get("/issues?count=100&offset=100&hasDueDate=true&order=asc"))) with_due.push_back(id);
  for (int id : ids_of(api.get("/issues?count=100&offset=200&hasDueDate=true&order=asc"))) with_due.push_back(id);
  EXPECT_FALSE(with_due.empty());
  EXPECT_EQ(walk("&hasDueDate=true&order=asc"), with_due);
  EXPECT_EQ(api.get("/issues/count?hasDueDate=true").json["count"].GetInt(), static_cast<int>(with_due.size()));
}

TEST(Paging, CountAbove100IsRejected) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse r = api.get("/issues?count=101");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), 7);
  EXPECT_NE(r.body.find("count"), std::string::npos);
  EXPECT_EQ(api.get("/issues?count=0").status, 400);
  EXPECT_EQ(api.get("/issues?offset=-1").status, 400);
  EXPECT_EQ(api.get("/space/activities?count=101").status, 400);
  EXPECT_EQ(api.get("/issues?count=100").status, 200);
}

TEST(Paging, CommentsByMinAndMaxId) {
  EmulatorProcess emu({"--comments-per-issue", "10"});
  ApiClient api(emu);
  // Find an issue with several comments.
  std::string key;
  for (int id = 1; id <= 50 && key.empty(); ++id) {
    ApiResponse c = api.get("/issues/" + std::to_string(id) + "/comments/count");
    if (c.json["count"].GetInt() >= 8) key = std::to_string(id);
  }
  ASSERT_FALSE(key.empty());
  ApiResponse all = api.get("/issues/" + key + "/comments?count=100&order=asc");
  std::vector<int> ids = ids_of(all);
  ASSERT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  ApiResponse desc = api.get("/issues/" + key + "/comments");
  std::vector<int> rev(ids.rbegin(), ids.rend());
  EXPECT_EQ(ids_of(desc), std::vector<int>(rev.begin(), rev.begin() + std::min<size_t>(20, rev.size())));
  // minId/maxId are exclusive.
  ApiResponse mid = api.get("/issues/" + key + "/comments?order=asc&minId=" + std::to_string(ids[1]) + "&maxId=" + std::to_string(ids[5]));
  EXPECT_EQ(ids_of(mid), std::vector<int>(ids.begin() + 2, ids.begin() + 5));
  ApiResponse two = api.get("/issues/" + key + "/comments?order=asc&count=2&minId=" + std::to_string(ids[0]));
  EXPECT_EQ(ids_of(two), std::vector<int>(ids.begin() + 1, ids.begin() + 3));
}

TEST(Paging, ActivitiesWalkForwardWithoutGapsOrOverlap) {
  EmulatorProcess emu({"--issues", "60"});
  ApiClient api(emu);
  std::vector<int> walked;
  int min_id = 0;
  for (;;) {
    ApiResponse r = api.get("/space/activities?order=asc&count=100&minId=" + std::to_string(min_id));
    ASSERT_EQ(r.status, 200);
    if (r.json.Empty()) break;
    for (int id : ids_of(r)) walked.push_back(id);
    min_id = walked.back();
  }
  ASSERT_GT(walked.size(), 100u);
  for (size_t k = 0; k < walked.size(); ++k) EXPECT_EQ(walked[k], static_cast<int>(k) + 1);
  ApiResponse newest = api.get("/space/activities?count=3");
  EXPECT_EQ(ids_of(newest), (std::vector<int>{walked.back(), walked.back() - 1, walked.back() - 2}));
  ApiResponse below = api.get("/space/activities?count=2&maxId=10");
  EXPECT_EQ(ids_of(below), (std::vector<int>{9, 8}));
  ApiResponse typed = api.get("/projects/PRJ2/activities?activityTypeId[]=1&activityTypeId[]=3&count=100");
  ASSERT_GT(typed.json.Size(), 0u);
  for (const auto& a : typed.json.GetArray()) {
    EXPECT_TRUE(a["type"].GetInt() == 1 || a["type"].GetInt() == 3);
    EXPECT_EQ(a["project"]["id"].GetInt(), 2);
  }
}

TEST(Sorting, IssuesBySeveralKeys) {
  EmulatorProcess emu({"--seed", "9"});
  ApiClient api(emu);
  auto values = [&](const std::string& query, const char* field) {
    std::vector<std::string> out;
    ApiResponse r = api.get("/issues?count=100&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& i : r.json.GetArray()) out.push_back(i[field].IsNull() ? "" : i[field].GetString());
    return out;
  };
  auto upd = values("sort=updated&order=asc", "updated");
  EXPECT_TRUE(std::is_sorted(upd.begin(), upd.end()));
  auto upd_desc = values("sort=updated", "updated");   // order defaults to desc
  EXPECT_TRUE(std::is_sorted(upd_desc.rbegin(), upd_desc.rend()));
  auto due = values("sort=dueDate&order=desc", "dueDate");
  EXPECT_TRUE(std::is_sorted(due.rbegin(), due.rend()));
  EXPECT_NE(due.front(), "");   // nulls come last in desc
  auto summary = values("sort=summary&order=asc", "summary");
  EXPECT_TRUE(std::is_sorted(summary.begin(), summary.end()));
  // Default: created, newest first.
  ApiResponse def = api.get("/issues?count=5");
  EXPECT_EQ(ids_of(def), (std::vector<int>{300, 299, 298, 297, 296}));
  ApiResponse hours = api.get("/issues?count=100&sort=estimatedHours&order=asc&projectId[]=1");
  double last = -1;
  for (const auto& i : hours.json.GetArray()) {
    double h = i["estimatedHours"].IsNull() ? -1 : i["estimatedHours"].GetDouble();
    EXPECT_GE(h, last);
    last = h;
  }
  EXPECT_EQ(api.get("/issues?sort=customField_2&projectId[]=1").status, 200);
  ApiResponse bad = api.get("/issues?sort=bogus");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_code(), 7);
}

}  // namespace
