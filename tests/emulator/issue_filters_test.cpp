// Every documented filter of GET /issues: the emulator's answer must equal the issues of
// the unfiltered list that satisfy the filter (computed here from the JSON), and
// /issues/count must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "api_client.h"

using namespace backlog::testing;
using Json = rapidjson::Value;

namespace {

class IssueFilters : public ::testing::Test {
 protected:
  IssueFilters() : emu_({"--seed", "11", "--issues", "400"}), api_(emu_), issues_(all_issues(api_)) {}

  // Asserts /issues?query returns exactly the issues matching `pred`, and that the
  // filter is selective (neither empty nor everything).
  void expect_filter(const std::string& query, const std::function<bool(const Json&)>& pred) {
    std::vector<int> expected;
    issues_.each([&](const Json& i) {
      if (pred(i)) expected.push_back(i["id"].GetInt());
    });
    std::vector<int> actual = all_issue_ids(api_, query);
    EXPECT_EQ(actual, expected) << query;
    EXPECT_FALSE(expected.empty()) << "filter selects nothing: " << query;
    EXPECT_LT(expected.size(), 400u) << "filter selects everything: " << query;
    ApiResponse count = api_.get("/issues/count?" + query);
    ASSERT_EQ(count.status, 200) << count.body;
    EXPECT_EQ(count.json["count"].GetInt(), static_cast<int>(expected.size())) << query;
  }

  static int id_or(const Json& v, int null_value) { return v.IsNull() ? null_value : v["id"].GetInt(); }
  static bool any_id(const Json& arr, std::set<int> ids) {
    if (arr.Empty()) return ids.count(-1) > 0;
    for (const auto& x : arr.GetArray())
      if (ids.count(x["id"].GetInt())) return true;
    return false;
  }
  static std::string day(const Json& v) { return v.IsNull() ? "" : std::string(v.GetString()).substr(0, 10); }
  static const Json* custom(const Json& issue, int field_id) {
    for (const auto& f : issue["customFields"].GetArray())
      if (f["id"].GetInt() == field_id) return &f["value"];
    return nullptr;
  }

