// Script execution: validation first, then each statement in order (see session.h).
#include "engine/session.h"

#include <chrono>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/checkcache.h"
#include "engine/cursor_dates.h"
#include "engine/engine_error.h"
#include "engine/options.h"
#include "engine/replicate.h"
#include "engine/replicate_plan.h"
#include "engine/tee_sink.h"
#include "sinks/sqlite_handles.h"

namespace backlog::engine {

using Kind = grammar::Statement::Kind;

std::string first_line(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  std::string line(text.substr(0, text.find('\n')));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  if (line.size() > 80) line = line.substr(0, 77) + "...";
  return line;
}

std::string statement_error(const grammar::Statement& st, std::string_view message,
                            const grammar::Location* where) {
  const grammar::Location& at = where ? *where : st.where;
  return fmt::format("line {}, column {}: {}: {}", at.line, at.column, first_line(st.text), message);
}

namespace {

// Times a statement and fills the common summary fields.
class StatementClock {
 public:
  StatementClock(const grammar::Statement& st, const std::function<long()>& api_calls)
      : api_calls_(api_calls), calls_(api_calls ? api_calls() : 0),
        start_(std::chrono::steady_clock::now()) {
    summary.kind = st.kind;
    summary.statement = first_line(st.text);
    summary.where = st.where;
    if (st.kind != Kind::Sql) summary.target = st.schema.empty() ? st.target : st.schema + "." + st.target;
  }
  StatementSummary& finish() {
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (api_calls_) summary.api_calls = api_calls_() - calls_;
    return summary;
  }
  StatementSummary summary;

 private:
  const std::function<long()>& api_calls_;
  long calls_;
  std::chrono::steady_clock::time_point start_;
};

// Everything that can be refused before running: options and CHECKCACHE dates.
// *where is set to an option's location when the option is at fault.
std::string validate(const grammar::Statement& st, bool have_destinations,
                     std::optional<grammar::Location>* where) {
  if (st.kind == Kind::Sql) return "";
  if (!have_destinations) return "no destination to write to (give one with --dest)";
  if (st.kind == Kind::Replicate) {
    std::string error;
    grammar::Location at;
    if (!parse_replicate_options(st.options, &error, &at)) {
      if (!st.options.empty()) *where = at;
      return error;
    }
  } else {
    for (const auto* d : {&st.start, &st.end})
      if (!d->empty() && !parse_cursor_time(*d))
        return fmt::format("bad date '{}' (expected yyyy-mm-dd or yyyy-mm-dd hh:mm:ss)", *d);
  }
  return "";
}

}  // namespace

Session::Session(sqlite3* source, std::vector<std::unique_ptr<sinks::Sink>> destinations,
                 SessionOptions options)
    : source_(source), destinations_(std::move(destinations)), options_(std::move(options)) {}

ScriptResult Session::run_script(std::string_view script, Observer& observer) {
  grammar::ParseResult parsed = grammar::parse_script(script);
  if (parsed.error) {
    ScriptResult result;
    result.ok = false;
    result.error = fmt::format("line {}, column {}: {}", parsed.error->where.line,
                               parsed.error->where.column, parsed.error->message);
    observer.on_error(result.error);
    return result;
  }
  return run_statements(parsed.statements, observer);
}

ScriptResult Session::run_statements(const std::vector<grammar::Statement>& statements,
                                     Observer& observer) {
  ScriptResult result;
  for (const auto& st : statements) {
    std::optional<grammar::Location> where;
    if (std::string error = validate(st, !destinations_.empty(), &where); !error.empty()) {
      result.ok = false;
      result.error = statement_error(st, error, where ? &*where : nullptr);
      observer.on_error(result.error);
      return result;  // refused before anything runs
    }
  }
  for (const auto& st : statements) {
    try {
      switch (st.kind) {
        case Kind::Sql: run_sql(st, observer, result); break;
        case Kind::Replicate: run_replicate(st, observer, result); break;
        case Kind::CheckCache: run_checkcache(st, observer, result); break;
      }
    } catch (const std::exception& e) {
      std::string message = statement_error(st, e.what());
      if (result.ok) result.error = message;
      result.ok = false;
      observer.on_error(message);
      if (!options_.continue_on_error) break;
    }
  }
  return result;
}

void Session::run_sql(const grammar::Statement& st, Observer& observer, ScriptResult& result) {
  StatementClock clock(st, options_.api_calls);
  // The text may hold more than one SQL statement if the grammar passed it through whole.
  std::string text = st.text;
  const char* tail = text.c_str();
  std::vector<sinks::Value> row;
  while (tail && *tail) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(source_, tail, -1, &raw, &tail) != SQLITE_OK)
      throw EngineError(sqlite3_errmsg(source_));
    sinks::SqliteStmt stmt(raw);
    if (!stmt) continue;  // whitespace or a comment
    int n = sqlite3_column_count(stmt.get());
    if (n > 0) {
      std::vector<std::string> names;
      for (int i = 0; i < n; ++i) names.emplace_back(sqlite3_column_name(stmt.get(), i));
      observer.on_columns(clock.summary, names);
    }
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      row.clear();
      for (int i = 0; i < n; ++i) row.push_back(sinks::column_value(stmt.get(), i));
      ++clock.summary.rows_read;
      observer.on_row(row);
    }
    if (rc != SQLITE_DONE) throw EngineError(sqlite3_errmsg(source_));
  }
  clock.summary.mode = "sql";
  result.summaries.push_back(clock.finish());
  observer.on_summary(result.summaries.back());
}

