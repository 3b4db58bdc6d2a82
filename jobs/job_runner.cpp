// Running one job once (see job_runner.h).
//
// The order matters: the job's lock first (a second run of the job returns "skipped"
// without touching the catalog), then the history row (so a run that cannot even start —
// a profile removed since, an unusable destination — is in `job history` too), then the
// credential's lock, the client, the destinations and the statements.
#include "jobs/job_runner.h"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "api/client.h"
#include "api/connection.h"
#include "api/trace.h"
#include "engine/select_text.h"
#include "jobs/locks.h"
#include "jobs/secrets.h"
#include "sinks/sink_uri.h"
#include "vtab/register.h"

namespace backlog::jobs {

namespace {

using Clock = std::chrono::system_clock;

TimePoint now_of(const JobEnvironment& env) {
  return env.now ? env.now() : std::chrono::time_point_cast<std::chrono::seconds>(Clock::now());
}

bool cancelled(const JobEnvironment& env) { return env.cancel && env.cancel->load(); }

// A run that could not start or failed early: its outcome, ready to record.
struct Failure {
  std::string status;
  std::string error;
  int exit_code;
};

// Forwards to the caller's observer and keeps what each REPLICATE/CHECKCACHE did.
class RunObserver : public engine::Observer {
 public:
  explicit RunObserver(engine::Observer* next) : next_(next) {}
  std::vector<TableCounts> tables;

  void on_columns(const engine::StatementSummary& s, const std::vector<std::string>& names) override {
    if (next_) next_->on_columns(s, names);
  }
  void on_row(std::span<const sinks::Value> row) override {
    if (next_) next_->on_row(row);
  }
  void on_progress(const engine::StatementSummary& s, int64_t rows) override {
    if (next_) next_->on_progress(s, rows);
  }
  void on_summary(const engine::StatementSummary& s) override {
    if (s.kind != grammar::Statement::Kind::Sql)
      tables.push_back({s.target, sinks::redact_uri(s.destination), s.rows_read, s.inserted, s.updated, s.deleted});
    if (next_) next_->on_summary(s);
  }
  void on_error(const std::string& message) override {
    if (next_) next_->on_error(message);
  }

 private:
  engine::Observer* next_;
};

// While a run goes on, turns the cancel flag into what stops it: the client's calls fail
// and the source's statement is interrupted (its destination transaction rolls back).
// It keeps doing so while the flag is set, so a statement that starts after the first
// interrupt is stopped too.
class CancelWatch {
 public:
  CancelWatch(const std::atomic<bool>* flag, api::Client& client, sqlite3* db) : flag_(flag) {
    if (!flag_) return;
    thread_ = std::thread([this, &client, db] {
      std::unique_lock lock(mu_);
      while (!done_) {
        if (flag_->load()) {
          client.abort_requests();
          sqlite3_interrupt(db);
        }
        wake_.wait_for(lock, std::chrono::milliseconds(20));
      }
    });
  }
  ~CancelWatch() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  CancelWatch(const CancelWatch&) = delete;
  CancelWatch& operator=(const CancelWatch&) = delete;

 private:
  const std::atomic<bool>* flag_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

// Everything after the history row: returns the failure, or nullopt when the statements
// ran (then `record` has the counts and the calls).
std::optional<Failure> run_statements(const JobSpec& job, const JobEnvironment& env, RunRecord& record) {
  api::Profiles profiles;
  try {
    profiles = api::Profiles::load(env.config_path);
  } catch (const api::ConnectionError& e) {
    return Failure{"failed", e.what(), 2};
  }
  const api::Connection* connection = profiles.find(job.source_profile);
  if (!connection)
    return Failure{"failed",
                   fmt::format("no profile '{}' in {} (see `backlogsql profile list`; `backlogsql profile add` creates one)",
                               job.source_profile, env.config_path),
                   2};

  // Jobs of one credential share its rate limit: they take turns.
  FileLock source_lock = FileLock::wait_lock(
      env.home + "/locks/source-" + engine::text_hash(connection->url + "\n" + job.source_profile) + ".lock", env.cancel);
  if (!source_lock.held()) return Failure{"cancelled", "cancelled while waiting for another job of profile " + job.source_profile, 130};

  api::ClientOptions options;
  try {
    options = api::profile_client_options(*connection, env.config_path, job.source_profile);
  } catch (const api::ConnectionError& e) {
    return Failure{"failed", fmt::format("profile {}: {}", job.source_profile, e.what()), 2};
  }
  options.insecure = env.insecure;
  options.parallel = env.parallel;
  // The trace callback owns the file: the client may outlive this run (`job run` keeps
  // it for the progress line).
  std::shared_ptr<FILE> trace_file;
  if (!env.trace_file.empty()) {
    trace_file.reset(fopen(env.trace_file.c_str(), "a"), fclose);
    if (!trace_file) return Failure{"failed", "cannot open trace file " + env.trace_file, 2};
  }
  auto watch = std::make_shared<api::ConnectionWatch>();
  options.trace = [watch, trace_file, to_file = trace_file ? api::trace_to_file(trace_file.get()) : nullptr](
                      const api::TraceEntry& e) {
    watch->observe(e);
    if (to_file) to_file(e);
  };
  auto client = std::make_shared<api::Client>(options);

  std::string script;
  try {
    script = job_script(job);
  } catch (const CatalogError& e) {
    return Failure{"failed", e.what(), 2};
  }

  std::vector<std::unique_ptr<sinks::Sink>> sinks;
  const std::vector<std::string> uris = destinations_with_passwords(profiles, job);
  for (size_t i = 0; i < uris.size(); ++i) {
    std::string error;
    auto sink = sinks::open_sink(uris[i], &error);
    // The message starts with the URI it was given, the password in it: it names the
    // destination as the catalog does instead (and as job show prints it).
    if (!sink)
      return Failure{"failed",
                     "destination " + sinks::redact_uri(job.destinations[i]) + ": " + sinks::error_reason(error, uris[i]), 2};
    sinks.push_back(std::move(sink));
  }

  sqlite3* raw = nullptr;
  // NOMUTEX as in the shell: only this thread uses the source connection (the watch's
  // sqlite3_interrupt needs no lock).
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(raw);
    return Failure{"failed", "cannot open an in-memory SQLite database", 1};
  }
  std::unique_ptr<sqlite3, SqliteCloser> db(raw);
  if (std::string error; vtab::register_tables(db.get(), client, &error) != SQLITE_OK)
    return Failure{"failed", "cannot register the Backlog tables: " + error, 1};
  if (env.on_client) env.on_client(client);

