// Every file of sql-samples/ runs against backlog-emulators, the way its header comment
// says to run it: basics.sql with backlogsql --dest, two-spaces.sql in the stock sqlite3
// with backlog.so and two profiles, the reports with the stock sqlite3 over a replica.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string>

#include "host_process.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

std::string sample(const std::string& name) { return std::string(BACKLOGSQL_SOURCE_DIR) + "/sql-samples/" + name; }

std::string backlogsql(const EmulatorProcess& emu) {
  return std::string(BACKLOGSQL_BINARY_DIR) + "/backlogsql --url " + emu.url() + " --api-key " + emu.api_key();
}

std::string query(const std::string& dir, const std::string& db, const std::string& sql) {
  return run_host("/usr/bin/sqlite3 " + db + " " + shell_quote(sql), "", dir).out;
}

TEST(Samples, BasicsReplicatesThreeWaysAndAgainIncrementally) {
  EmulatorProcess emu({"--issues", "50", "--projects", "2"});
  TempDir dir;
  for (int run = 0; run < 2; ++run) {
    HostRun r = run_host(backlogsql(emu) + " --dest sqlite:b.db -f " + sample("basics.sql"), "", dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find(run == 0 ? "PROD.Issues → sqlite:b.db (full load): 50 rows read"
                                  : "PROD.Issues → sqlite:b.db (incremental"),
              std::string::npos)
        << r.err;
  }
  EXPECT_EQ(query(dir.path(), "b.db", "SELECT (SELECT count(*) FROM Issues), (SELECT count(*) FROM PROD_Issues)"),
            "50|50\n");
  EXPECT_EQ(query(dir.path(), "b.PROD.db", "SELECT count(*) FROM Issues"), "50\n");

  // The same file through backlog.so: the host's database is the destination.
  HostRun r = run_host("/usr/bin/sqlite3 -cmd " + shell_quote(".load " + extension_path()) + " e.db",
                       "SELECT backlog_connect('" + emu.url() + "', 'demo-key');\n"
                       "SELECT backlog_replicate(readfile(" + shell_quote(sample("basics.sql")) + "));\n",
                       dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(query(dir.path(), "e.db", "SELECT (SELECT count(*) FROM Issues), (SELECT count(*) FROM PROD_Issues)"),
            "50|50\n");
  EXPECT_EQ(query(dir.path(), "e.PROD.db", "SELECT count(*) FROM Issues"), "50\n");
}

TEST(Samples, TwoSpacesWithTwoProfilesInOneDatabase) {
  EmulatorProcess prod({"--issues", "30", "--projects", "2", "--seed", "7"});
  EmulatorProcess dev({"--issues", "12", "--projects", "1", "--seed", "8", "--api-key", "dev-key"});
  TempDir dir;
  std::string config = dir.file("backlogsql/config.toml");
  mkdir(dir.file("backlogsql").c_str(), 0700);
  std::ofstream(config) << fmt::format(
      "[profiles.prod]\nauth = \"apitoken\"\nurl = \"{}\"\napi_key = \"{}\"\n\n"
      "[profiles.dev]\nauth = \"apitoken\"\nurl = \"{}\"\napi_key = \"{}\"\n",
      prod.url(), prod.api_key(), dev.url(), dev.api_key());
  chmod(config.c_str(), 0600);
  std::ifstream script_file(sample("two-spaces.sql"));
  std::stringstream script;
  script << script_file.rdbuf();

  for (int run = 0; run < 2; ++run) {  // the second run is incremental
    HostRun r = run_host("XDG_CONFIG_HOME=" + shell_quote(dir.path()) + " /usr/bin/sqlite3 -cmd " +
                             shell_quote(".load " + extension_path()) + " spaces.db",
                         script.str(), dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("prod|30\ndev|12\n"), std::string::npos) << r.out;
  }
  EXPECT_EQ(query(dir.path(), "spaces.db",
                  "SELECT (SELECT count(*) FROM PROD_Projects), (SELECT count(*) FROM DEV_Projects), "
                  "(SELECT count(*) FROM PROD_IssueComments) > 0, (SELECT count(*) FROM DEV_IssueComments) > 0"),
            "2|1|1|1\n");
  EXPECT_EQ(query(dir.path(), "spaces.PROD.db", "SELECT count(*) FROM Issues"), "30\n");
  EXPECT_EQ(query(dir.path(), "spaces.DEV.db", "SELECT count(*) FROM Issues"), "12\n");
}

// The reports over a replica made by demo.sql: each runs in the stock CLI, and its totals
// agree with the replica's rows.
TEST(Samples, ReportsRunOverAReplica) {
  EmulatorProcess emu({"--issues", "120", "--projects", "2"});
  TempDir dir;
  HostRun r = run_host(backlogsql(emu) + " --dest sqlite:demo.db -f " + sample("demo.sql"), "", dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  auto report = [&](const std::string& name, const std::string& total_sql) {
    // The report's rows, summed by a query wrapped around its text.
    std::ifstream in(sample("reports/" + name));
    std::stringstream text;
    text << in.rdbuf();
    std::string body = text.str();
    HostRun plain = run_host("/usr/bin/sqlite3 -header -column demo.db", body, dir.path());
    EXPECT_EQ(plain.status, 0) << name << ": " << plain.err;
    EXPECT_GT(plain.out.size(), 0u) << name;
    while (!body.empty() && (body.back() == '\n' || body.back() == ';')) body.pop_back();
    return query(dir.path(), "demo.db", fmt::format(fmt::runtime(total_sql), body));
  };
  std::string open = query(dir.path(), "demo.db", "SELECT count(*) FROM Issues WHERE StatusId <> 4");
  EXPECT_EQ(report("open-issues-per-assignee.sql", "SELECT sum(open_issues) FROM ({})"), open);
  std::string overdue = query(dir.path(), "demo.db",
                              "SELECT count(*) FROM Issues WHERE StatusId <> 4 AND date(DueDate) < date('now')");
  EXPECT_EQ(report("overdue-issues.sql", "SELECT count(*) FROM ({}) WHERE days_overdue > 0"), overdue);
  EXPECT_NE(overdue, "0\n");
  std::string closed = query(dir.path(), "demo.db", "SELECT count(*) FROM Issues WHERE StatusId = 4");
  EXPECT_EQ(report("time-to-close-per-issue-type.sql", "SELECT sum(closed_issues) FROM ({}) WHERE avg_days >= 0"),
            closed);
  std::string comments = query(dir.path(), "demo.db", "SELECT count(*) FROM IssueComments");
  EXPECT_EQ(report("comments-per-week.sql", "SELECT sum(comments) FROM ({}) WHERE week_of IS NOT NULL"), comments);
  EXPECT_NE(comments, "0\n");
}

}  // namespace
}  // namespace backlog::testing
