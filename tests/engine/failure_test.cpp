// Failure safety: an error or a kill -9 in the middle of a statement leaves the previous
// consistent state (data and checkpoint), and the next run ends equal to a fresh copy.
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_fixture.h"
#include "sinks/sqlite_handles.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;

const char* kAllIssues = "SELECT Id, Summary, StatusId, Hours, Updated FROM Issues ORDER BY Id";

// fail_at(Id): raises an SQL error when Id equals the value it was registered with —
// a stand-in for an API outage in the middle of a long read.
int64_t g_fail_id = -1;
void fail_at(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_int64(argv[0]) == g_fail_id) {
    sqlite3_result_error(ctx, "HTTP 503 from /api/v2/issues: Service Unavailable", -1);
    return;
  }
  sqlite3_result_int(ctx, 1);
}

class FailureTest : public EngineTest {
 protected:
  FailureTest() {
    sqlite3_create_function(source, "fail_at", 1, SQLITE_UTF8, nullptr, fail_at, nullptr, nullptr);
  }
  ~FailureTest() override { g_fail_id = -1; }
};

TEST_F(FailureTest, ErrorMidStatementKeepsPreviousState) {
  ASSERT_TRUE(run("REPLICATE Issues SELECT * FROM Issues;").ok);
  auto before = dest_rows(kAllIssues);
  auto cp_before = dest_rows("SELECT * FROM _backlogsql_checkpoints");
  source_exec("UPDATE Issues SET Summary = 'changed', Updated = '2024-07-01T00:00:00Z';");
  g_fail_id = 4;
  // Batches of 1 row: rows 1..3 were upserted before the failure, inside the transaction.
  auto r = run("SELECT 1;\nREPLICATE Issues SELECT * FROM Issues WHERE fail_at(Id);\nSELECT 2;", 1);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("line 2, column 1"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("REPLICATE Issues SELECT"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("HTTP 503"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("Issues → sqlite:"), std::string::npos) << r.error;
  EXPECT_EQ(r.summaries.size(), 1u);  // SELECT 1 ran, SELECT 2 did not
  EXPECT_EQ(dest_rows(kAllIssues), before);
  EXPECT_EQ(dest_rows("SELECT * FROM _backlogsql_checkpoints"), cp_before);
  // The same incremental run without the failure ends equal to the source.
  g_fail_id = -1;
  auto ok = run("REPLICATE Issues SELECT * FROM Issues;", 1);
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
}

TEST_F(FailureTest, WindowedLoadResumesFromLastCommittedWindow) {
  const char* stmt = "REPLICATE W WITH ReplicateInterval=1, ReplicateIntervalUnit=months, "
                     "ReplicateStartDate='2024-01-01' SELECT * FROM Issues WHERE fail_at(Id);";
  // Like the API's updatedSince/Until, an index makes each window read only its rows.
  source_exec("CREATE INDEX IssuesUpdated ON Issues(Updated);");
  g_fail_id = 3;  // Issue 3 is in the March window
  auto r = run(stmt);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("HTTP 503"), std::string::npos) << r.error;
  // January and February were committed; the checkpoint says where to resume.
  EXPECT_EQ(dest_rows("SELECT Id FROM W ORDER BY Id"), (Rows{{int64_t{1}}, {int64_t{2}}}));
  EXPECT_EQ(dest_rows("SELECT window_next FROM _backlogsql_checkpoints")[0][0], Value{"2024-03-01"});
  g_fail_id = -1;
  take_source_sql();
  auto resumed = run(stmt);
  ASSERT_TRUE(resumed.ok) << resumed.error;
  EXPECT_EQ(resumed.summaries[0].mode, "windowed load (resumed)");
  EXPECT_EQ(resumed.summaries[0].rows_read, 3);
  EXPECT_EQ(dest_rows("SELECT Id, Summary, StatusId, Hours, Updated FROM W ORDER BY Id"), source_rows(kAllIssues));
  EXPECT_EQ(dest_rows("SELECT window_next FROM _backlogsql_checkpoints")[0][0], Value{""});
}

// The child replicates with a source that blocks after the first batch; the parent
// SIGKILLs it mid-transaction, then reruns: the result equals a fresh full copy.
TEST_F(FailureTest, KillDashNineMidStatementThenRerunEqualsFreshCopy) {
  ASSERT_TRUE(run("REPLICATE Issues;").ok);
  source_exec(R"(
    UPDATE Issues SET Summary = Summary || ' v2', Updated = '2024-07-01T00:00:00Z';
    INSERT INTO Issues VALUES (7, 'seventh', 1, 1.0, '2024-07-02T00:00:00Z');
  )");
  delete_issue(5);
  int pipe_fd[2];
  ASSERT_EQ(pipe(pipe_fd), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Child: its own connections; report the first batch, then wait to be killed.
    close(pipe_fd[0]);
    sqlite3* src = nullptr;
    sqlite3_open(source_path.c_str(), &src);
    std::vector<std::unique_ptr<sinks::Sink>> dests;
    dests.push_back(sinks::SqliteSink::open(dest_path));
    SessionOptions options;
    options.batch_rows = 2;
    options.resources = fixture_resources();
    struct Blocker : Observer {
      int fd;
      void on_progress(const StatementSummary&, int64_t) override {
        char c = 'x';
        if (write(fd, &c, 1) != 1) _exit(3);
        for (;;) pause();
      }
    } blocker;
    blocker.fd = pipe_fd[1];
    Session session(src, std::move(dests), options);
    session.run_script("REPLICATE Issues;", blocker);
    _exit(2);  // not reached: killed in on_progress
  }
  close(pipe_fd[1]);
  char c = 0;
  ASSERT_EQ(read(pipe_fd[0], &c, 1), 1);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(pipe_fd[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The killed run left nothing: still the first run's rows (5 issues, old summaries).
  EXPECT_EQ(dest_rows("SELECT count(*) FROM Issues WHERE Summary LIKE '% v2'")[0][0], Value{int64_t{0}});
  auto r = run("REPLICATE Issues;");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(dest_rows(kAllIssues), source_rows(kAllIssues));
}

}  // namespace
}  // namespace backlog::engine::testing
