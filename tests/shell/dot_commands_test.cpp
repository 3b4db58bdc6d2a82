// Dot-commands in scripts (-f files and stdin), as sqlite3 accepts them: output asserted,
// API calls checked in the emulator's request log. Also the completion candidates.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <regex>
#include <string>

#include "shell/completion.h"
#include "backlogsql_run.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

class DotCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--issues", "40", "--projects", "2"}); }
  static void TearDownTestSuite() { delete emu_; }

  // Runs `script` as a -f file (extra command-line words in `args`).
  BacklogsqlRun run_script(const std::string& script, const std::string& args = "") {
    std::string file = dir_.file("script.sql");
    std::ofstream(file) << script;
    return run_backlogsql(dir_.path(), "--url " + emu_->url() + " --api-key demo-key " + args + " -f " + file);
  }
  std::string read(const std::string& name) {
    std::ifstream in(dir_.file(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  TempDir dir_;
  static EmulatorProcess* emu_;
};
EmulatorProcess* DotCommandsTest::emu_ = nullptr;

TEST_F(DotCommandsTest, ModeBoxAndMarkdownAndHeaders) {
  BacklogsqlRun r = run_script(
      ".mode box\n"
      "SELECT Id, Name FROM Priorities ORDER BY Id;\n"
      ".mode markdown\n"
      "SELECT Id, Name FROM Priorities\n  ORDER BY Id LIMIT 1;\n"
      ".mode list\n.headers on\n.separator ;\n.nullvalue (null)\n"
      "SELECT 1 AS a, NULL AS b;\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "┌────┬──────┐\n"
            "│ Id │ Name │\n"
            "├────┼──────┤\n"
            "│ 2  │ 高   │\n"
            "│ 3  │ 中   │\n"
            "│ 4  │ 低   │\n"
            "└────┴──────┘\n"
            "| Id | Name |\n"
            "|----|------|\n"
            "| 2  | 高   |\n"
            "a;b\n"
            "1;(null)\n");
}

TEST_F(DotCommandsTest, TablesAndSchemaComeFromTheCatalog) {
  BacklogsqlRun r = run_script(".tables Prio%\n.tables %Milestone%\n.schema Resolutions\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "Priorities\n"
            "IssueMilestones           ProjectVersionMilestones\n"
            "-- Issue resolutions (space-wide: Fixed, Won't Fix…).\n"
            "CREATE TABLE \"Resolutions\"(\n"
            "  \"Id\" INTEGER, -- Resolution id.\n"
            "  \"Name\" TEXT   -- Resolution name.\n"
            ");\n");
}

TEST_F(DotCommandsTest, SchemaShowsPushdownOfIssues) {
  BacklogsqlRun r = run_script(".schema Issues\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("CREATE TABLE \"Issues\"(\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"ProjectId\" INTEGER,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-- Project the issue belongs to. [= / IN → projectId[]]"), std::string::npos) << r.out;
}

TEST_F(DotCommandsTest, ExplainSendsNothing) {
  emu_->clear_log();
  BacklogsqlRun r = run_script(".explain SELECT Summary FROM Issues WHERE ProjectId = 1 AND StatusId IN (1, 2)\n"
                               ".explain SELECT 1\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "GET /api/v2/issues?projectId%5B%5D=1&statusId%5B%5D=1&statusId%5B%5D=2&count=100\n"
            "(no API request)\n");
  EXPECT_TRUE(emu_->requests().empty()) << emu_->requests().front().target();
}

TEST_F(DotCommandsTest, CallsCountsAndRateLimit) {
  BacklogsqlRun r = run_script(".calls\nSELECT count(*) FROM Priorities;\n.calls\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("API calls: 0 ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("X-RateLimit-Remaining: (not seen yet)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3\nAPI calls: 1 ("), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\nX-RateLimit-Remaining: [0-9]+\n$"))) << r.out;
}

TEST_F(DotCommandsTest, TraceOnPrintsEachCallWithoutTheKey) {
  BacklogsqlRun r = run_script(".trace on\nSELECT count(*) FROM Priorities;\n.trace off\nSELECT count(*) FROM Resolutions;\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("GET /api/v2/priorities -> 200"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("resolutions"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("demo-key"), std::string::npos) << r.err;
}

TEST_F(DotCommandsTest, OutputOnceAndRead) {
  std::string inner = dir_.file("inner.sql");
  std::ofstream(inner) << "SELECT 'from inner';\n";
  BacklogsqlRun r = run_script(".once " + dir_.file("once.txt") + "\nSELECT 1;\nSELECT 2;\n" +
                               ".output " + dir_.file("all.txt") + "\nSELECT 3;\n.read " + inner + "\n" +
                               ".output\nSELECT 4;\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "2\n4\n");
  EXPECT_EQ(read("once.txt"), "1\n");
  EXPECT_EQ(read("all.txt"), "3\nfrom inner\n");
}

TEST_F(DotCommandsTest, UnknownCommandFailsWithItsLine) {
  BacklogsqlRun r = run_script("SELECT 1;\n.frobnicate now\nSELECT 2;\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("line 2: unknown command '.frobnicate': .help lists the commands"), std::string::npos) << r.err;
}

TEST_F(DotCommandsTest, BailOffGoesOnAfterAnError) {
  BacklogsqlRun r = run_script(".bail off\nSELECT 1;\nSELECT nosuchcolumn;\nSELECT 2;\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "1\n2\n");
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
}

TEST_F(DotCommandsTest, ErrorsKeepTheirLineNumbersAfterDotCommands) {
  BacklogsqlRun r = run_script(".headers off\n\nSELECT 1;\n.mode csv\nSELECT\n  nosuchcolumn;\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("line 5"), std::string::npos) << r.err;
}

TEST_F(DotCommandsTest, DotCommandsInsideAStatementAreSql) {
  // A '.' line in the middle of a statement is not a dot-command (as in sqlite3).
  BacklogsqlRun r = run_script("SELECT 1 +\n.5 AS x;\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "1.5\n");
}

TEST_F(DotCommandsTest, DestAddsADestinationForReplicate) {
  std::string db = dir_.file("out.db");
  BacklogsqlRun r = run_script(".dest\n.dest sqlite:" + db + "\n.dest\nREPLICATE Priorities;\n.quit\nSELECT 'not run';\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("(no destination"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(db), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not run"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Priorities"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("rows/s"), std::string::npos) << "no progress line when stderr is not a terminal";
  sqlite3* out = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &out), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(out, "SELECT group_concat(Name, ',') FROM (SELECT Name FROM Priorities ORDER BY Id)", -1,
                               &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "高,中,低");
  sqlite3_finalize(st);
  sqlite3_close(out);
}

TEST_F(DotCommandsTest, DestThatCannotBeOpenedIsNamedOnce) {
  const std::string db = dir_.file("no/such/dir/x.db");
  BacklogsqlRun r = run_script(".dest sqlite:" + db + "\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "backlogsql: " + dir_.file("script.sql") + ": line 1: .dest sqlite:" + db +
                       ": cannot open: unable to open database file\n");
}

TEST_F(DotCommandsTest, TestChecksTheSourceAndEveryDestination) {
  std::string db = dir_.file("t.db");
  BacklogsqlRun r = run_script(".dest sqlite:" + db + "\n.test\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("backlog " + emu_->url() + ": ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sqlite:" + db + ": ok, SQLite 3."), std::string::npos) << r.out;

  // A destination where the scratch INSERT fails (a view stands in its way): the line
  // names the failed step, and the exit code is 1.
  std::string blocked = dir_.file("blocked.db");
  sqlite3* b = nullptr;
  ASSERT_EQ(sqlite3_open(blocked.c_str(), &b), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(b, "CREATE VIEW \"_backlogsql_test\" AS SELECT 1 AS x", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(b);
  r = run_script(".dest sqlite:" + blocked + "\n.test\n");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("sqlite:" + blocked + ": failed: INSERT failed"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(r.out.find("demo-key") + r.err.find("demo-key"), std::string::npos * 2);
}

TEST_F(DotCommandsTest, DotCommandsOnStdin) {
  BacklogsqlRun r = run_backlogsql(dir_.path(), "--url " + emu_->url() + " --api-key demo-key", "",
                                   ".mode csv\n.headers on\nSELECT 1 AS x, 'a,b' AS y;\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "x,y\r\n1,\"a,b\"\r\n");
}

TEST_F(DotCommandsTest, HelpListsEveryCommand) {
  BacklogsqlRun r = run_script(".help\n");
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char* c : {".bail", ".calls", ".connect PROFILE", ".dest ?URI?", ".explain SQL", ".headers", ".mode",
                        ".nullvalue", ".once FILE", ".output", ".quit", ".read FILE", ".schema ?TABLE?", ".separator",
                        ".show", ".tables ?PATTERN?", ".test", ".timer", ".trace", ".version"})
    EXPECT_NE(r.out.find(c), std::string::npos) << c;
}

TEST(Completion, TablesColumnsKeywordsAndDotCommands) {
  using shell::complete;
  EXPECT_EQ(complete("SELECT * FROM ", "Prio"), std::vector<std::string>{"Priorities"});
  EXPECT_EQ(complete("SELECT * FROM Priorities WHERE ", "Na"), std::vector<std::string>{"Name"});
  EXPECT_EQ(complete("SELECT * FROM Priorities\nWHERE Id = 1 ", "ORD"), std::vector<std::string>{"ORDER"});
  EXPECT_EQ(complete("select * from priorities ", "wher"), std::vector<std::string>{"where"});
  EXPECT_EQ(complete("", ".sch"), std::vector<std::string>{".schema"});
  EXPECT_EQ(complete(".mode ", "ma"), std::vector<std::string>{"markdown"});
  // Columns of the current statement only, not of an earlier one on the same line.
  EXPECT_EQ(complete("SELECT * FROM Priorities; SELECT ", "Na"), std::vector<std::string>{});
  EXPECT_EQ(shell::common_prefix({"WikiPages", "WikiPageTags"}), "WikiPage");
}

}  // namespace
}  // namespace backlog::testing
