// End to end: Backlog tables from a backlog-emulator (through api/ and vtab/) replicated
// into a SQLite file; changes made through the emulator's write endpoints; the
// incremental rerun must equal a fresh full copy while making only a handful of calls.
#include <csignal>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "engine/session.h"
#include "sinks/sqlite_handles.h"
#include "sinks/sqlite_sink.h"
#include "support/emulator_source.h"
#include "support/temp_dir.h"

namespace backlog::engine {
namespace {

using testing::EmulatorProcess;

using testing::EmulatorSource;
using testing::emulator_send;

// The engine's run of `script` into the SQLite file `dest`.
ScriptResult replicate(EmulatorSource& src, const std::string& dest, const std::string& script) {
  return testing::replicate(src, sinks::SqliteSink::open(dest), script);
}

int64_t scalar(sqlite3* db, const std::string& sql) {
  sinks::SqliteStmt s = sinks::prepare(db, sql);
  EXPECT_EQ(sqlite3_step(s.get()), SQLITE_ROW) << sql;
  return sqlite3_column_int64(s.get(), 0);
}

// Rows of `table` that differ between two destination files (both directions) + counts.
void expect_same_table(const std::string& a, const std::string& b, const std::string& table) {
  sqlite3* raw = nullptr;
  sqlite3_open(a.c_str(), &raw);
  sinks::SqliteDb db(raw);
  sinks::exec(db.get(), "ATTACH DATABASE '" + b + "' AS other");
  std::string t = "\"" + table + "\"";
  int64_t n = scalar(db.get(), "SELECT count(*) FROM main." + t);
  EXPECT_GT(n, 0) << table;
  EXPECT_EQ(n, scalar(db.get(), "SELECT count(*) FROM other." + t)) << table;
  EXPECT_EQ(0, scalar(db.get(), "SELECT count(*) FROM (SELECT * FROM main." + t +
                                    " EXCEPT SELECT * FROM other." + t + ")"))
      << table;
  EXPECT_EQ(0, scalar(db.get(), "SELECT count(*) FROM (SELECT * FROM other." + t +
                                    " EXCEPT SELECT * FROM main." + t + ")"))
      << table;
}

class EmulatorReplicateTest : public ::testing::Test {
 protected:
  EmulatorProcess emu{{"--issues", "40", "--projects", "2", "--wikis", "2", "--comments-per-issue", "2"}};
  testing::TempDir dir;
  std::string out = dir.file("out.db");
  std::string fresh = dir.file("fresh.db");

  httplib::Result send(const std::string& method, const std::string& path, const httplib::Params& form) {
    return emulator_send(emu, method, path, form);
  }
};

const char* kScript = "REPLICATE Issues;\nREPLICATE IssueComments;\nREPLICATE WikiPages;";

TEST_F(EmulatorReplicateTest, IncrementalRunEqualsFreshCopyWithFewCalls) {
  EmulatorSource src(emu);
  auto first = replicate(src, out, kScript);
  ASSERT_TRUE(first.ok) << first.error;
  ASSERT_EQ(first.summaries.size(), 3u);
  EXPECT_EQ(first.summaries[0].inserted, 40);
  EXPECT_GT(first.summaries[0].api_calls, 0);

  // Changes through the API: edit, comment, delete, create an issue; edit a wiki page.
  auto r1 = send("PATCH", "/issues/5", {{"summary", "edited through the API"}});
  ASSERT_TRUE(r1 && r1->status == 200);
  auto r2 = send("POST", "/issues/7/comments", {{"content", "a new comment"}});
  ASSERT_TRUE(r2 && r2->status == 201);
  auto r3 = send("DELETE", "/issues/9", {});
  ASSERT_TRUE(r3 && r3->status == 200);
  auto r4 = send("POST", "/issues", {{"projectId", "1"}, {"summary", "brand new"},
                                     {"issueTypeId", "1"}, {"priorityId", "3"}});
  ASSERT_TRUE(r4 && r4->status == 201) << (r4 ? r4->body : "no answer");

  emu.clear_log();
  auto second = replicate(src, out, "REPLICATE Issues;\nREPLICATE IssueComments;");
  ASSERT_TRUE(second.ok) << second.error;
  const auto& issues = second.summaries[0];
  EXPECT_EQ(issues.mode, "incremental (cursor)");
  EXPECT_EQ(issues.inserted, 1);
  EXPECT_GE(issues.updated, 2);  // issue 5 and issue 7 (commented)
  EXPECT_EQ(issues.deleted, 1);
  EXPECT_EQ(second.summaries[1].mode, "incremental (children of changed parents)");
  auto calls = emu.requests();
  EXPECT_LE(calls.size(), 15u);
  for (const auto& c : calls) EXPECT_EQ(c.method, "GET") << c.target();
  bool since = false;
  for (const auto& c : calls) since = since || c.query.find("updatedSince=") != std::string::npos;
  EXPECT_TRUE(since);

  // A fresh full copy of the same source equals the incrementally maintained one.
  EmulatorSource src2(emu);
  auto full = replicate(src2, fresh, "REPLICATE Issues;\nREPLICATE IssueComments;");
  ASSERT_TRUE(full.ok) << full.error;
  expect_same_table(out, fresh, "Issues");
  expect_same_table(out, fresh, "IssueComments");
}

TEST_F(EmulatorReplicateTest, WikiPagesAndCheckCacheRepair) {
  EmulatorSource src(emu);
  auto first = replicate(src, out, "REPLICATE WikiPages;");
  ASSERT_TRUE(first.ok) << first.error;
  auto pages = send("PATCH", "/wikis/1", {{"content", "new wiki text"}});
  ASSERT_TRUE(pages && pages->status == 200) << (pages ? pages->body : "no answer");
  emu.clear_log();
  auto second = replicate(src, out, "REPLICATE WikiPages;");
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.summaries[0].mode, "incremental (changed Updated)");
  EXPECT_EQ(second.summaries[0].updated, 1);
  EXPECT_EQ(second.summaries[0].rows_read, 1);
  // Lists (projects, then each project's pages) and gets for the edited page only (the
  // vtab currently asks for it twice: once by key, once for its detail columns).
  auto calls = emu.requests();
  EXPECT_LE(calls.size(), 5u);
  for (const auto& c : calls) {
    if (c.path.rfind("/api/v2/wikis/", 0) == 0) {
      EXPECT_EQ(c.path, "/api/v2/wikis/1");
    }
  }

