// Read once, write everywhere: REPLICATE with several destinations against a
// backlog-emulator. The emulator's request log proves Backlog is read once per statement;
// every destination is compared with the source row by row; destinations at different
// checkpoints end equal after one run; a destination that fails mid-statement is rolled
// back and named while the others commit, and the next run catches it up.
#include <memory>

#include <gtest/gtest.h>
#include <httplib.h>

#include "engine/session.h"
#include "sinks/sqlite_handles.h"
#include "sinks/sqlite_sink.h"
#include "support/emulator_process.h"
#include "support/emulator_source.h"
#include "support/temp_dir.h"

namespace backlog::engine {
namespace {

using sinks::Value;
using testing::EmulatorProcess;
using Rows = std::vector<std::vector<Value>>;

struct Recorder : Observer {
  std::vector<std::string> errors;
  void on_error(const std::string& m) override { errors.push_back(m); }
};

Rows query(sqlite3* db, const std::string& sql) {
  sinks::SqliteStmt s = sinks::prepare(db, sql);
  Rows rows;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(s.get()); ++i) rows.back().push_back(sinks::column_value(s.get(), i));
  }
  return rows;
}

Rows file_rows(const std::string& file, const std::string& sql) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  sinks::SqliteDb db(raw);
  return query(db.get(), sql);
}

void file_exec(const std::string& file, const std::string& sql) {
  sqlite3* raw = nullptr;
  sqlite3_open(file.c_str(), &raw);
  sinks::SqliteDb db(raw);
  sinks::exec(db.get(), sql);
}

class FanOutTest : public ::testing::Test {
 protected:
  explicit FanOutTest(int issues = 3000)
      : emu({"--issues", std::to_string(issues), "--projects", "2", "--comments-per-issue", "1"}) {}

  ScriptResult run(const std::vector<std::string>& files, const std::string& script, size_t batch_rows = 1000) {
    std::vector<std::unique_ptr<sinks::Sink>> dests;
    for (const auto& f : files) dests.push_back(sinks::SqliteSink::open(f));
    SessionOptions options;
    options.batch_rows = batch_rows;
    options.overlap_writes = true;
    Session session(src.get(), std::move(dests), options);
    observer = Recorder{};
    return session.run_script(script, observer);
  }

  // GET /api/v2/issues (the list) since the last clear_log().
  long issue_list_calls() const {
    long n = 0;
    for (const auto& r : emu.requests()) n += r.method == "GET" && r.path == "/api/v2/issues";
    return n;
  }

  httplib::Result send(const std::string& method, const std::string& path, const httplib::Params& form) {
    return testing::emulator_send(emu, method, path, form);
  }
  void edit(int id, const std::string& summary) {
    auto r = send("PATCH", "/issues/" + std::to_string(id), {{"summary", summary}});
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }
  void create(const std::string& summary) {
    auto r = send("POST", "/issues", {{"projectId", "1"}, {"summary", summary}, {"issueTypeId", "1"}, {"priorityId", "3"}});
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  }
  void remove(int id) {
    auto r = send("DELETE", "/issues/" + std::to_string(id), {});
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }

  // The destination's Issues equal the source's, row by row and column by column.
  void expect_equals_source(const std::string& file) {
    auto sink = sinks::SqliteSink::open(file);
    EXPECT_GT(testing::expect_same_as_source(src, *sink, {"", "Issues"}, "SELECT * FROM Issues"), 0) << file;
  }

  EmulatorProcess emu;
  testing::EmulatorSource src{emu};
  backlog::testing::TempDir dir;
  std::string a = dir.file("a.db"), b = dir.file("b.db"), c = dir.file("c.db");
  Recorder observer;
};

class FanOutLargeTest : public FanOutTest {
 protected:
  FanOutLargeTest() : FanOutTest(20000) {}
};

TEST_F(FanOutLargeTest, ThreeDestinationsReadBacklogOnce) {
  emu.clear_log();
  auto three = run({a, b, c}, "REPLICATE Issues;");
  ASSERT_TRUE(three.ok) << three.error;
  long calls_three = issue_list_calls();
  ASSERT_EQ(three.summaries.size(), 3u);
  const std::vector<std::string> files{a, b, c};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(three.summaries[i].destination, "sqlite:" + files[i]);
    EXPECT_EQ(three.summaries[i].mode, "full load");
    EXPECT_EQ(three.summaries[i].rows_read, 20000);
    EXPECT_EQ(three.summaries[i].inserted, 20000);
  }
  // The same statement into one destination makes exactly as many list calls.
  emu.clear_log();
  auto one = run({dir.file("one.db")}, "REPLICATE Issues;");
  ASSERT_TRUE(one.ok) << one.error;
  EXPECT_EQ(calls_three, issue_list_calls());
  EXPECT_GE(calls_three, 200);
  EXPECT_LE(calls_three, 202);
  for (const auto& f : {a, b, c}) expect_equals_source(f);
}

// Two issues that are nobody's parent: deleting a parent clears its children's
// ParentIssueId without moving their Updated, which no incremental run can see.
std::vector<int> leaf_issues(const std::string& file) {
  Rows rows = file_rows(file, "SELECT Id FROM Issues WHERE Id > 100 AND Id NOT IN "
                              "(SELECT ParentIssueId FROM Issues WHERE ParentIssueId IS NOT NULL) "
                              "ORDER BY Id LIMIT 2");
  std::vector<int> ids;
  for (const auto& r : rows) ids.push_back(static_cast<int>(std::get<int64_t>(r[0])));
  return ids;
}

