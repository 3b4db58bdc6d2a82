// First loads that resume: a first load commits in chunks, and after an interruption the
// next run continues after the last committed chunk instead of starting over — reading
// only what is left (the emulator's request log says so) — and the table ends equal to a
// fresh copy. The interruption is an observer that throws after some rows, the way an
// outage or a failing destination ends a statement (kill -9: tests/e2e/crash_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "engine/engine_error.h"
#include "engine/load_marker.h"
#include "engine/options.h"
#include "engine/session.h"
#include "sinks/sqlite_handles.h"
#include "sinks/sqlite_sink.h"
#include "support/emulator_source.h"
#include "support/temp_dir.h"
#include "vtab/register.h"

namespace backlog::engine {
namespace {

using testing::EmulatorProcess;
using testing::EmulatorSource;
using testing::LoggedRequest;

// Ends the statement (like an outage would) once `stop_at` rows were read.
struct StopAfter : Observer {
  int64_t stop_at;
  explicit StopAfter(int64_t rows) : stop_at(rows) {}
  void on_progress(const StatementSummary&, int64_t rows) override {
    if (rows >= stop_at) throw std::runtime_error("interrupted by the test");
  }
};

// The first value `sql` answers on the SQLite file `db` (with `other` attached as "other").
sinks::Value scalar(const std::string& db, const std::string& sql, const std::string& other = "") {
  sqlite3* raw = nullptr;
  sqlite3_open(db.c_str(), &raw);
  sinks::SqliteDb handle(raw);
  if (!other.empty()) sinks::exec(handle.get(), "ATTACH DATABASE '" + other + "' AS other");
  sinks::SqliteStmt s = sinks::prepare(handle.get(), sql);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return {};
  return sinks::column_value(s.get(), 0);
}

int64_t count(const std::string& db, const std::string& table) {
  return std::get<int64_t>(scalar(db, "SELECT count(*) FROM \"" + table + "\""));
}

std::string window_next(const std::string& db, const std::string& target) {
  auto v = scalar(db, "SELECT window_next FROM _backlogsql_checkpoints WHERE target = '" + target + "'");
  return sinks::is_null(v) ? "" : std::get<std::string>(v);
}

// Rows of `table` in one file and not in the other (both ways).
int64_t differing_rows(const std::string& a, const std::string& b, const std::string& table) {
  const std::string t = "\"" + table + "\"";
  return std::get<int64_t>(scalar(a, "SELECT (SELECT count(*) FROM (SELECT * FROM main." + t +
                                         " EXCEPT SELECT * FROM other." + t + ")) + (SELECT count(*) FROM "
                                         "(SELECT * FROM other." + t + " EXCEPT SELECT * FROM main." + t + "))",
                                  b));
}

std::string table_info(const std::string& db, const std::string& table) {
  auto v = scalar(db, "SELECT group_concat(name || ' ' || type || ' ' || pk, ', ') FROM pragma_table_info('" +
                          table + "')");
  return sinks::is_null(v) ? "" : std::get<std::string>(v);
}

bool is_issue_list(const LoggedRequest& r) { return r.method == "GET" && r.path == "/api/v2/issues"; }

// "/api/v2/issues/17/comments" → 17; -1 for anything else.
long comments_parent(const LoggedRequest& r) {
  const std::string prefix = "/api/v2/issues/", suffix = "/comments";
  if (r.path.rfind(prefix, 0) != 0 || r.path.size() <= prefix.size() + suffix.size() ||
      r.path.compare(r.path.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  return std::stol(r.path.substr(prefix.size(), r.path.size() - prefix.size() - suffix.size()));
}

class ResumeTest : public ::testing::Test {
 protected:
  explicit ResumeTest(std::vector<std::string> args = {"--issues", "300", "--projects", "2",
                                                       "--comments-per-issue", "0"})
      : emu(std::move(args)) {}

  // Runs `script` into `dests` (SQLite files), batches of 10 rows, writes overlapped as
  // in backlogsql; with `stop_at`, the statement is interrupted after that many rows.
  ScriptResult run(const std::vector<std::string>& dests, const std::string& script, int64_t stop_at = 0) {
    StopAfter stop(stop_at > 0 ? stop_at : INT64_MAX);
    return run(dests, script, stop);
  }
  ScriptResult run(const std::vector<std::string>& dests, const std::string& script, Observer& observer) {
    std::vector<std::unique_ptr<sinks::Sink>> sinks;
    for (const auto& d : dests) sinks.push_back(sinks::SqliteSink::open(d));
    SessionOptions options;
    options.batch_rows = 10;
    options.overlap_writes = true;
    Session session(src.get(), std::move(sinks), options);
    return session.run_script(script, observer);
  }
  int64_t same_as_source(const std::string& db, const std::string& table) {
    auto sink = sinks::SqliteSink::open(db);
    return testing::expect_same_as_source(src, *sink, {"", table}, "SELECT * FROM \"" + table + "\"");
  }
  std::vector<LoggedRequest> issue_lists() {
    std::vector<LoggedRequest> out;
    for (const auto& r : emu.requests())
      if (is_issue_list(r)) out.push_back(r);
    return out;
  }
  void expect_ok(const httplib::Result& r, int status) {
    ASSERT_TRUE(r) << "no answer from the emulator";
    EXPECT_EQ(r->status, status) << r->body;
  }

  EmulatorProcess emu;
  EmulatorSource src{emu};
  ::backlog::testing::TempDir dir;
  std::string out = dir.file("out.db");
};

constexpr const char* kIssues = "REPLICATE Issues WITH ChunkSize=50;";

TEST_F(ResumeTest, FirstLoadReadsNewestCreatedFirstAndCommitsEachChunk) {
  auto r = run({out}, kIssues, 170);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("interrupted by the test"), std::string::npos) << r.error;
  // Chunks of 50 rows committed: 150 rows, the newest created ones (ids 151…300).
  EXPECT_EQ(count(out, "Issues"), 150);
  EXPECT_EQ(scalar(out, "SELECT min(Id) FROM Issues"), sinks::Value{int64_t{151}});
  auto marker = LoadMarker::parse(window_next(out, "Issues"));
  EXPECT_EQ(marker.kind, LoadMarker::Kind::Rows);
  EXPECT_EQ(marker.column, "Created");
  EXPECT_EQ(sinks::Value{marker.upto}, scalar(out, "SELECT min(Created) FROM Issues"));
  // The order is pushed to the API (no sort holding every row in SQLite first).
  auto lists = issue_lists();
  ASSERT_FALSE(lists.empty());
  for (const auto& l : lists) {
    if (l.query.find("offset=") != std::string::npos) {
      EXPECT_NE(l.query.find("sort=created&order=desc"), std::string::npos) << l.target();
    }
  }
}

TEST_F(ResumeTest, RerunReadsOnlyWhatIsLeftAndEqualsAFreshCopy) {
  ASSERT_FALSE(run({out}, kIssues, 170).ok);
  const std::string upto = LoadMarker::parse(window_next(out, "Issues")).upto;
  emu.clear_log();
  auto r = run({out}, kIssues);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "full load (resumed)");
  EXPECT_EQ(window_next(out, "Issues"), "");
  // What is left: 150 rows (plus the rows created the same day after the marker, read
  // again and dropped by SQLite): two pages, every one bounded by createdUntil.
  auto lists = issue_lists();
  EXPECT_LE(lists.size(), 3u);
  for (const auto& l : lists)
    EXPECT_NE(l.query.find("createdUntil=" + upto.substr(0, 10)), std::string::npos) << l.target();
  EXPECT_EQ(emu.requests().size(), lists.size());  // no head reads: those are in the checkpoint
  EXPECT_GE(r.summaries[0].rows_read, 150);
  EXPECT_LE(r.summaries[0].rows_read, 151);
  EXPECT_EQ(same_as_source(out, "Issues"), 300);
  EXPECT_EQ(scalar(out, "SELECT cursor FROM _backlogsql_checkpoints"),
            scalar(out, "SELECT max(Updated) FROM Issues"));

  // Equal, schema and rows, to a load in one transaction (ChunkSize=0).
  std::string whole = dir.file("whole.db");
  auto one = run({whole}, "REPLICATE Issues WITH ChunkSize=0;");
  ASSERT_TRUE(one.ok) << one.error;
  EXPECT_EQ(table_info(out, "Issues"), table_info(whole, "Issues"));
  EXPECT_EQ(differing_rows(out, whole, "Issues"), 0);
}

TEST_F(ResumeTest, ChangesWhileInterruptedAndAfterEndEqualToTheSource) {
  // Deleting a parent issue clears its children's ParentIssueId without moving their
  // Updated (no incremental run can see that): delete issues nobody points to.
  auto leaf = [&](int from) {
    sinks::SqliteStmt s = sinks::prepare(
        src.get(), "SELECT min(Id) FROM Issues WHERE Id >= ? AND Id NOT IN "
                   "(SELECT ParentIssueId FROM Issues WHERE ParentIssueId IS NOT NULL)");
    sqlite3_bind_int(s.get(), 1, from);
    EXPECT_EQ(sqlite3_step(s.get()), SQLITE_ROW);
    return "/issues/" + std::to_string(sqlite3_column_int(s.get(), 0));
  };
  const std::string copied = leaf(280), not_copied = leaf(20), later = leaf(100);
  ASSERT_FALSE(run({out}, kIssues, 170).ok);  // ids 151…300 committed
  expect_ok(testing::emulator_send(emu, "PATCH", "/issues/290", {{"summary", "copied, then edited"}}), 200);
  expect_ok(testing::emulator_send(emu, "PATCH", "/issues/10", {{"summary", "edited before it was copied"}}), 200);
  expect_ok(testing::emulator_send(emu, "DELETE", copied), 200);
  expect_ok(testing::emulator_send(emu, "DELETE", not_copied), 200);
  expect_ok(testing::emulator_send(emu, "POST", "/issues", {{"projectId", "1"}, {"summary", "created meanwhile"},
                                                           {"issueTypeId", "1"}, {"priorityId", "3"}}),
            201);
  auto resumed = run({out}, kIssues);
  ASSERT_TRUE(resumed.ok) << resumed.error;
  EXPECT_EQ(resumed.summaries[0].mode, "full load (resumed)");
  EXPECT_EQ(scalar(out, "SELECT Summary FROM Issues WHERE Id = 10"), sinks::Value{"edited before it was copied"});
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM Issues WHERE Id = " + not_copied.substr(8)),
            sinks::Value{int64_t{0}});

