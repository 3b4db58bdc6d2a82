// The jobs catalog: a small SQLite file ($XDG_DATA_HOME/backlogsql/jobs.db, default
// ~/.local/share/backlogsql/jobs.db, or HOME_DIR/jobs.db with --home) holding job
// definitions, when each is next due, and the history of runs.
//
//   jobs::Catalog cat = jobs::Catalog::open(jobs::default_home() + "/jobs.db");
//   cat.add(spec);                               // throws CatalogError if the name is taken
//   for (const jobs::JobSpec& j : cat.list()) …
//   int64_t run = cat.begin_run("nightly", "schedule", 1, now);
//   cat.finish_run(run, outcome);
//
// No secret is ever stored here: a job names its source by profile (the 0600
// config.toml holds the key) and its destinations by URI with any password taken out
// (jobs/secrets.h puts it in config.toml). Several processes (CLI and schedulers) share
// the file: WAL, a busy timeout, and short transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "jobs/schedule.h"

struct sqlite3;

namespace backlog::jobs {

class CatalogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JobSpec {
  std::string name;                        // [A-Za-z0-9_.-]+, unique
  std::string source_profile;              // a profile in config.toml
  std::vector<std::string> destinations;   // --dest URIs, passwords taken out
  // What it runs: exactly one of these is set.
  std::vector<std::string> tables;         // --tables: one `REPLICATE T;` each
  std::string file;                        // --file: absolute path, read at every run
  std::string query;                       // --query: the statements themselves
  std::string schedule;                    // Schedule::text(), "" = only `job run`
  std::string timezone;                    // "" = UTC
  int keep_runs = 100;                     // history kept per job (older runs pruned)
  int max_retries = 3;                     // a failed scheduled run is retried this often
  TimePoint created{};
};

// The statements a job runs (tables → "REPLICATE Issues;\nREPLICATE …;", file → its
// text, query → as given). Throws CatalogError when the file cannot be read.
std::string job_script(const JobSpec& job);

// What one statement of a run did to one destination.
struct TableCounts {
  std::string target;        // "Issues", "PROD.Issues"
  std::string destination;   // redacted URI
  int64_t rows_read = 0, inserted = 0, updated = 0, deleted = 0;
};

struct RunRecord {
  int64_t id = 0;
  std::string job;
  std::string trigger;       // "manual", "schedule", "retry"
  int attempt = 1;           // 1 for the first try of a due run, 2.. for retries
  TimePoint started{}, ended{};  // ended == started while running
  std::string status;        // "running", "ok", "failed", "cancelled"
  std::string error;         // first error (no secret), "" when ok
  long api_calls = 0;
  std::vector<TableCounts> tables;
  int pid = 0;               // the process that ran it
};

// The scheduler's memory of a job between ticks (and across restarts).
struct JobState {
  std::optional<TimePoint> next_due;   // unset: never computed (new or edited job)
  std::optional<TimePoint> anchor;     // the last due time counted from (intervals)
  int failures = 0;                    // consecutive failed attempts of the current due run
  std::optional<TimePoint> retry_at;   // set while a failed run waits for its retry
};

class Catalog {
 public:
  // Opens or creates the catalog (and its folder, mode 0700). Throws CatalogError.
  static Catalog open(const std::string& path);
  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;
  ~Catalog();

  const std::string& path() const { return path_; }

  // Throws CatalogError: name taken (add) / unknown (update), invalid name.
  void add(const JobSpec& job);
  void update(const JobSpec& job);      // also resets its JobState (schedule may differ)
  bool remove(const std::string& name); // its history and state go with it
  std::optional<JobSpec> find(const std::string& name) const;
  std::vector<JobSpec> list() const;    // by name

  JobState state(const std::string& name) const;
  void set_state(const std::string& name, const JobState& state);

  // Run history. begin_run records a "running" row (pid = getpid()); finish_run stores
  // the outcome and prunes the job's history to keep_runs.
  int64_t begin_run(const std::string& job, const std::string& trigger, int attempt, TimePoint started);
  void finish_run(int64_t run_id, const RunRecord& outcome);
  std::vector<RunRecord> history(const std::string& job, int limit) const;   // newest first
  std::optional<RunRecord> last_run(const std::string& job) const;
  std::optional<RunRecord> last_success(const std::string& job) const;
  // Runs left "running" by a process that no longer exists become "failed" with
  // error "interrupted (process N ended)". Returns how many.
  int reap_abandoned_runs();

  // Changes whenever a job is added, edited or removed (the scheduler reloads on change).
  int64_t generation() const;

 private:
  explicit Catalog(std::string path, sqlite3* db);
  std::string path_;
  sqlite3* db_ = nullptr;
};

// $XDG_DATA_HOME/backlogsql (default ~/.local/share/backlogsql).
std::string default_home();

// True for names a job may have ([A-Za-z0-9_.-], 1..64 characters, not starting with '-').
bool valid_job_name(const std::string& name);

}  // namespace backlog::jobs