TEST_F(FanOutTest, DestinationsAtDifferentCheckpointsEndEqualAfterOneRead) {
  ASSERT_TRUE(run({a, b}, "REPLICATE Issues;").ok);
  std::vector<int> leaves = leaf_issues(a);
  ASSERT_EQ(leaves.size(), 2u);
  edit(5, "edited while b was away");
  remove(leaves[0]);
  create("created while b was away");
  ASSERT_TRUE(run({a}, "REPLICATE Issues;").ok);  // b is now a run behind a
  edit(6, "edited before c came");

  // a: one run behind; b: two; c: new → one full read serves all three.
  emu.clear_log();
  auto r = run({a, b, c}, "REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  // 3,000 issues (one deleted, one created): 30 pages, perhaps one more to see the end,
  // and one for the newest Updated (read before a chunked first load).
  EXPECT_GE(issue_list_calls(), 30);
  EXPECT_LE(issue_list_calls(), 32);
  ASSERT_EQ(r.summaries.size(), 3u);
  for (const auto& f : {a, b, c}) expect_equals_source(f);

  // Incremental with different checkpoints: c current, a one run behind, b two.
  edit(7, "edited for b and c");
  ASSERT_TRUE(run({b, c}, "REPLICATE Issues;").ok);
  edit(8, "edited for everyone");
  remove(leaves[1]);
  create("created for everyone");
  emu.clear_log();
  auto inc = run({a, b, c}, "REPLICATE Issues;");
  ASSERT_TRUE(inc.ok) << inc.error;
  ASSERT_EQ(inc.summaries.size(), 3u);
  for (const auto& s : inc.summaries) EXPECT_EQ(s.mode, "incremental (cursor)");
  // a missed issue 7; b and c had it: identical rows count as neither.
  EXPECT_EQ(inc.summaries[0].updated, 2);
  EXPECT_EQ(inc.summaries[1].updated, 1);
  EXPECT_EQ(inc.summaries[2].updated, 1);
  for (const auto& s : inc.summaries) {
    EXPECT_EQ(s.inserted, 1) << s.destination;
    EXPECT_EQ(s.deleted, 1) << s.destination;
  }
  bool since = false;
  for (const auto& q : emu.requests()) since = since || q.query.find("updatedSince=") != std::string::npos;
  EXPECT_TRUE(since);
  for (const auto& f : {a, b, c}) expect_equals_source(f);
}

TEST_F(FanOutTest, FailingDestinationIsRolledBackNamedAndCaughtUpNextRun) {
  ASSERT_TRUE(run({a, b, c}, "REPLICATE Issues;").ok);
  // c refuses its third changed row: two are written in its transaction before that.
  file_exec(c, "CREATE TABLE hits(n INTEGER); INSERT INTO hits VALUES (0);"
               "CREATE TRIGGER count_updates AFTER UPDATE ON Issues BEGIN UPDATE hits SET n = n + 1;"
               "  SELECT RAISE(ABORT, 'refused by a test trigger') WHERE (SELECT n FROM hits) >= 3; END;"
               "CREATE TRIGGER count_inserts AFTER INSERT ON Issues BEGIN UPDATE hits SET n = n + 1;"
               "  SELECT RAISE(ABORT, 'refused by a test trigger') WHERE (SELECT n FROM hits) >= 3; END;");
  Rows c_before = file_rows(c, "SELECT * FROM Issues ORDER BY Id");
  Rows c_checkpoint = file_rows(c, "SELECT * FROM _backlogsql_checkpoints");
  for (int id : {10, 2000, 2900}) edit(id, "edited " + std::to_string(id));
  create("a new issue");

  auto r = run({a, b, c}, "REPLICATE Issues;\nSELECT 1;", 1);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("line 1, column 1"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("Issues → sqlite:" + c), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("refused by a test trigger"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("sqlite:" + a), std::string::npos) << r.error;
  ASSERT_EQ(observer.errors.size(), 1u);
  // a and b committed and were summarized; the script went on (SELECT 1 ran).
  ASSERT_EQ(r.summaries.size(), 3u);
  EXPECT_EQ(r.summaries[0].destination, "sqlite:" + a);
  EXPECT_EQ(r.summaries[1].destination, "sqlite:" + b);
  EXPECT_EQ(r.summaries[2].mode, "sql");
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.summaries[i].inserted, 1);
    EXPECT_EQ(r.summaries[i].updated, 3);
  }
  expect_equals_source(a);
  expect_equals_source(b);
  EXPECT_EQ(file_rows(c, "SELECT * FROM Issues ORDER BY Id"), c_before);
  EXPECT_EQ(file_rows(c, "SELECT * FROM _backlogsql_checkpoints"), c_checkpoint);
  EXPECT_EQ(file_rows(c, "SELECT n FROM hits"), (Rows{{Value{int64_t{0}}}}));

  // Repaired, c catches up on the next run; a and b already hold every row.
  file_exec(c, "DROP TRIGGER count_updates; DROP TRIGGER count_inserts;");
  auto again = run({a, b, c}, "REPLICATE Issues;");
  ASSERT_TRUE(again.ok) << again.error;
  ASSERT_EQ(again.summaries.size(), 3u);
  EXPECT_EQ(again.summaries[0].inserted + again.summaries[0].updated, 0);
  EXPECT_EQ(again.summaries[1].inserted + again.summaries[1].updated, 0);
  EXPECT_EQ(again.summaries[2].inserted, 1);
  EXPECT_EQ(again.summaries[2].updated, 3);
  for (const auto& f : {a, b, c}) expect_equals_source(f);
}

}  // namespace
}  // namespace backlog::engine