  expect_ok(testing::emulator_send(emu, "PATCH", "/issues/5", {{"summary", "edited after the load"}}), 200);
  expect_ok(testing::emulator_send(emu, "DELETE", later), 200);
  // The first incremental run catches what changed since the load began.
  auto next = run({out}, kIssues);
  ASSERT_TRUE(next.ok) << next.error;
  EXPECT_EQ(next.summaries[0].mode, "incremental (cursor)");
  EXPECT_EQ(same_as_source(out, "Issues"), 298);
}

TEST_F(ResumeTest, AReloadOfATableHoldingRowsStaysOneTransaction) {
  ASSERT_TRUE(run({out}, "REPLICATE Issues;").ok);
  // Another SELECT reloads the table: interrupted, the old copy stays whole.
  auto r = run({out}, "REPLICATE Issues WITH ChunkSize=50 SELECT * FROM Issues WHERE ProjectId = 1;", 70);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(count(out, "Issues"), 300);
  EXPECT_EQ(window_next(out, "Issues"), "");
}

TEST_F(ResumeTest, TwoDestinationsAtDifferentPointsResumeFromTheEarliest) {
  std::string a = dir.file("a.db"), b = dir.file("b.db");
  ASSERT_FALSE(run({a}, kIssues, 70).ok);   // 50 rows committed
  ASSERT_FALSE(run({b}, kIssues, 170).ok);  // 150 rows committed
  const std::string upto = LoadMarker::parse(window_next(a, "Issues")).upto;
  emu.clear_log();
  auto r = run({a, b}, kIssues);
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.summaries.size(), 2u);
  EXPECT_EQ(r.summaries[0].mode, "full load (resumed)");
  EXPECT_EQ(r.summaries[0].inserted, 250);  // a lacked 250 rows
  EXPECT_EQ(r.summaries[1].inserted, 150);  // b lacked 150 and holds the others already
  EXPECT_EQ(r.summaries[1].updated, 0);
  for (const auto& l : issue_lists())
    EXPECT_NE(l.query.find("createdUntil=" + upto.substr(0, 10)), std::string::npos) << l.target();
  EXPECT_EQ(same_as_source(a, "Issues"), 300);
  EXPECT_EQ(same_as_source(b, "Issues"), 300);
  EXPECT_EQ(window_next(a, "Issues"), "");
  EXPECT_EQ(window_next(b, "Issues"), "");
}

