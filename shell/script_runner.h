// Shows what statements produce: rows in the chosen output mode on the current output,
// summaries, timer lines and errors on stderr, and the progress line while they run.
// StatementPrinter is the engine::Observer the Shell (shell/repl.h) runs every statement
// with. ScriptRunner is the older entry point (a Shell without a client or hooks).
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/session.h"
#include "shell/options.h"
#include "shell/output_modes.h"
#include "shell/progress.h"
#include "shell/shell_state.h"

namespace backlog::shell {

class StatementPrinter : public engine::Observer {
 public:
  // `out` receives rows (stdout or a .output file); `progress` may be disabled.
  StatementPrinter(const ShellState& state, FILE* out, ProgressLine& progress);
  ~StatementPrinter() override;

  void on_columns(const engine::StatementSummary& s, const std::vector<std::string>& names) override;
  void on_row(std::span<const sinks::Value> row) override;
  void on_progress(const engine::StatementSummary& s, int64_t rows) override;
  void on_summary(const engine::StatementSummary& s) override;

 private:
  const ShellState& state_;
  FILE* out_;
  bool out_is_terminal_;
  ProgressLine& progress_;
  std::unique_ptr<ResultPrinter> printer_;
  long rows_ = 0;
};

class Shell;

class ScriptRunner {
 public:
  // `dests` are opened sinks (may be empty: REPLICATE then fails with a clear message).
  ScriptRunner(sqlite3* db, const Options& options, std::vector<std::unique_ptr<sinks::Sink>> dests,
               engine::SessionOptions session_options);
  ~ScriptRunner();
  // Runs every statement and dot-command of `text`; the first error is printed on stderr
  // naming `origin` and the statement's line. Returns the exit code (0 or 1).
  int run(std::string_view text, const std::string& origin);

 private:
  ShellState state_;
  std::unique_ptr<Shell> shell_;
};

}  // namespace backlog::shell
