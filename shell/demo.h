// backlogsql --demo: the tool end to end without a Backlog account.
//
//   $ build/backlogsql --demo
//   == Backlog emulator at http://127.0.0.1:41234 (3 projects, 500 issues)
//   Projects → sqlite:demo.db (full load): 3 rows read, 3 inserted, …
//   …
//   == Open issues per assignee (sql-samples/reports/open-issues-per-assignee.sql)
//   +-----------+-------------+---------+
//   …
//
// Starts the `backlog-emulator` that sits beside the backlogsql binary on a free loopback
// port, replicates every table of sql-samples/demo.sql into demo.db in the working
// directory (a demo.db left by an earlier demo gets an incremental run), prints what each
// REPLICATE did, the tables' row counts and two reports of sql-samples/reports/, and stops
// the emulator.
#pragma once

#include <string>

namespace backlog::shell {

struct DemoOptions {
  std::string emulator;              // backlog-emulator to run; "" = beside this program
  std::string samples;               // the sql-samples folder; "" = found from this program's
                                     // folder (build/../sql-samples, or ./sql-samples beside it)
  std::string database = "demo.db";  // created in the working directory
  int projects = 3;
  int issues = 500;
  int users = 12;
};

// The whole demo: headings, row counts and reports on stdout; REPLICATE summaries (and
// progress, on a terminal) on stderr, as the shell prints them. Returns the exit code
// (0, or 1 with the reason on stderr).
// shell/main.cpp, for --demo:   return backlog::shell::run_demo();
int run_demo(const DemoOptions& options = {});

}  // namespace backlog::shell