  // Edit the replica behind REPLICATE's back; CHECKCACHE finds and repairs it.
  {
    sqlite3* raw = nullptr;
    sqlite3_open(out.c_str(), &raw);
    sinks::SqliteDb db(raw);
    sinks::exec(db.get(), "UPDATE WikiPages SET Name = 'tampered' WHERE Id = 2;"
                          "DELETE FROM WikiPages WHERE Id = 3;");
  }
  auto check = replicate(src, out, "CHECKCACHE WikiPages WITH REPAIR;");
  ASSERT_TRUE(check.ok) << check.error;
  EXPECT_EQ(check.summaries[0].stale, 1);
  EXPECT_EQ(check.summaries[0].missing, 1);
  EmulatorSource src2(emu);
  ASSERT_TRUE(replicate(src2, fresh, "REPLICATE WikiPages;").ok);
  expect_same_table(out, fresh, "WikiPages");
}

// A child process replicates from the emulator and is SIGKILLed in the middle of the
// IssueComments first load (after its first committed statement); the rerun equals a
// fresh copy and the killed load left no half-written table.
TEST_F(EmulatorReplicateTest, KillDashNineMidReplicationThenRerunEqualsFreshCopy) {
  {
    EmulatorSource src(emu);
    ASSERT_TRUE(replicate(src, out, "REPLICATE Issues;").ok);
  }
  auto r1 = send("PATCH", "/issues/3", {{"summary", "edited before the crash"}});
  ASSERT_TRUE(r1 && r1->status == 200);
  auto r2 = send("DELETE", "/issues/4", {});
  ASSERT_TRUE(r2 && r2->status == 200);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    struct Blocker : Observer {
      int fd = -1;
      void on_progress(const StatementSummary& s, int64_t) override {
        if (s.target != "IssueComments") return;
        char c = 'x';
        if (write(fd, &c, 1) != 1) _exit(3);
        for (;;) pause();  // killed here, inside the IssueComments transaction
      }
    } blocker;
    blocker.fd = fds[1];
    EmulatorSource src(emu);
    std::vector<std::unique_ptr<sinks::Sink>> dests;
    dests.push_back(sinks::SqliteSink::open(out));
    SessionOptions options;
    options.batch_rows = 5;
    Session session(src.db.get(), std::move(dests), options);
    session.run_script("REPLICATE Issues;\nREPLICATE IssueComments;", blocker);
    _exit(2);
  }
  close(fds[1]);
  char c = 0;
  ASSERT_EQ(read(fds[0], &c, 1), 1);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  {
    sqlite3* raw = nullptr;
    sqlite3_open(out.c_str(), &raw);
    sinks::SqliteDb db(raw);
    EXPECT_EQ(scalar(db.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'IssueComments'"), 0);
    EXPECT_EQ(scalar(db.get(), "SELECT count(*) FROM Issues WHERE Id = 4"), 0);  // committed before
  }
  EmulatorSource src(emu);
  auto rerun = replicate(src, out, "REPLICATE Issues;\nREPLICATE IssueComments;");
  ASSERT_TRUE(rerun.ok) << rerun.error;
  EmulatorSource src2(emu);
  ASSERT_TRUE(replicate(src2, fresh, "REPLICATE Issues;\nREPLICATE IssueComments;").ok);
  expect_same_table(out, fresh, "Issues");
  expect_same_table(out, fresh, "IssueComments");
}

}  // namespace
}  // namespace backlog::engine
