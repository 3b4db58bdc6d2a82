// Runs scripts: plain SQL on the source connection, REPLICATE and CHECKCACHE into the
// destinations.
//
//   sqlite3* source = …;                               // Backlog tables registered on it
//   std::vector<std::unique_ptr<sinks::Sink>> dests;
//   dests.push_back(sinks::SqliteSink::open("out.db"));
//   engine::Session session(source, std::move(dests));
//   MyObserver obs;                                     // prints rows, progress, summaries
//   engine::ScriptResult r = session.run_script("REPLICATE Issues; SELECT count(*) FROM Issues;", obs);
//
// The whole script is checked first — syntax (line/column/token) and every REPLICATE's
// options — and refused before anything runs or is written. Statements then run in order;
// the first failing one stops the script (unless continue_on_error) and its destination
// transaction is rolled back: no half-written table, no advanced checkpoint.
// With several destinations each REPLICATE reads the source once and writes every
// destination (engine/tee_sink.h), each keeping its own checkpoint; a destination that
// fails is rolled back and reported by name (the result is not ok) while the others
// commit and the script goes on. CHECKCACHE runs once per destination.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/replicate.h"
#include "engine/resource_info.h"
#include "grammar/statement.h"
#include "sinks/sink.h"

struct sqlite3;

namespace backlog::engine {

// What one statement did (per destination for REPLICATE/CHECKCACHE).
struct StatementSummary {
  grammar::Statement::Kind kind = grammar::Statement::Kind::Sql;
  std::string statement;       // first line of the statement's text (for display)
  grammar::Location where;
  std::string target;          // schema.table (REPLICATE/CHECKCACHE)
  std::string destination;     // "sqlite:out.db"
  std::string mode;            // "full load", "incremental (cursor)", "check", "repair", …
  int64_t rows_read = 0;       // rows read from the source (SQL: rows returned)
  int64_t inserted = 0, updated = 0, deleted = 0;
  int64_t missing = 0, stale = 0, extra = 0;  // CHECKCACHE
  long api_calls = 0;          // from SessionOptions::api_calls (0 if not given)
  double seconds = 0;
};

struct ScriptResult {
  bool ok = true;
  std::string error;                        // first error, formatted with its context
  std::vector<StatementSummary> summaries;  // one per statement (and destination) run
};

// Receives what a script produces; every method has a no-op default.
class Observer {
 public:
  virtual ~Observer() = default;
  // A plain SQL statement's result: column names once, then each row.
  virtual void on_columns(const StatementSummary& /*statement*/, const std::vector<std::string>& /*names*/) {}
  virtual void on_row(std::span<const sinks::Value> /*row*/) {}
  // Long work: rows read so far by the running statement.
  virtual void on_progress(const StatementSummary& /*statement*/, int64_t /*rows_so_far*/) {}
  virtual void on_summary(const StatementSummary& /*summary*/) {}
  virtual void on_error(const std::string& /*message*/) {}
};

struct SessionOptions {
  // Rows per upsert batch (and per progress report); 0: the destination's preference
  // (Sink::preferred_batch_rows), else kDefaultBatchRows.
  size_t batch_rows = 0;
  size_t batch_bytes = kDefaultBatchBytes;       // a batch also ends once its values hold this much
  ResourceLookup resources = catalog_resources();
  std::function<long()> api_calls;               // cumulative API call counter, if any
  bool continue_on_error = false;
  // REPLICATE writes on a second thread while it reads (RunContext::overlap_writes): on
  // for backlogsql, off where a destination is the caller's own connection (backlog.so).
  bool overlap_writes = false;
};

class Session {
 public:
  Session(sqlite3* source, std::vector<std::unique_ptr<sinks::Sink>> destinations,
          SessionOptions options = {});

  ScriptResult run_script(std::string_view script, Observer& observer);
  // Same, for statements parsed elsewhere (all are validated before any runs).
  ScriptResult run_statements(const std::vector<grammar::Statement>& statements, Observer& observer);

  const std::vector<std::unique_ptr<sinks::Sink>>& destinations() const { return destinations_; }
  // One more destination for the statements that follow (the shell's `.dest URI`).
  void add_destination(std::unique_ptr<sinks::Sink> destination) { destinations_.push_back(std::move(destination)); }

 private:
  void run_sql(const grammar::Statement& st, Observer& observer, ScriptResult& result);
  void run_replicate(const grammar::Statement& st, Observer& observer, ScriptResult& result);
  void run_checkcache(const grammar::Statement& st, Observer& observer, ScriptResult& result);
  void for_each_destination(const grammar::Statement& st, Observer& observer, ScriptResult& result,
                            const std::function<void(RunContext&, StatementSummary&)>& work);
  // The run's context for `sink` (batch size: SessionOptions::batch_rows), reporting
  // progress on `summary`'s statement.
  RunContext context(sinks::Sink& sink, Observer& observer, const StatementSummary& summary) const;

  sqlite3* source_;
  std::vector<std::unique_ptr<sinks::Sink>> destinations_;
  SessionOptions options_;
};

// "line 3, column 1: REPLICATE Issues WITH Foo=1: <message>" — one place for the format.
// `where` overrides the statement's start (e.g. the location of a bad option).
std::string statement_error(const grammar::Statement& st, std::string_view message,
                            const grammar::Location* where = nullptr);
// The statement's first line, shortened for messages and summaries.
std::string first_line(std::string_view text);

}  // namespace backlog::engine
