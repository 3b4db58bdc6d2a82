// --parallel N: a scan keeps N requests in flight (pages of one list, or parent rows of a
// fan-out), and still hands out exactly the serial scan's rows, in the serial order.
// Concurrency is read from the emulator's log (IN_FLIGHT), not from timings.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "support/emulator_process.h"
#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

api::ClientOptions parallel(int n) {
  api::ClientOptions o;
  o.parallel = n;
  return o;
}

int max_in_flight(const std::vector<LoggedRequest>& reqs) {
  int m = 0;
  for (const auto& r : reqs) m = std::max(m, r.in_flight);
  return m;
}

// offset asked for → how many times (GET /api/v2/issues only)
std::map<long, int> issue_offsets(const std::vector<LoggedRequest>& reqs) {
  std::map<long, int> seen;
  for (const auto& r : reqs) {
    if (r.path != "/api/v2/issues") continue;
    auto at = r.query.find("offset=");
    seen[at == std::string::npos ? 0 : std::stol(r.query.substr(at + 7))]++;
  }
  return seen;
}

TEST(Parallel, ListScanSameRowsSameOrderEveryPageOnce) {
  // A little latency makes overlapping requests certain when the client sends them.
  EmulatorProcess emu({"--projects", "1", "--issues", "1050", "--latency-ms", "20"});
  SourceDb serial(emu.url(), emu.api_key());
  Rows expected = query(serial.db(), "SELECT * FROM Issues");
  ASSERT_EQ(expected.size(), 1050u);
  EXPECT_EQ(max_in_flight(emu.requests()), 1);  // the default is serial
  emu.clear_log();

  SourceDb par(emu.url(), emu.api_key(), parallel(4));
  EXPECT_EQ(query(par.db(), "SELECT * FROM Issues"), expected);
  auto reqs = emu.requests();
  EXPECT_GE(max_in_flight(reqs), 2);
  EXPECT_LE(max_in_flight(reqs), 4);
  auto offsets = issue_offsets(reqs);
  for (long o = 0; o <= 1000; o += 100) EXPECT_EQ(offsets[o], 1) << "offset " << o;
  // Pages past the end are asked for on speculation: fewer than two windows of 4.
  size_t past_end = 0;
  for (const auto& [o, n] : offsets) past_end += o > 1000 ? n : 0;
  EXPECT_LE(past_end, 7u);
}

TEST(Parallel, LimitAsksForNoPageBeyondIt) {
  EmulatorProcess emu({"--projects", "1", "--issues", "295"});
  SourceDb par(emu.url(), emu.api_key(), parallel(4));
  Rows rows = query(par.db(), "SELECT Id FROM Issues LIMIT 250");
  EXPECT_EQ(rows.size(), 250u);
  auto reqs = emu.requests();
  ASSERT_EQ(reqs.size(), 3u);
  auto offsets = issue_offsets(reqs);
  EXPECT_EQ(offsets, (std::map<long, int>{{0, 1}, {100, 1}, {200, 1}}));
  for (const auto& r : reqs)
    EXPECT_EQ(r.query.find("offset=200") != std::string::npos, r.query.find("count=50") != std::string::npos)
        << r.target();
}

TEST(Parallel, FanOutSameRowsSameOrder) {
  EmulatorProcess emu({"--projects", "2", "--issues", "40", "--comments-per-issue", "2", "--latency-ms", "10"});
  SourceDb serial(emu.url(), emu.api_key());
  // One issue with more than a page of comments: its second page must come before the
  // next issue's comments even though later issues are already in flight.
  Rows first = query(serial.db(), "SELECT Id FROM Issues ORDER BY Id LIMIT 1 OFFSET 5");
  ASSERT_EQ(first.size(), 1u);
  std::string id = first[0][0].substr(2);
  for (int k = 0; k < 130; ++k)
    query(serial.db(), "INSERT INTO IssueComments(IssueId, Content) VALUES(" + id + ", 'note " + std::to_string(k) + "')");
  const char* sql = "SELECT IssueId, Id, Content, Created FROM IssueComments";
  Rows expected = query(serial.db(), sql);
  ASSERT_GT(expected.size(), 130u);
  emu.clear_log();

  SourceDb par(emu.url(), emu.api_key(), parallel(4));
  EXPECT_EQ(query(par.db(), sql), expected);
  EXPECT_GE(max_in_flight(emu.requests()), 2);
}

