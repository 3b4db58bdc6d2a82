// Runs the built backlogsql as a user would, with its own HOME and XDG_CONFIG_HOME (a temp
// folder per test, so profiles never touch the real ~/.config) and without the caller's
// BACKLOG_URL / BACKLOG_API_KEY / XDG_DATA_HOME (so the jobs catalog is under HOME too)
// unless a test sets them.
//
//   BacklogsqlRun r = run_backlogsql(home, "profile list");
//   EXPECT_EQ(r.status, 0) << r.err;
#pragma once

#include <cstdio>
#include <string>

namespace backlog::testing {

struct BacklogsqlRun {
  int status = -1;   // exit status (-1: killed by a signal)
  std::string out;   // stdout
  std::string err;   // stderr
};

// `args` is shell-quoted; `env` is prepended as VAR=value words (shell-quoted too).
BacklogsqlRun run_backlogsql(const std::string& home, const std::string& args, const std::string& env = "",
                             const std::string& input = "");

// The command line run_backlogsql() uses (for tests that read stdout as it comes, with popen).
std::string backlogsql_command(const std::string& home, const std::string& args, const std::string& env = "");

// Single-quotes `s` for /bin/sh.
std::string shell_quote(const std::string& s);

// The config.toml a run with this home uses.
std::string config_path_in(const std::string& home);

}  // namespace backlog::testing
