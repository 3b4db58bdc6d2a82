// Runs scripts through the engine (plain SQL, REPLICATE, CHECKCACHE) and shows what they
// produce: rows on stdout in the chosen output mode; summaries, progress and errors on
// stderr.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/session.h"
#include "shell/options.h"

namespace backlog::shell {

class ScriptRunner {
 public:
  // `dests` are opened sinks (may be empty: REPLICATE then fails with a clear message).
  ScriptRunner(sqlite3* db, const Options& options, std::vector<std::unique_ptr<sinks::Sink>> dests,
               engine::SessionOptions session_options);
  // Runs every statement of `text`; the first error is printed on stderr naming `origin`
  // and the statement's line. Returns the exit code (0 or 1).
  int run(std::string_view text, const std::string& origin);

 private:
  const Options& options_;
  engine::Session session_;
};

}  // namespace backlog::shell
