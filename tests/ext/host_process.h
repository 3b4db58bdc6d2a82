// Runs a host program (the stock /usr/bin/sqlite3, Debian's /usr/bin/python3, backlogsql)
// as a child process the way a user would: a shell command line, text on stdin, in a
// chosen folder; returns its exit status, stdout and stderr.
#pragma once

#include <string>

namespace backlog::testing {

struct HostRun {
  int status = -1;      // exit code (the shell reports 128+N for a program killed by signal N)
  std::string out;
  std::string err;
};

// `command` is run by /bin/sh in `dir` with `input` on its stdin.
HostRun run_host(const std::string& command, const std::string& input, const std::string& dir);

// '…' with any ' inside escaped for /bin/sh.
std::string shell_quote(const std::string& text);

// backlog.so as the hosts load it: the build's backlog, without the ".so".
std::string extension_path();

}  // namespace backlog::testing