TEST_F(ResumeTest, AFinishedAndAnInterruptedDestinationResumeTheInterruptedOne) {
  std::string a = dir.file("a.db"), b = dir.file("b.db");
  ASSERT_TRUE(run({a}, kIssues).ok);
  ASSERT_FALSE(run({b}, kIssues, 170).ok);
  emu.clear_log();
  auto r = run({a, b}, kIssues);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "full load (resumed)");
  EXPECT_LE(issue_lists().size(), 3u);
  EXPECT_EQ(same_as_source(a, "Issues"), 300);
  EXPECT_EQ(same_as_source(b, "Issues"), 300);
  // Both finished: the next run is incremental for both.
  auto next = run({a, b}, kIssues);
  ASSERT_TRUE(next.ok) << next.error;
  EXPECT_EQ(next.summaries[0].mode, "incremental (cursor)");
}

TEST_F(ResumeTest, ANewDestinationRestartsTheLoadForAll) {
  std::string fresh = dir.file("new.db"), b = dir.file("b.db");
  ASSERT_FALSE(run({b}, kIssues, 170).ok);
  emu.clear_log();
  auto r = run({fresh, b}, kIssues);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summaries[0].mode, "full load");
  for (const auto& l : issue_lists()) EXPECT_EQ(l.query.find("createdUntil="), std::string::npos) << l.target();
  EXPECT_EQ(same_as_source(fresh, "Issues"), 300);
  EXPECT_EQ(same_as_source(b, "Issues"), 300);
}