RunContext Session::context(sinks::Sink& sink, Observer& observer, const StatementSummary& summary) const {
  RunContext ctx;
  ctx.source = source_;
  ctx.sink = &sink;
  size_t preferred = sink.preferred_batch_rows();
  ctx.batch_rows = options_.batch_rows ? options_.batch_rows : preferred ? preferred : kDefaultBatchRows;
  ctx.batch_bytes = options_.batch_bytes;
  ctx.progress = [&observer, &summary](int64_t rows) { observer.on_progress(summary, rows); };
  ctx.overlap_writes = options_.overlap_writes;
  return ctx;
}

// Runs `work` once per destination (CHECKCACHE compares each replica), with a summary, progress and errors naming the target
// and the destination; `work` fills the summary's counts.
void Session::for_each_destination(
    const grammar::Statement& st, Observer& observer, ScriptResult& result,
    const std::function<void(RunContext&, StatementSummary&)>& work) {
  for (auto& sink : destinations_) {
    StatementClock clock(st, options_.api_calls);
    clock.summary.destination = sink->describe();
    RunContext ctx = context(*sink, observer, clock.summary);
    try {
      work(ctx, clock.summary);
    } catch (const std::exception& e) {
      throw EngineError(fmt::format("{} → {}: {}", clock.summary.target, sink->describe(), e.what()));
    }
    result.summaries.push_back(clock.finish());
    observer.on_summary(result.summaries.back());
  }
}

// One read of the source for every destination (a TeeSink); each destination still gets
// its own summary, and one that fails is reported by name while the others commit.
void Session::run_replicate(const grammar::Statement& st, Observer& observer, ScriptResult& result) {
  std::string error;
  auto options = parse_replicate_options(st.options, &error);  // validated already
  if (!options) throw EngineError(error);
  ReplicatePlan plan = make_replicate_plan(st, *options, source_, options_.resources);

  std::vector<sinks::Sink*> sinks;
  for (auto& d : destinations_) sinks.push_back(d.get());
  TeeSink tee(sinks);
  StatementClock clock(st, options_.api_calls);
  clock.summary.destination = tee.describe();
  RunContext ctx = context(tee, observer, clock.summary);
  RunCounts counts;
  std::optional<std::string> statement_failure;  // not one destination's fault (e.g. the source)
  try {
    counts = engine::run_replicate(plan, ctx);
  } catch (const std::exception& e) {
    if (tee.healthy() > 0) statement_failure = e.what();
  }
  clock.finish();

  std::vector<std::string> failures;  // "Issues → sqlite:c.db: <why>", one per destination
  for (const auto& child : tee.children()) {
    std::string name = child.sink->describe();
    if (child.failed) {
      std::string why = child.error.rfind(name + ": ", 0) == 0 ? child.error.substr(name.size() + 2) : child.error;
      failures.push_back(fmt::format("{} → {}: {}", clock.summary.target, name, why));
    } else if (!statement_failure) {
      StatementSummary s = clock.summary;
      s.destination = name;
      s.mode = counts.mode;
      s.rows_read = counts.rows_read;
      s.inserted = child.inserted;
      s.updated = child.updated;
      s.deleted = child.deleted;
      result.summaries.push_back(s);
      observer.on_summary(result.summaries.back());
    }
  }
  if (statement_failure)
    failures.push_back(fmt::format("{} → {}: {}", clock.summary.target, tee.describe(), *statement_failure));
  if (failures.empty()) return;
  // Every destination failed (or the source did): the statement failed as a whole.
  if (statement_failure || tee.healthy() == 0) throw EngineError(fmt::format("{}", fmt::join(failures, "; ")));
  // Some destinations committed: report the others and go on with the script.
  for (const auto& f : failures) {
    std::string message = statement_error(st, f);
    if (result.ok) result.error = message;
    result.ok = false;
    observer.on_error(message);
  }
}

void Session::run_checkcache(const grammar::Statement& st, Observer& observer, ScriptResult& result) {
  for_each_destination(st, observer, result, [&](RunContext& ctx, StatementSummary& s) {
    CheckCacheCounts counts = engine::run_checkcache(st, ctx, options_.resources);
    s.mode = counts.repaired ? "repair" : "check";
    s.rows_read = counts.rows_read;
    s.missing = counts.missing;
    s.stale = counts.stale;
    s.extra = counts.extra;
    if (counts.repaired) {
      s.inserted = counts.missing;
      s.updated = counts.stale;
      s.deleted = counts.extra;
    }
  });
}

}  // namespace backlog::engine
