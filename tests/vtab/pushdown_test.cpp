// Every query here runs twice: through the virtual tables against the emulator, and over
// plain-table copies of full scans. The rows must be equal (the pushdown never changes the
// answer), and the emulator's request log must show the minimal calls (the pushdown
// really asks Backlog for less).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "support/emulator_process.h"
#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

using Params = std::multiset<std::string>;  // "name=value"

Params params_of(const LoggedRequest& r) {
  Params p;
  size_t start = 0;
  while (start < r.query.size()) {
    size_t amp = r.query.find('&', start);
    if (amp == std::string::npos) amp = r.query.size();
    p.insert(r.query.substr(start, amp - start));
    start = amp + 1;
  }
  return p;
}

bool has_params(const LoggedRequest& r, const Params& want) {
  Params got = params_of(r);
  return std::includes(got.begin(), got.end(), want.begin(), want.end());
}

std::string describe(const std::vector<LoggedRequest>& reqs) {
  std::string s;
  for (const auto& r : reqs) s += "\n  " + r.method + " " + r.target();
  return s;
}

Rows sorted(Rows r) {
  std::sort(r.begin(), r.end());
  return r;
}

class PushdownTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emu_ = new EmulatorProcess({"--projects", "3", "--issues", "300", "--users", "8",
                                "--comments-per-issue", "3", "--seed", "7"});
    source_ = new SourceDb(emu_->url(), emu_->api_key());
    local_ = new LocalCopy(source_->db(), {"Issues", "IssueComments", "Projects", "Users",
                                           "ProjectStatuses", "ProjectIssueTypes", "WikiPages",
                                           "SpaceUpdates", "IssueCategories", "Priorities"});
  }
  static void TearDownTestSuite() {
    delete local_;
    delete source_;
    delete emu_;
  }

  // Runs `sql` on both sides; returns the API requests the virtual-table side made.
  std::vector<LoggedRequest> same_rows(const std::string& sql, bool ordered = false) {
    emu_->clear_log();
    Rows api_rows = query(source_->db(), sql);
    auto reqs = emu_->requests();
    Rows local_rows = query(local_->db(), sql);
    if (ordered) EXPECT_EQ(api_rows, local_rows) << sql;
    else EXPECT_EQ(sorted(api_rows), sorted(local_rows)) << sql;
    return reqs;
  }

  long long scalar(const std::string& sql) {
    Rows r = query(local_->db(), sql);
    if (r.empty() || r[0].empty() || r[0][0].rfind("i:", 0) != 0) {
      ADD_FAILURE() << "no integer from " << sql;
      return 0;
    }
    return std::stoll(r[0][0].substr(2));
  }

  static EmulatorProcess* emu_;
  static SourceDb* source_;
  static LocalCopy* local_;
};

EmulatorProcess* PushdownTest::emu_ = nullptr;
SourceDb* PushdownTest::source_ = nullptr;
LocalCopy* PushdownTest::local_ = nullptr;

TEST_F(PushdownTest, CopiesAreNotEmpty) {
  EXPECT_EQ(scalar("SELECT count(*) FROM Issues"), 300);
  EXPECT_EQ(scalar("SELECT count(*) FROM Projects"), 3);
  EXPECT_GT(scalar("SELECT count(*) FROM IssueComments"), 300);
  EXPECT_GT(scalar("SELECT count(*) FROM ProjectStatuses"), 3);
}

TEST_F(PushdownTest, IssueKeyIsOneGetOfTheIssue) {
  std::string key = query(local_->db(), "SELECT IssueKey FROM Issues WHERE KeyId = 7 AND ProjectId = 1")[0][0].substr(2);
  auto reqs = same_rows("SELECT * FROM Issues WHERE IssueKey = '" + key + "'");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_EQ(reqs[0].path, "/api/v2/issues/" + key);
}

TEST_F(PushdownTest, IdEqualsIsOneGet) {
  auto reqs = same_rows("SELECT Id, Summary, StatusName FROM Issues WHERE Id = 42");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_EQ(reqs[0].path, "/api/v2/issues/42");
}

TEST_F(PushdownTest, MissingKeyIsNoRowsNotAnError) {
  auto reqs = same_rows("SELECT * FROM Issues WHERE IssueKey = 'NOPE-999999'");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_EQ(reqs[0].status, 404);
}

TEST_F(PushdownTest, InListsAndLimitGoInOneRequest) {
  auto reqs = same_rows("SELECT Id FROM Issues WHERE ProjectId IN (1, 2) AND StatusId = 3 LIMIT 5");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_EQ(reqs[0].path, "/api/v2/issues");
  EXPECT_TRUE(has_params(reqs[0], {"projectId[]=1", "projectId[]=2", "statusId[]=3", "count=5"}))
      << describe(reqs);
}

TEST_F(PushdownTest, IdInListIsOneListRequest) {
  auto reqs = same_rows("SELECT Id, IssueKey FROM Issues WHERE Id IN (3, 5, 8)");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_TRUE(has_params(reqs[0], {"id[]=3", "id[]=5", "id[]=8"})) << describe(reqs);
}