class CommentsResumeTest : public ResumeTest {
 protected:
  CommentsResumeTest() : ResumeTest({"--issues", "40", "--projects", "2", "--comments-per-issue", "3"}) {}
};

TEST_F(CommentsResumeTest, InterruptedFanOutResumesAtTheParent) {
  // ChunkSize=300: a chunk is a group of 3 parents (300 / 100) — the rows never reach 300.
  const char* script = "REPLICATE IssueComments WITH ChunkSize=300;";
  auto first = run({out}, script, 40);
  ASSERT_FALSE(first.ok);
  auto marker = LoadMarker::parse(window_next(out, "IssueComments"));
  ASSERT_EQ(marker.kind, LoadMarker::Kind::Parents);
  EXPECT_EQ(marker.column, "Created");
  // Parents in the order their comments were read: a group's in its IN list's order, so
  // the groups through the one holding `done` (its oldest parent) are committed.
  std::vector<long> read;
  for (const auto& r : emu.requests()) {
    if (is_issue_list(r) && r.query.find("offset=") != std::string::npos) {
      EXPECT_NE(r.query.find("sort=created&order=desc"), std::string::npos) << r.target();
    }
    if (long p = comments_parent(r); p > 0) read.push_back(p);
  }
  auto done_at = std::find(read.begin(), read.end(), std::stol(marker.done));
  ASSERT_NE(done_at, read.end());
  const size_t through = static_cast<size_t>(done_at - read.begin()) / 3 * 3 + 3;
  ASSERT_LE(through, read.size());
  std::set<long> committed(read.begin(), read.begin() + static_cast<long>(through));
  EXPECT_EQ(committed.size(), through);
  EXPECT_GE(committed.size(), 3u);
  EXPECT_EQ(scalar(out, "SELECT count(DISTINCT IssueId) FROM IssueComments WHERE IssueId NOT IN (" +
                            [&] {
                              std::string in;
                              for (long p : committed) in += (in.empty() ? "" : ",") + std::to_string(p);
                              return in;
                            }() + ")"),
            sinks::Value{int64_t{0}});

  emu.clear_log();
  auto resumed = run({out}, script);
  ASSERT_TRUE(resumed.ok) << resumed.error;
  EXPECT_EQ(resumed.summaries[0].mode, "full load (resumed)");
  std::set<long> again;
  for (const auto& r : emu.requests()) {
    if (is_issue_list(r)) {
      EXPECT_NE(r.query.find("createdUntil=" + marker.upto.substr(0, 10)), std::string::npos) << r.target();
    }
    if (long p = comments_parent(r); p > 0) {
      EXPECT_FALSE(committed.count(p)) << "comments of issue " << p << " were committed, and read again";
      again.insert(p);
    }
  }
  EXPECT_EQ(committed.size() + again.size(), 40u);  // every issue's comments read once
  EXPECT_EQ(window_next(out, "IssueComments"), "");
  EXPECT_GT(same_as_source(out, "IssueComments"), 40);
}

