// backlog.so in the stock /usr/bin/sqlite3: load, connect, query, REPLICATE into the open
// database, errors as SQL errors, backlog_calls — against a backlog-emulator.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "api/client.h"
#include "host_process.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

class SqliteCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--issues", "80", "--projects", "2"}); }
  static void TearDownTestSuite() { delete emu_; }

  // Runs /usr/bin/sqlite3 on `db` (in the test's folder) with backlog.so loaded and
  // `script` on stdin; `{url}` in the script is the emulator's URL.
  HostRun sqlite(const std::string& db, const std::string& script) {
    std::string text = script;
    for (size_t at; (at = text.find("{url}")) != std::string::npos;) text.replace(at, 5, emu_->url());
    // Profiles come from this test's folder, never from the user's ~/.config.
    return run_host("XDG_CONFIG_HOME=" + shell_quote(dir_.path()) + " /usr/bin/sqlite3 -cmd " + shell_quote(".load " + extension_path()) + " " + db, text,
                    dir_.path());
  }
  // The stock CLI without the extension: what any reader of the file sees.
  std::string plain(const std::string& db, const std::string& sql) {
    return run_host("/usr/bin/sqlite3 " + db + " " + shell_quote(sql), "", dir_.path()).out;
  }
  static std::string connect() { return "SELECT backlog_connect('{url}', 'demo-key');\n"; }

  TempDir dir_;
  static EmulatorProcess* emu_;
};
EmulatorProcess* SqliteCliTest::emu_ = nullptr;

long emulator_issue_count(const EmulatorProcess& emu) {
  api::ClientOptions options;
  options.base_url = emu.url();
  options.api_key = emu.api_key();
  api::Client client(options);
  std::string body = client.get("/api/v2/issues/count").body;  // {"count":80}
  return std::stol(body.substr(body.find(':') + 1));
}