TEST_F(PushdownTest, ProjectFilterPagesOnlyThatProject) {
  auto reqs = same_rows("SELECT * FROM Issues WHERE ProjectId = 2");
  ASSERT_GE(reqs.size(), 1u);
  for (const auto& r : reqs) EXPECT_TRUE(has_params(r, {"projectId[]=2", "count=100"})) << describe(reqs);
  EXPECT_LE(reqs.size(), 2u) << describe(reqs);  // 100 issues: one full page + one empty
}

TEST_F(PushdownTest, EveryIdFilterIsPushed) {
  struct Case { const char* column; const char* param; };
  const Case cases[] = {
      {"StatusId", "statusId[]"},       {"PriorityId", "priorityId[]"},
      {"IssueTypeId", "issueTypeId[]"}, {"AssigneeId", "assigneeId[]"},
      {"CreatedUserId", "createdUserId[]"}, {"ResolutionId", "resolutionId[]"},
      {"ParentIssueId", "parentIssueId[]"},
  };
  for (const Case& c : cases) {
    long long v = scalar(std::string("SELECT ") + c.column + " FROM Issues WHERE " + c.column +
                         " IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
    auto reqs = same_rows(std::string("SELECT Id, Summary FROM Issues WHERE ") + c.column + " = " + std::to_string(v));
    ASSERT_GE(reqs.size(), 1u) << c.column;
    for (const auto& r : reqs)
      EXPECT_TRUE(has_params(r, {std::string(c.param) + "=" + std::to_string(v)})) << c.column << describe(reqs);
  }
}

TEST_F(PushdownTest, DateRangesBecomeSinceUntil) {
  auto reqs = same_rows("SELECT Id FROM Issues WHERE Updated >= '2023-03-01T12:00:00Z' AND Updated < '2024-01-01'");
  ASSERT_GE(reqs.size(), 1u);
  EXPECT_TRUE(has_params(reqs[0], {"updatedSince=2023-03-01", "updatedUntil=2024-01-01"})) << describe(reqs);

  reqs = same_rows("SELECT Id FROM Issues WHERE Created > '2022-06-15'");
  EXPECT_TRUE(has_params(reqs[0], {"createdSince=2022-06-15"})) << describe(reqs);
  reqs = same_rows("SELECT Id, StartDate FROM Issues WHERE StartDate >= '2023-01-01'");
  EXPECT_TRUE(has_params(reqs[0], {"startDateSince=2023-01-01"})) << describe(reqs);
  reqs = same_rows("SELECT Id, DueDate FROM Issues WHERE DueDate <= '2024-12-31'");
  EXPECT_TRUE(has_params(reqs[0], {"dueDateUntil=2024-12-31"})) << describe(reqs);
}

TEST_F(PushdownTest, OrderByUpdatedAndLimitArePushed) {
  auto reqs = same_rows("SELECT Updated FROM Issues ORDER BY Updated DESC LIMIT 7", true);
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_TRUE(has_params(reqs[0], {"sort=updated", "order=desc", "count=7"})) << describe(reqs);
  reqs = same_rows("SELECT Created FROM Issues WHERE ProjectId = 1 ORDER BY Created LIMIT 3", true);
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_TRUE(has_params(reqs[0], {"sort=created", "order=asc", "count=3", "projectId[]=1"})) << describe(reqs);
}

TEST_F(PushdownTest, LimitOffsetBecomeCountOffset) {
  auto reqs = same_rows("SELECT Id FROM Issues LIMIT 10 OFFSET 20", true);
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_TRUE(has_params(reqs[0], {"count=10", "offset=20"})) << describe(reqs);
}

TEST_F(PushdownTest, LimitIsNotPushedWhenSqliteStillFilters) {
  // Summary LIKE can't go to the API: LIMIT must not cut the API's answer short.
  auto reqs = same_rows("SELECT Id FROM Issues WHERE Summary LIKE '%a%' LIMIT 3");
  for (const auto& r : reqs) EXPECT_FALSE(has_params(r, {"count=3"})) << describe(reqs);
}

TEST_F(PushdownTest, UnpushableFiltersStillGiveTheRightRows) {
  same_rows("SELECT Id, EstimatedHours FROM Issues WHERE EstimatedHours > 3");
  same_rows("SELECT Id FROM Issues WHERE ResolutionId IS NULL AND ProjectId = 3");
  same_rows("SELECT Id FROM Issues WHERE AssigneeName LIKE 'a%' OR StatusId = 4");
  same_rows("SELECT StatusName, count(*) FROM Issues GROUP BY StatusName");
}

TEST_F(PushdownTest, KeywordGoesToTheApi) {
  emu_->clear_log();
  query(source_->db(), "SELECT Id FROM Issues WHERE Keyword = 'test'");
  auto reqs = emu_->requests();
  ASSERT_GE(reqs.size(), 1u);
  EXPECT_TRUE(has_params(reqs[0], {"keyword=test"})) << describe(reqs);
}

TEST_F(PushdownTest, CommentsOfOneIssueAreOneRequest) {
  auto reqs = same_rows("SELECT * FROM IssueComments WHERE IssueId = 5");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_EQ(reqs[0].path, "/api/v2/issues/5/comments");
  reqs = same_rows("SELECT Id, Content FROM IssueComments WHERE IssueId IN (5, 6, 7)");
  EXPECT_EQ(reqs.size(), 3u) << describe(reqs);
}

TEST_F(PushdownTest, CommentIdRangeBecomesMinId) {
  long long id = scalar("SELECT Id FROM IssueComments WHERE IssueId = 9 ORDER BY Id LIMIT 1");
  auto reqs = same_rows("SELECT Id FROM IssueComments WHERE IssueId = 9 AND Id > " + std::to_string(id));
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_TRUE(has_params(reqs[0], {"minId=" + std::to_string(id)})) << describe(reqs);
}

TEST_F(PushdownTest, JoinReadsCommentsByIssueKey) {
  long long n = scalar("SELECT count(*) FROM Issues WHERE ProjectId = 1 AND StatusId = 1");
  auto reqs = same_rows(
      "SELECT i.IssueKey, c.Id, c.Content FROM Issues i JOIN IssueComments c ON c.IssueId = i.Id "
      "WHERE i.ProjectId = 1 AND i.StatusId = 1");
  long comment_calls = std::count_if(reqs.begin(), reqs.end(), [](const LoggedRequest& r) {
    return r.path.find("/comments") != std::string::npos;
  });
  EXPECT_EQ(comment_calls, n) << describe(reqs);
  EXPECT_LE(static_cast<long long>(reqs.size()), n + 2) << describe(reqs);
}

TEST_F(PushdownTest, ThreeWayJoinWithUsers) {
  auto reqs = same_rows(
      "SELECT i.IssueKey, c.Id, u.Name FROM Issues i JOIN IssueComments c ON c.IssueId = i.Id "
      "JOIN Users u ON u.Id = c.CreatedUserId WHERE i.ProjectId = 2 AND i.PriorityId = 2");
  long issue_lists = std::count_if(reqs.begin(), reqs.end(), [](const LoggedRequest& r) {
    return r.path == "/api/v2/issues";
  });
  EXPECT_LE(issue_lists, 2) << describe(reqs);
}

TEST_F(PushdownTest, ProjectChildTablesUseTheProject) {
  auto reqs = same_rows("SELECT * FROM ProjectStatuses WHERE ProjectId = 2");
  ASSERT_EQ(reqs.size(), 1u) << describe(reqs);
  EXPECT_EQ(reqs[0].path, "/api/v2/projects/2/statuses");
  reqs = same_rows("SELECT * FROM ProjectStatuses");  // fans out over Projects
  EXPECT_EQ(reqs.size(), 4u) << describe(reqs);
  reqs = same_rows("SELECT * FROM ProjectIssueTypes WHERE ProjectId IN (1, 3)");
  EXPECT_EQ(reqs.size(), 2u) << describe(reqs);
}

TEST_F(PushdownTest, SmallTables) {
  same_rows("SELECT * FROM Projects");
  same_rows("SELECT * FROM Users");
  same_rows("SELECT * FROM Priorities");
  same_rows("SELECT Name FROM Users WHERE RoleType = 1");
  auto reqs = same_rows("SELECT Id, Name, Updated FROM WikiPages WHERE ProjectId = 1");
  EXPECT_EQ(reqs.size(), 1u) << describe(reqs);
  // Content is only in the single-page answer: one more GET per page, only when asked for.
  long pages = scalar("SELECT count(*) FROM WikiPages WHERE ProjectId = 1");
  reqs = same_rows("SELECT Id, Content FROM WikiPages WHERE ProjectId = 1");
  EXPECT_EQ(static_cast<long>(reqs.size()), 1 + pages) << describe(reqs);
}

TEST_F(PushdownTest, ActivitiesByType) {
  auto reqs = same_rows("SELECT Id, Type FROM SpaceUpdates WHERE Type IN (1, 2)");
  ASSERT_GE(reqs.size(), 1u);
  EXPECT_TRUE(has_params(reqs[0], {"activityTypeId[]=1", "activityTypeId[]=2"})) << describe(reqs);
}

TEST_F(PushdownTest, ExplodedIssueViews) {
  auto reqs = same_rows("SELECT * FROM IssueCategories WHERE ProjectId = 1");
  ASSERT_GE(reqs.size(), 1u);
  EXPECT_TRUE(has_params(reqs[0], {"projectId[]=1"})) << describe(reqs);
}

TEST_F(PushdownTest, JsonArraysWorkWithJsonEach) {
  same_rows("SELECT i.Id, c.value ->> 'name' FROM Issues i, json_each(i.Categories) c WHERE i.ProjectId = 1");
}

}  // namespace
}  // namespace backlog::testing