// The comment-list requests of a request log (GET /api/v2/issues/N/comments), by path.
std::multiset<std::string> comment_lists(const std::vector<LoggedRequest>& reqs) {
  std::multiset<std::string> paths;
  for (const auto& r : reqs)
    if (comments_parent(r) > 0) paths.insert(r.path);
  return paths;
}

// The ids of the source's issues, newest Created first (the order a chunked load reads).
std::vector<long> issues_newest_first(sqlite3* source) {
  sinks::SqliteStmt s = sinks::prepare(source, "SELECT Id FROM Issues ORDER BY Created DESC");
  std::vector<long> ids;
  while (sqlite3_step(s.get()) == SQLITE_ROW) ids.push_back(static_cast<long>(sqlite3_column_int64(s.get(), 0)));
  return ids;
}

TEST_F(CommentsResumeTest, ChunkedFirstLoadEqualsOneTransactionWithTheSameCalls) {
  const std::string chunked = dir.file("chunked.db"), whole = dir.file("whole.db");
  auto r = run({chunked}, "REPLICATE IssueComments WITH ChunkSize=300;");  // groups of 3 issues
  ASSERT_TRUE(r.ok) << r.error;
  auto chunked_calls = comment_lists(emu.requests());
  emu.clear_log();
  r = run({whole}, "REPLICATE IssueComments WITH ChunkSize=0;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(chunked_calls.size(), 40u);  // one list per issue (none has 100 comments)
  EXPECT_EQ(chunked_calls, comment_lists(emu.requests()));
  EXPECT_EQ(table_info(chunked, "IssueComments"), table_info(whole, "IssueComments"));
  EXPECT_GT(count(chunked, "IssueComments"), 40);
  EXPECT_EQ(count(chunked, "IssueComments"), count(whole, "IssueComments"));
  EXPECT_EQ(differing_rows(chunked, whole, "IssueComments"), 0);
  EXPECT_EQ(window_next(chunked, "IssueComments"), "");
}

// Deletes one issue when the first rows are reported: after the load listed it, before
// its comments are read.
struct DeleteIssueOnce : Observer {
  const EmulatorProcess& emu;
  long id;
  int status = 0;  // the DELETE's answer
  DeleteIssueOnce(const EmulatorProcess& e, long issue) : emu(e), id(issue) {}
  void on_progress(const StatementSummary&, int64_t) override {
    if (status) return;
    auto r = testing::emulator_send(emu, "DELETE", "/issues/" + std::to_string(id));
    status = r ? r->status : -1;
  }
};

TEST_F(CommentsResumeTest, AParentDeletedWhileTheLoadRunsIsSkipped) {
  // The newest issue of the last full group of 3 (40 = 13 × 3 + 1): the group's IN list
  // reads it last (ids ascending), after the two others' comments, which are then read
  // again one at a time — and must be written once.
  auto ids = issues_newest_first(src.get());
  ASSERT_EQ(ids.size(), 40u);
  const long gone = std::max({ids[36], ids[37], ids[38]});
  emu.clear_log();
  DeleteIssueOnce del(emu, gone);
  auto r = run({out}, "REPLICATE IssueComments WITH ChunkSize=300;", del);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(del.status, 200);
  EXPECT_EQ(r.summaries[0].mode, "full load");
  std::map<long, int> reads, not_found;
  for (const auto& q : emu.requests())
    if (long p = comments_parent(q); p > 0) {
      ++reads[p];
      if (q.status == 404) ++not_found[p];
    }
  EXPECT_GE(not_found[gone], 1);  // its list answered 404, and the load went on
  EXPECT_EQ(not_found.size(), 1u);
  for (long id : ids) {
    EXPECT_GE(reads[id], 1) << "issue " << id;
    EXPECT_LE(reads[id], 2) << "issue " << id;  // at most again, one at a time, in its group
  }
  EXPECT_EQ(scalar(out, "SELECT count(*) FROM IssueComments WHERE IssueId = " + std::to_string(gone)),
            sinks::Value{int64_t{0}});
  EXPECT_GT(same_as_source(out, "IssueComments"), 40);  // every other issue's comments
  EXPECT_EQ(r.summaries[0].rows_read, count(out, "IssueComments"));
  EXPECT_EQ(r.summaries[0].inserted, count(out, "IssueComments"));
  EXPECT_EQ(window_next(out, "IssueComments"), "");
}

// Gives `src` a client keeping `n` requests in flight (EmulatorSource's is serial).
void use_parallel_client(EmulatorSource& src, const EmulatorProcess& emu, int n) {
  api::ClientOptions o;
  o.base_url = emu.url();
  o.api_key = emu.api_key();
  o.parallel = n;
  src.client = std::make_shared<api::Client>(o);
  sqlite3* raw = nullptr;
  sqlite3_open(":memory:", &raw);
  src.db.reset(raw);
  std::string err;
  ASSERT_EQ(vtab::register_tables(src.get(), src.client, &err), SQLITE_OK) << err;
}

// --parallel N speeds up a chunked first load of comments as it does a SELECT: each
// group's `IssueId IN (…)` query keeps N comment requests in flight (the emulator logs
// how many it was handling when each came), with the serial load's rows and calls.
TEST(ChunkedCommentsTest, AParallelClientKeepsCommentRequestsInFlight) {
  EmulatorProcess emu({"--issues", "40", "--projects", "2", "--comments-per-issue", "3", "--latency-ms", "10"});
  ::backlog::testing::TempDir dir;
  const std::string serial_db = dir.file("serial.db"), parallel_db = dir.file("parallel.db");
  const std::string script = "REPLICATE IssueComments WITH ChunkSize=1000;";  // groups of 10 issues
  SessionOptions options;
  options.batch_rows = 10;
  EmulatorSource serial(emu);
  auto r = testing::replicate(serial, sinks::SqliteSink::open(serial_db), script, options);
  ASSERT_TRUE(r.ok) << r.error;
  auto serial_reqs = emu.requests();
  emu.clear_log();

  EmulatorSource par(emu);
  use_parallel_client(par, emu, 4);
  r = testing::replicate(par, sinks::SqliteSink::open(parallel_db), script, options);
  ASSERT_TRUE(r.ok) << r.error;
  auto reqs = emu.requests();
  EXPECT_EQ(comment_lists(reqs).size(), 40u);
  EXPECT_EQ(comment_lists(reqs), comment_lists(serial_reqs));
  size_t overlapped = 0, comments = 0;
  int most = 0;
  for (const auto& q : reqs) {
    most = std::max(most, q.in_flight);
    if (comments_parent(q) < 0) continue;
    ++comments;
    if (q.in_flight >= 2) ++overlapped;
  }
  // In a group of 10 only the first request may find none in flight (serially: none do).
  EXPECT_GE(overlapped * 2, comments) << overlapped << " of " << comments;
  EXPECT_LE(most, 4);
  for (const auto& q : serial_reqs) EXPECT_EQ(q.in_flight, 1) << q.target();
  EXPECT_EQ(differing_rows(serial_db, parallel_db, "IssueComments"), 0);
  EXPECT_EQ(count(parallel_db, "IssueComments"), count(serial_db, "IssueComments"));
}

TEST(LoadMarkerTest, TextRoundTripsAndTheEarliestServesBoth) {
  using K = LoadMarker::Kind;
  LoadMarker rows{.kind = K::Rows, .column = "Created", .upto = "2024-05-06T07:08:09Z"};
  EXPECT_EQ(rows.text(), R"({"rows":"Created","upto":"2024-05-06T07:08:09Z"})");
  LoadMarker back = LoadMarker::parse(rows.text());
  EXPECT_EQ(back.kind, K::Rows);
  EXPECT_EQ(back.upto, rows.upto);
  EXPECT_EQ(LoadMarker::parse("2024-03-01").kind, K::Window);
  EXPECT_EQ(LoadMarker::parse("").kind, K::None);
  EXPECT_THROW(LoadMarker::parse("{\"rows\": 1}"), EngineError);

  LoadMarker older = rows, newer = rows;
  older.upto = "2023-01-01T00:00:00Z";
  EXPECT_EQ(earliest_marker(older, newer)->upto, newer.upto);  // re-reads more
  EXPECT_EQ(earliest_marker(newer, older)->upto, newer.upto);
  EXPECT_EQ(earliest_marker(LoadMarker{}, older)->upto, older.upto);
  EXPECT_FALSE(earliest_marker(older, LoadMarker::parse("2024-03-01")));
  LoadMarker w1 = LoadMarker::parse("2024-03-01"), w2 = LoadMarker::parse("2024-05-01");
  EXPECT_EQ(earliest_marker(w2, w1)->upto, "2024-03-01");  // windows go forward

  LoadMarker p1{.kind = K::Parents, .column = "Created", .upto = "2024-01-01T00:00:00Z", .done = "7"};
  LoadMarker p2 = p1;
  p2.done = "8";
  EXPECT_EQ(LoadMarker::parse(p1.text()).done, "7");
  EXPECT_EQ(earliest_marker(p1, p2)->done, "");  // same point, different parents: skip none
}

TEST(ChunkSizeOptionTest, ParsesZeroAndPositiveNumbersOnly) {
  std::string error;
  auto opts = [&](const char* v) {
    return parse_replicate_options({grammar::Option{.name = "ChunkSize", .value = std::string(v), .where = {}}}, &error);
  };
  EXPECT_EQ(opts("20000")->chunk_rows, 20000);
  EXPECT_EQ(opts("0")->chunk_rows, 0);
  EXPECT_FALSE(opts("-1"));
  EXPECT_NE(error.find("ChunkSize"), std::string::npos) << error;
  EXPECT_FALSE(opts("many"));
  EXPECT_EQ(parse_replicate_options({}, &error)->chunk_rows, 5000);
}

}  // namespace
}  // namespace backlog::engine