TEST_F(SqliteCliTest, CountOfIssuesIsTheEmulators) {
  HostRun r = sqlite(":memory:", connect() + "SELECT count(*) FROM Issues;\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, fmt::format("connected to {} (space {})\n{}\n", emu_->url(), "demo", emulator_issue_count(*emu_)));
}

TEST_F(SqliteCliTest, ConnectionStringConnectsToo) {
  HostRun r = sqlite(":memory:",
                     "SELECT backlog_connect('AuthScheme=APIToken;APIKey=demo-key;URL={url}');\n"
                     "SELECT count(*) FROM Projects;\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, fmt::format("connected to {} (space demo)\n2\n", emu_->url()));
}

TEST_F(SqliteCliTest, TablesBeforeConnectSayHowToConnect) {
  emu_->clear_log();
  HostRun r = sqlite(":memory:", "SELECT count(*) FROM Issues;\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("Issues: not connected to Backlog: run SELECT backlog_connect("), std::string::npos) << r.err;
  // The columns are known already (PRAGMA works), only reading is refused.
  r = sqlite(":memory:", "SELECT count(*) FROM pragma_table_info('Issues') WHERE name IN ('IssueKey', 'Summary');\n");
  EXPECT_EQ(r.out, "2\n") << r.err;
  EXPECT_TRUE(emu_->requests().empty());
}

TEST_F(SqliteCliTest, ReplicateWritesIntoTheOpenDatabase) {
  HostRun r = sqlite("out.db", connect() + "SELECT backlog_replicate('REPLICATE Issues; REPLICATE IssueComments;');\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Issues → sqlite:" + dir_.file("out.db") + " (full load): 80 rows read, 80 inserted"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("IssueComments → sqlite:"), std::string::npos) << r.out;
  // A reader without the extension sees the rows, and the same comments as the API has.
  EXPECT_EQ(plain("out.db", "SELECT count(*), count(DISTINCT IssueKey) FROM Issues"), "80|80\n");
  std::string comments = plain("out.db", "SELECT count(*) FROM IssueComments");
  HostRun live = sqlite(":memory:", connect() + "SELECT count(*) FROM IssueComments;\n");
  EXPECT_EQ(live.out.substr(live.out.find('\n') + 1), comments);

  // Again: incremental, nothing new; and the Backlog tables work again afterwards.
  emu_->clear_log();
  r = sqlite("out.db", connect() + "SELECT backlog_replicate('REPLICATE Issues;');\n"
                                   "SELECT count(*) FROM main.Issues;\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("(incremental"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 inserted, 0 updated, 0 deleted"), std::string::npos) << r.out;
  bool since = false;
  for (const auto& q : emu_->requests()) since = since || q.query.find("updatedSince=") != std::string::npos;
  EXPECT_TRUE(since) << "the second run asks only for issues updated since the checkpoint";
}

TEST_F(SqliteCliTest, SchemaMeansAnAttachedDatabase) {
  HostRun r = sqlite("main.db", connect() +
                                    "ATTACH 'prod.db' AS PROD;\n"
                                    "SELECT backlog_replicate('REPLICATE PROD.Issues SELECT * FROM Issues WHERE ProjectId = 1;');\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(plain("prod.db", "SELECT count(*) > 0, count(*) = sum(ProjectId = 1) FROM Issues"), "1|1\n");
  EXPECT_EQ(plain("main.db", "SELECT count(*) FROM sqlite_schema WHERE name = 'Issues'"), "0\n");
}

TEST_F(SqliteCliTest, BacklogTablesStayQueryableAfterReplicate) {
  // Once main.Issues exists, the name means the replica (SQLite resolves a real table before
  // an eponymous one); the Backlog tables not replicated are still the live ones.
  HostRun r = sqlite("out.db", connect() +
                                   "SELECT backlog_replicate('REPLICATE Issues SELECT * FROM Issues WHERE ProjectId = 1;');\n"
                                   "SELECT count(*) = (SELECT count(*) FROM Issues WHERE ProjectId = 1) FROM Issues;\n"
                                   "SELECT count(*) FROM Projects;\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\n1\n2\n"), std::string::npos) << r.out;
}

TEST_F(SqliteCliTest, FailingStatementRollsBackAndEarlierOnesStay) {
  // Bad refuses issue 40 and later: the REPLICATE fails half-way through its rows.
  HostRun r = sqlite("out.db", connect() +
                                   "CREATE TABLE Bad (Id INTEGER PRIMARY KEY, Summary TEXT, CHECK (Id < 40));\n"
                                   "SELECT backlog_replicate('REPLICATE Projects; REPLICATE Bad SELECT Id, Summary FROM Issues;');\n"
                                   "SELECT count(*) FROM Bad;\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("line 1, column 21: REPLICATE Bad SELECT Id, Summary FROM Issues: Bad → sqlite:"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("CHECK constraint failed"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\n0\n"), std::string::npos) << "the connection goes on: " << r.out;
  EXPECT_EQ(plain("out.db", "SELECT count(*) FROM Projects"), "2\n");
  EXPECT_EQ(plain("out.db", "SELECT count(*) FROM Bad"), "0\n");
  EXPECT_EQ(plain("out.db", "SELECT group_concat(target) FROM _backlogsql_checkpoints"), "Projects\n");
  // Inside a transaction of the caller's: refused with what to do, nothing written.
  r = sqlite("out.db", connect() + "BEGIN;\nSELECT backlog_replicate('REPLICATE Users;');\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("inside a transaction"), std::string::npos) << r.err;
  EXPECT_EQ(plain("out.db", "SELECT count(*) FROM sqlite_schema WHERE name = 'Users'"), "0\n");
}

TEST_F(SqliteCliTest, BadKeyIsAnSqlErrorWithoutTheKey) {
  const std::string key = "sEcReT-key-4711";
  HostRun r = sqlite(":memory:", "SELECT backlog_connect('{url}', '" + key + "');\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("GET /api/v2/space: HTTP 401"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(key), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find(key), std::string::npos) << r.out;
  // Still not connected: the failed attempt changed nothing.
  r = sqlite(":memory:", "SELECT backlog_connect('{url}', '" + key + "');\nSELECT count(*) FROM Issues;\n");
  EXPECT_NE(r.err.find("Issues: not connected to Backlog"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(key), std::string::npos) << r.err;
}

TEST_F(SqliteCliTest, UsageErrorsAreSqlErrors) {
  HostRun r = sqlite(":memory:",
                     "SELECT backlog_connect('just-a-word');\n"
                     "SELECT backlog_connect('AuthScheme=APIToken;APIKey=k;Colour=blue;URL=http://127.0.0.1:1');\n"
                     "SELECT backlog_connect('profile:nobody');\n"
                     "SELECT backlog_replicate('REPLICATE Issues;');\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("backlog_connect: expected (url, api_key), ('profile:NAME') or a connection string"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Colour"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nobody"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("backlog_replicate: not connected to Backlog"), std::string::npos) << r.err;
}

TEST_F(SqliteCliTest, BacklogCallsListsThisConnectionsCalls) {
  emu_->clear_log();
  HostRun r = sqlite(":memory:", connect() +
                                     "SELECT count(*) FROM Issues WHERE ProjectId = 2;\n"
                                     ".mode list\n"
                                     "SELECT seq, method, path, status, bytes > 0, ms >= 0, error IS NULL FROM backlog_calls;\n");
  ASSERT_EQ(r.status, 0) << r.err;
  auto logged = emu_->requests();
  ASSERT_EQ(logged.size(), 2u);  // /space (the connect check), then the issues of project 2
  EXPECT_EQ(logged[1].path, "/api/v2/issues");
  std::string calls = r.out.substr(r.out.find('\n', r.out.find('\n') + 1) + 1);
  EXPECT_EQ(calls,
            "1|GET|/api/v2/space|200|1|1|1\n"
            "2|GET|/api/v2/issues?projectId%5B%5D=2&count=100|200|1|1|1\n");
  EXPECT_EQ(r.out.find("demo-key"), std::string::npos);
}

}  // namespace
}  // namespace backlog::testing
