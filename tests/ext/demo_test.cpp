// `backlogsql --demo` in an empty folder: the emulator starts, demo.sql replicates into
// demo.db there, the counts and two reports are printed; a second run is incremental.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "host_process.h"
#include "support/temp_dir.h"

namespace backlog::testing {
namespace {

const std::string kDemo = std::string(BACKLOGSQL_BINARY_DIR) + "/backlogsql --demo";

TEST(Demo, RunsInAnEmptyFolder) {
  TempDir dir;
  HostRun r = run_host(kDemo, "", dir.path());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("== Backlog emulator at http://127.0.0.1:"), std::string::npos) << r.out;
  for (const char* table : {"Projects", "Users", "ProjectStatuses", "Issues", "IssueComments", "WikiPages"})
    EXPECT_NE(r.err.find(std::string(table) + " → sqlite:demo.db (full load)"), std::string::npos) << table << r.err;
  EXPECT_NE(r.out.find("== demo.db now holds: Projects 3 · Users 12 · ProjectStatuses "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" · Issues 500 · IssueComments "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("== Open issues per assignee"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| assignee"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("== Time to close per issue type"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| issue_type"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("demo.db")));

  // The replica is an ordinary SQLite file.
  HostRun plain = run_host("/usr/bin/sqlite3 demo.db 'SELECT count(*) FROM Issues'", "", dir.path());
  EXPECT_EQ(plain.out, "500\n");

  // Again in the same folder: demo.db is brought up to date incrementally.
  r = run_host(kDemo, "", dir.path());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("Issues → sqlite:demo.db (incremental"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace backlog::testing
