// Runs a script's statements against the source connection and prints their rows.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "shell/options.h"

namespace backlog::shell {

class ScriptRunner {
 public:
  ScriptRunner(sqlite3* db, const Options& options) : db_(db), options_(options) {}
  // Runs every statement of `text` in order; stops at the first error, which is printed
  // on stderr naming `origin` and the statement's line. Returns the exit code (0 or 1).
  int run(std::string_view text, const std::string& origin);

 private:
  sqlite3* db_;
  const Options& options_;
};

}  // namespace backlog::shell