// comment-list requests per issue path (GET /api/v2/issues/N/comments)
std::map<std::string, int> comment_lists(const std::vector<LoggedRequest>& reqs) {
  std::map<std::string, int> seen;
  for (const auto& r : reqs)
    if (r.path.ends_with("/comments")) seen[r.path]++;
  return seen;
}

// The detail column of EXPLAIN QUERY PLAN (its one row for a one-table query).
std::string plan_of(sqlite3* db, const std::string& sql) {
  Rows rows = query(db, "EXPLAIN QUERY PLAN " + sql);
  return rows.empty() ? "" : rows[0].back();
}

// `IssueId IN (…)` is one scan fanning out over the list (plan term P), as over parent
// rows: the requests of later values are in flight while earlier ones are read, where
// SQLite alone would call xFilter once per value and wait for each answer.
TEST(Parallel, InListOnAPathPlaceholderIsOneFanOut) {
  EmulatorProcess emu({"--projects", "2", "--issues", "40", "--comments-per-issue", "2", "--latency-ms", "10"});
  SourceDb serial(emu.url(), emu.api_key());
  // Issue 9 gets more than a page of comments: its second page must come before the
  // next value's comments even though later values are already in flight.
  for (int k = 0; k < 130; ++k)
    query(serial.db(), "INSERT INTO IssueComments(IssueId, Content) VALUES(9, 'note " + std::to_string(k) + "')");
  const std::vector<int> ids{3, 9, 12, 20, 25, 31, 33, 38};
  const std::string columns = "SELECT IssueId, Id, Content, Created FROM IssueComments WHERE IssueId ";
  Rows expected;
  std::string list;
  for (int id : ids) {
    Rows one = query(serial.db(), columns + "= " + std::to_string(id));
    expected.insert(expected.end(), one.begin(), one.end());
    list += (list.empty() ? "" : ", ") + std::to_string(id);
  }
  ASSERT_GT(expected.size(), 130u + ids.size());
  const std::string in_sql = columns + "IN (" + list + ")";
  emu.clear_log();
  EXPECT_EQ(query(serial.db(), in_sql), expected);
  auto serial_calls = comment_lists(emu.requests());
  EXPECT_EQ(serial_calls.size(), ids.size());
  EXPECT_EQ(serial_calls["/api/v2/issues/9/comments"], 2);

  emu.clear_log();
  SourceDb par(emu.url(), emu.api_key(), parallel(4));
  EXPECT_EQ(query(par.db(), in_sql), expected);
  auto reqs = emu.requests();
  EXPECT_GE(max_in_flight(reqs), 2);
  EXPECT_LE(max_in_flight(reqs), 4);
  EXPECT_EQ(comment_lists(reqs), serial_calls);  // every page once, none more

  // The plan: P for the IN list, p (unchanged) for `=`.
  EXPECT_NE(plan_of(par.db(), in_sql).find(":P1,"), std::string::npos) << plan_of(par.db(), in_sql);
  EXPECT_NE(plan_of(par.db(), columns + "= 3").find(":p1,"), std::string::npos) << plan_of(par.db(), columns + "= 3");
  // A value that is no issue fails as it does with `=` (404), NULLs match nothing.
  std::string missing = query_error(par.db(), columns + "= 99999");
  EXPECT_NE(missing.find("404"), std::string::npos) << missing;
  EXPECT_EQ(query_error(par.db(), columns + "IN (3, 99999, 12)"), missing);
  EXPECT_EQ(query(par.db(), columns + "IN (NULL, 3)"), query(par.db(), columns + "= 3"));
}

TEST(Parallel, FaultsAndRateLimitHeadersStillGiveTheSameRows) {
  EmulatorProcess clean({"--issues", "300", "--seed", "5"});
  EmulatorProcess flaky({"--issues", "300", "--seed", "5", "--fail-rate", "0.1", "--rate-limit", "100000"});
  api::ClientOptions o = parallel(3);
  o.max_retries = 8;
  o.retry_base_ms = 20;
  SourceDb a(clean.url(), clean.api_key());
  SourceDb b(flaky.url(), flaky.api_key(), o);
  for (const char* sql : {"SELECT * FROM Issues", "SELECT * FROM IssueComments"}) {
    Rows expected = query(a.db(), sql);
    EXPECT_GE(expected.size(), 300u) << sql;
    EXPECT_EQ(query(b.db(), sql), expected) << sql;
  }
}

}  // namespace
}  // namespace backlog::testing