  EmulatorProcess emu_;
  ApiClient api_;
  IssuePages issues_;
};

TEST_F(IssueFilters, IdArrayFilters) {
  expect_filter("projectId[]=2", [](const Json& i) { return i["projectId"].GetInt() == 2; });
  expect_filter("projectId[]=1&projectId[]=3", [](const Json& i) { return i["projectId"].GetInt() != 2; });
  expect_filter("issueTypeId[]=1&issueTypeId[]=6", [](const Json& i) { int t = i["issueType"]["id"].GetInt(); return t == 1 || t == 6; });
  expect_filter("statusId[]=2&statusId[]=5", [](const Json& i) { int s = i["status"]["id"].GetInt(); return s == 2 || s == 5; });
  expect_filter("priorityId[]=2", [](const Json& i) { return i["priority"]["id"].GetInt() == 2; });
  expect_filter("assigneeId[]=2&assigneeId[]=3", [](const Json& i) { int a = id_or(i["assignee"], 0); return a == 2 || a == 3; });
  expect_filter("createdUserId[]=4", [](const Json& i) { return i["createdUser"]["id"].GetInt() == 4; });
  expect_filter("resolutionId[]=0&resolutionId[]=2", [](const Json& i) { int r = id_or(i["resolution"], -1); return r == 0 || r == 2; });
  expect_filter("id[]=5&id[]=77&id[]=300", [](const Json& i) { int id = i["id"].GetInt(); return id == 5 || id == 77 || id == 300; });
}

TEST_F(IssueFilters, CategoryVersionMilestoneIncludingNone) {
  expect_filter("categoryId[]=2", [](const Json& i) { return any_id(i["category"], {2}); });
  expect_filter("categoryId[]=-1", [](const Json& i) { return i["category"].Empty(); });
  expect_filter("versionId[]=1&versionId[]=2", [](const Json& i) { return any_id(i["versions"], {1, 2}); });
  expect_filter("milestoneId[]=3", [](const Json& i) { return any_id(i["milestone"], {3}); });
}

TEST_F(IssueFilters, ParentChildModes) {
  std::map<int, int> parent, children;
  issues_.each([&](const Json& i) {
    if (!i["parentIssueId"].IsNull()) {
      parent[i["id"].GetInt()] = i["parentIssueId"].GetInt();
      ++children[i["parentIssueId"].GetInt()];
    }
  });
  auto id = [](const Json& i) { return i["id"].GetInt(); };
  auto depth = [&](int issue) { int d = 0; while (parent.count(issue)) { issue = parent[issue]; ++d; } return d; };
  expect_filter("parentChild=1", [&](const Json& i) { return !parent.count(id(i)); });
  expect_filter("parentChild=2", [&](const Json& i) { return parent.count(id(i)) > 0; });
  expect_filter("parentChild=3", [&](const Json& i) { return !parent.count(id(i)) && !children.count(id(i)); });
  expect_filter("parentChild=4", [&](const Json& i) { return children.count(id(i)) > 0; });
  expect_filter("parentChild=6", [&](const Json& i) { return depth(id(i)) == 1; });
  expect_filter("parentChild=10", [&](const Json& i) { return !children.count(id(i)); });
  ASSERT_FALSE(children.empty());
  const int some_parent = children.begin()->first;
  expect_filter("parentIssueId[]=" + std::to_string(some_parent),
                [&](const Json& i) { return !i["parentIssueId"].IsNull() && i["parentIssueId"].GetInt() == some_parent; });
  EXPECT_EQ(all_issue_ids(api_, "parentChild=0").size(), 400u);
}

TEST_F(IssueFilters, BooleanFilters) {
  expect_filter("attachment=true", [](const Json& i) { return !i["attachments"].Empty(); });
  expect_filter("sharedFile=true", [](const Json& i) { return !i["sharedFiles"].Empty(); });
  expect_filter("hasDueDate=true", [](const Json& i) { return !i["dueDate"].IsNull(); });
  expect_filter("hasDueDate=false", [](const Json& i) { return i["dueDate"].IsNull(); });
}

TEST_F(IssueFilters, DateRanges) {
  expect_filter("createdSince=2021-03-01&createdUntil=2022-02-28", [](const Json& i) {
    auto d = day(i["created"]); return d >= "2021-03-01" && d <= "2022-02-28"; });
  expect_filter("updatedSince=2024-01-01", [](const Json& i) { return day(i["updated"]) >= "2024-01-01"; });
  expect_filter("updatedUntil=2020-06-30", [](const Json& i) { return day(i["updated"]) <= "2020-06-30"; });
  expect_filter("startDateSince=2023-01-01&startDateUntil=2023-12-31", [](const Json& i) {
    auto d = day(i["startDate"]); return !d.empty() && d >= "2023-01-01" && d <= "2023-12-31"; });
  expect_filter("dueDateUntil=2020-12-31", [](const Json& i) { auto d = day(i["dueDate"]); return !d.empty() && d <= "2020-12-31"; });
}

TEST_F(IssueFilters, KeywordIsCaseInsensitiveOverSummaryAndDescription) {
  auto has = [](const Json& v, const std::string& word) {
    std::string s = v.GetString();
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
    return s.find(word) != std::string::npos;
  };
  expect_filter("keyword=SLOW", [&](const Json& i) { return has(i["summary"], "slow") || has(i["description"], "slow"); });
  expect_filter("keyword=%E3%83%AD%E3%82%B0", [&](const Json& i) {   // ログ
    return has(i["summary"], "ログ") || has(i["description"], "ログ"); });
}

TEST_F(IssueFilters, CustomFields) {
  // Project 1's fields: 1 text, 2 numeric, 3 date, 4 single list, 5 multiple list.
  expect_filter("customField_1=acme", [&](const Json& i) {
    auto* v = custom(i, 1); return v && v->IsString() && std::string(v->GetString()).find("Acme") != std::string::npos; });
  expect_filter("customField_2_min=5&customField_2_max=12.5", [&](const Json& i) {
    auto* v = custom(i, 2); return v && v->IsNumber() && v->GetDouble() >= 5 && v->GetDouble() <= 12.5; });
  expect_filter("customField_3_min=2022-01-01", [&](const Json& i) {
    auto* v = custom(i, 3); return v && v->IsString() && day(*v) >= "2022-01-01"; });
  const int item = [&] {
    int found = 0;
    issues_.each([&](const Json& i) { auto* v = custom(i, 4); if (!found && v && v->IsObject()) found = (*v)["id"].GetInt(); });
    return found;
  }();
  expect_filter("customField_4[]=" + std::to_string(item), [&](const Json& i) {
    auto* v = custom(i, 4); return v && v->IsObject() && (*v)["id"].GetInt() == item; });
}

}  // namespace
