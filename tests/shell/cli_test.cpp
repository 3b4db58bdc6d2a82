// The backlogsql program as a user runs it: options, output modes, scripts, exit codes.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "backlogsql_run.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

using CliRun = BacklogsqlRun;

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--issues", "60", "--projects", "2"}); }
  static void TearDownTestSuite() { delete emu_; }

  // Runs backlogsql on the suite's emulator with `args` (a shell-quoted string), optional
  // stdin text.
  CliRun run(const std::string& args, const std::string& input = "") {
    return run_backlogsql(dir_.path(), "--url " + emu_->url() + " --api-key demo-key " + args, "", input);
  }

  TempDir dir_;
  static EmulatorProcess* emu_;
};
EmulatorProcess* CliTest::emu_ = nullptr;

TEST_F(CliTest, ListModeIsTheDefault) {
  CliRun r = run("-c \"SELECT Id, ProjectKey FROM Projects ORDER BY Id\"");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "1|PRJ1\n2|PRJ2\n");
}

TEST_F(CliTest, CsvWithHeadersQuotesWhereNeeded) {
  std::string f = dir_.file("csv.sql");
  std::ofstream(f) << "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 2.5 AS w;";
  CliRun r = run("--mode csv --headers on -f " + f);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "x,y,z,w\r\n\"a,b\",\"say \"\"hi\"\"\",,2.5\r\n");
}

TEST_F(CliTest, JsonKeepsTypes) {
  CliRun r = run("--mode json -c \"SELECT Id, ProjectKey, NULL AS n FROM Projects WHERE Id = 1\"");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "[{\"Id\":1,\"ProjectKey\":\"PRJ1\",\"n\":null}]\n");
}

TEST_F(CliTest, TableAndLineModes) {
  CliRun r = run("--mode table --headers on -c \"SELECT 1 AS a, 'xyz' AS bb\"");
  EXPECT_EQ(r.out, "+---+-----+\n| a | bb  |\n+---+-----+\n| 1 | xyz |\n+---+-----+\n");
  r = run("--mode line -c \"SELECT 1 AS a, 'xyz' AS bb\"");
  EXPECT_EQ(r.out, " a = 1\nbb = xyz\n");
}

TEST_F(CliTest, ScriptsFromFileAndStdinRunInOrder) {
  std::string f = dir_.file("q.sql");
  std::ofstream(f) << "SELECT 1;\n-- a comment; with a semicolon\nSELECT 'two;three';\n";
  CliRun r = run("-f " + f);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "1\ntwo;three\n");
  r = run("-f -", "SELECT count(*) FROM Issues;");
  EXPECT_EQ(r.out, "60\n");
  r = run("-c \"SELECT 0\" -f " + f + " -c \"SELECT 4\"");  // in command-line order
  EXPECT_EQ(r.out, "0\n1\ntwo;three\n4\n");
}

TEST_F(CliTest, ErrorsNameTheLineAndExitOne) {
  CliRun r = run("-c \"SELECT 1;\nSELECT * FROM NoSuchTable;\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no such table"), std::string::npos) << r.err;
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run("--mode fancy -c \"SELECT 1\"").status, 2);
  EXPECT_EQ(run("--no-such-option").status, 2);
  CliRun r = run("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--dest"), std::string::npos);
}

TEST_F(CliTest, ReplicateIntoADestinationFile) {
  std::string db = dir_.file("out.db");
  CliRun r = run("--dest sqlite:" + db + " -c \"REPLICATE Issues; REPLICATE PROD.Projects SELECT * FROM Projects;\"");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("60 inserted"), std::string::npos) << r.err;
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  sqlite3_exec(h, ("ATTACH '" + dir_.file("out.PROD.db") + "' AS PROD").c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "SELECT (SELECT count(*) FROM Issues), (SELECT count(*) FROM PROD.Projects)", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 60);
  EXPECT_EQ(sqlite3_column_int(s, 1), 2);
  sqlite3_finalize(s);
  sqlite3_close(h);
}

TEST_F(CliTest, ReplicateWithoutDestinationIsAClearError) {
  CliRun r = run("-c \"REPLICATE Issues;\"");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--dest"), std::string::npos) << r.err;
}

// A destination that cannot be opened: named once (as its sink names it, without the
// password), then the reason; exit 2 before anything runs.
TEST_F(CliTest, AnUnusableDestinationIsNamedOnceWithTheReason) {
  const std::string db = dir_.file("no/such/dir/x.db");
  const std::string sqlite_error = "backlogsql: --dest sqlite:" + db + ": cannot open: unable to open database file\n";
  CliRun r = run("--dest sqlite:" + db + " -c \"REPLICATE Issues;\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, sqlite_error);
  r = run("--dest " + db + " -c \"REPLICATE Issues;\"");  // a bare path is a SQLite file too
  EXPECT_EQ(r.err, sqlite_error);

  // Nobody listens on port 1: libpq's reason, the URI once and without its password.
  r = run("--dest 'postgresql://etl:Hunter-2-secret@127.0.0.1:1/backlog' -c \"REPLICATE Issues;\"");
  EXPECT_EQ(r.status, 2);
  const std::string pg_prefix = "backlogsql: --dest postgresql://etl:***@127.0.0.1:1/backlog: cannot connect: connection refused (";
  EXPECT_EQ(r.err.substr(0, pg_prefix.size()), pg_prefix) << r.err;
  EXPECT_EQ(r.err.find("127.0.0.1:1/backlog", pg_prefix.size()), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Hunter-2"), std::string::npos) << r.err;

  r = run("--dest 'ftp://etl:Hunter-2-secret@127.0.0.1/x' -c \"REPLICATE Issues;\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "backlogsql: --dest ftp://etl:***@127.0.0.1/x: unknown destination kind "
                   "(use sqlite:PATH, postgresql://… or mysql://…)\n");
}

}  // namespace
}  // namespace backlog::testing
