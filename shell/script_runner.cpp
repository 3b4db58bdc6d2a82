#include "shell/script_runner.h"

#include <fmt/format.h>
#include <unistd.h>

#include "shell/repl.h"

namespace backlog::shell {

StatementPrinter::StatementPrinter(const ShellState& state, FILE* out, ProgressLine& progress)
    : state_(state), out_(out), out_is_terminal_(isatty(fileno(out)) != 0), progress_(progress) {}

StatementPrinter::~StatementPrinter() { progress_.stop(); }

void StatementPrinter::on_columns(const engine::StatementSummary&, const std::vector<std::string>& names) {
  printer_ = make_printer(state_.output, out_);
  printer_->begin(names);
  rows_ = 0;
}

void StatementPrinter::on_row(std::span<const sinks::Value> row) {
  // Rows on the terminal are progress enough; a redrawn line would garble them.
  if (rows_ == 0 && out_is_terminal_) progress_.stop();
  if (printer_) printer_->row(row);
  ++rows_;
}

void StatementPrinter::on_progress(const engine::StatementSummary& s, int64_t rows) {
  progress_.set_label(s.target);
  progress_.set_rows(rows);
}

void StatementPrinter::on_summary(const engine::StatementSummary& s) {
  progress_.stop();
  progress_.start({}, state_.client);  // the script's next statement, if any
  if (s.kind == grammar::Statement::Kind::Sql) {
    if (printer_ && (rows_ > 0 || state_.output.headers)) printer_->end();
    printer_.reset();
    fflush(out_);
  } else if (s.kind == grammar::Statement::Kind::CheckCache) {
    fmt::print(stderr, "{} ({}): {} missing, {} stale, {} extra{}; {} API calls, {:.2f} s\n", s.target,
               s.destination, s.missing, s.stale, s.extra,
               s.inserted + s.updated + s.deleted
                   ? fmt::format(" — repaired {} inserted, {} updated, {} deleted", s.inserted, s.updated, s.deleted)
                   : "",
               s.api_calls, s.seconds);
  } else {
    fmt::print(stderr, "{} → {} ({}): {} rows read, {} inserted, {} updated, {} deleted; {} API calls, {:.2f} s\n",
               s.target, s.destination, s.mode, s.rows_read, s.inserted, s.updated, s.deleted, s.api_calls,
               s.seconds);
  }
  if (state_.timer) fmt::print(stderr, "Run Time: real {:.3f} s, {} API calls\n", s.seconds, s.api_calls);
}

ScriptRunner::ScriptRunner(sqlite3* db, const Options& options, std::vector<std::unique_ptr<sinks::Sink>> dests,
                           engine::SessionOptions session_options) {
  state_.db = db;
  state_.output = options.output;
  state_.destinations = std::move(dests);
  state_.session_options = std::move(session_options);
  shell_ = std::make_unique<Shell>(state_);
}

ScriptRunner::~ScriptRunner() = default;

int ScriptRunner::run(std::string_view text, const std::string& origin) { return shell_->run_text(text, origin); }

}  // namespace backlog::shell
