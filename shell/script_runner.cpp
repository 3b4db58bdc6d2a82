#include "shell/script_runner.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "shell/output_modes.h"

namespace backlog::shell {
namespace {

// Prints results as they stream in; progress only when a person is watching stderr.
class PrintingObserver : public engine::Observer {
 public:
  explicit PrintingObserver(const Options& o) : options_(o), tty_(isatty(STDERR_FILENO)) {}

  void on_columns(const engine::StatementSummary&, const std::vector<std::string>& names) override {
    printer_ = make_printer(options_.output, stdout);
    printer_->begin(names);
    rows_ = 0;
  }
  void on_row(std::span<const sinks::Value> row) override {
    if (printer_) printer_->row(row);
    ++rows_;
  }
  void on_progress(const engine::StatementSummary& s, int64_t rows) override {
    if (!tty_) return;
    fmt::print(stderr, "\r{} → {}: {} rows…", s.target, s.destination, rows);
    fflush(stderr);
    progress_shown_ = true;
  }
  void on_summary(const engine::StatementSummary& s) override {
    clear_progress();
    if (s.kind == grammar::Statement::Kind::Sql) {
      if (printer_ && (rows_ > 0 || options_.output.headers)) printer_->end();
      printer_.reset();
      fflush(stdout);
      return;
    }
    if (s.kind == grammar::Statement::Kind::CheckCache) {
      fmt::print(stderr, "{} ({}): {} missing, {} stale, {} extra{}; {} API calls, {:.2f} s\n", s.target,
                 s.destination, s.missing, s.stale, s.extra,
                 s.inserted + s.updated + s.deleted ? fmt::format(" — repaired {} inserted, {} updated, {} deleted",
                                                                   s.inserted, s.updated, s.deleted)
                                                    : "",
                 s.api_calls, s.seconds);
      return;
    }
    fmt::print(stderr, "{} → {} ({}): {} rows read, {} inserted, {} updated, {} deleted; {} API calls, {:.2f} s\n",
               s.target, s.destination, s.mode, s.rows_read, s.inserted, s.updated, s.deleted, s.api_calls,
               s.seconds);
  }
  void clear_progress() {
    if (progress_shown_) fputs("\r\033[K", stderr);
    progress_shown_ = false;
  }

 private:
  const Options& options_;
  bool tty_;
  bool progress_shown_ = false;
  std::unique_ptr<ResultPrinter> printer_;
  long rows_ = 0;
};

}  // namespace

ScriptRunner::ScriptRunner(sqlite3* db, const Options& options, std::vector<std::unique_ptr<sinks::Sink>> dests,
                           engine::SessionOptions session_options)
    : options_(options), session_(db, std::move(dests), std::move(session_options)) {}

int ScriptRunner::run(std::string_view text, const std::string& origin) {
  PrintingObserver observer(options_);
  engine::ScriptResult result = session_.run_script(text, observer);
  observer.clear_progress();
  if (!result.ok) {
    fmt::print(stderr, "backlogsql: {}: {}\n", origin, result.error);
    return 1;
  }
  return 0;
}

}  // namespace backlog::shell