  engine::SessionOptions session_options;
  session_options.overlap_writes = true;   // destinations are connections of their own
  session_options.api_calls = [c = client.get()] { return c->stats().calls; };
  engine::Session session(db.get(), std::move(sinks), std::move(session_options));
  RunObserver observer(env.observer);
  engine::ScriptResult result;
  {
    CancelWatch cancel_watch(env.cancel, *client, db.get());
    if (!cancelled(env)) result = session.run_script(script, observer);
  }
  record.tables = std::move(observer.tables);
  record.api_calls = client->stats().calls;
  if (cancelled(env) && (!result.ok || result.summaries.empty()))
    return Failure{"cancelled", "cancelled: the statement in progress was rolled back", 130};
  if (result.ok) return std::nullopt;
  if (watch->never_connected())
    return Failure{"failed",
                   fmt::format("could not use profile {} ({}): check the URL and the credentials "
                               "(`backlogsql test-connection --profile {}` says more): {}",
                               job.source_profile, connection->url, job.source_profile, result.error),
                   2};
  return Failure{"failed", result.error, 1};
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

}  // namespace

RunOutcome run_job(Catalog& catalog, const JobSpec& job, const JobEnvironment& env, const RunRequest& request) {
  RunOutcome out;
  const std::string job_lock_path = env.home + "/locks/job-" + job.name + ".lock";
  FileLock job_lock;
  try {
    job_lock = FileLock::try_lock(job_lock_path);
  } catch (const std::exception& e) {
    out.status = "failed";
    out.error = e.what();
    out.exit_code = 2;
    return out;
  }
  if (!job_lock.held()) {
    out.status = "skipped";
    const int holder = FileLock::holder_pid(job_lock_path);
    out.error = holder > 0 ? fmt::format("job {} is already running (process {})", job.name, holder)
                           : fmt::format("job {} is already running", job.name);
    out.exit_code = 3;
    return out;
  }

  RunRecord& record = out.record;
  record.job = job.name;
  record.trigger = request.trigger;
  record.attempt = request.attempt;
  record.started = now_of(env);
  record.pid = static_cast<int>(getpid());
  try {
    record.id = catalog.begin_run(job.name, request.trigger, request.attempt, record.started);
  } catch (const CatalogError& e) {   // e.g. the catalog stayed locked past the busy timeout
    out.status = "failed";
    out.error = fmt::format("job {} not started: cannot record the run: {}", job.name, e.what());
    out.exit_code = 2;
    return out;
  }

  std::optional<Failure> failure;
  try {
    failure = run_statements(job, env, record);
  } catch (const std::exception& e) {  // api, sinks and engine errors carry no secret
    failure = Failure{cancelled(env) ? "cancelled" : "failed", sinks::redact_uri(e.what()), cancelled(env) ? 130 : 1};
  }
  record.status = failure ? failure->status : "ok";
  record.error = failure ? one_line(failure->error) : "";
  record.ended = now_of(env);
  out.status = record.status;
  out.error = record.error;
  out.exit_code = failure ? failure->exit_code : 0;
  try {
    catalog.finish_run(record.id, record);
  } catch (const CatalogError& e) {   // the run happened: say so, and why it is not in the history
    out.error += (out.error.empty() ? "" : "; ") + std::string("cannot record the run's outcome: ") + e.what();
  }
  if (env.log) {
    const std::string line = run_log_line(record) + "\n";
    fwrite(line.data(), 1, line.size(), env.log);
    fflush(env.log);
  }
  return out;
}

std::string run_log_line(const RunRecord& run) {
  std::string line = fmt::format("{} job {} {}", format_time(run.started), run.job, run.status);
  if (run.trigger != "manual") line += fmt::format(" ({}{})", run.trigger, run.attempt > 1 ? fmt::format(" {}", run.attempt) : "");
  line += fmt::format(" {}s {} calls", (run.ended - run.started).count(), run.api_calls);
  // With several destinations each table appears once per destination: name them.
  bool several = false;
  for (const TableCounts& t : run.tables) several |= t.destination != run.tables.front().destination;
  for (const TableCounts& t : run.tables) {
    line += fmt::format(" {}{} +{} ~{} -{}", t.target, several ? "@" + t.destination : "", t.inserted, t.updated, t.deleted);
  }
  if (!run.error.empty()) line += " error: " + one_line(run.error);
  return line;
}

}  // namespace backlog::jobs
