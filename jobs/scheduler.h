// `backlogsql scheduler`: starts jobs when they are due.
//
//   jobs::Scheduler s(catalog, options);    // options.now / sleep_for injectable for tests
//   s.tick();                               // run what is due at options.now(), once
//   s.run();                                // loop until stop() (SIGTERM/SIGINT)
//
// Due: a job with a schedule whose JobState::next_due <= now (a new or edited job gets
// next_due = schedule.next_after(created or now, now) first). After a run, next_due =
// next_after(anchor, now), the anchor staying the job's creation time (so a monthly job
// made on the 31st runs on the 28th in February and on the 31st again in March): after a
// downtime the missed slots collapse into the one run just made. The due check, the run and the state update happen under the job's due
// lock (HOME/locks/due-NAME.lock, locks.h; run_job takes job-NAME.lock inside it) and
// re-read the catalog, so two schedulers on one catalog never run one slot twice. A run
// that was cancelled, killed or skipped (the job was running elsewhere) leaves its slot due.
// Jobs are grouped by source profile (one Backlog credential): each group runs in order on
// its own thread, groups side by side. A failed run is retried after retry_base·2^(n-1)
// (capped at max_retry_delay), up to the job's max_retries; a retry that would come at or
// after the next due time is dropped (the scheduled run takes its place). Each attempt is
// one history row (run_job writes it). stop() cancels the runs in flight (their statements
// roll back) and returns from run() with 0; reload() re-reads the catalog at the next tick
// (SIGHUP); the catalog's generation is also checked every tick, so edits are seen anyway.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobs/catalog.h"
#include "jobs/job_runner.h"

namespace backlog::jobs {

struct SchedulerOptions {
  JobEnvironment env;                          // home, config, log, cancel flag
  bool once = false;                           // run(): one tick, then return
  std::function<TimePoint()> now;              // default: system clock
  // Waits up to `d` or until stop()/reload()/wake; default: real sleep in short steps.
  std::function<void(std::chrono::seconds d)> sleep_for;
  // How a job is run (default run_job); tests count calls with a fake.
  std::function<RunOutcome(Catalog&, const JobSpec&, const JobEnvironment&, const RunRequest&)> run;
  std::chrono::seconds retry_base{60};
  std::chrono::seconds max_retry_delay{3600};
  std::chrono::seconds max_sleep{60};          // catalog changes without SIGHUP are seen this fast
};

// Counters for /metrics and the status page (since this scheduler started).
struct SchedulerStats {
  std::map<std::pair<std::string, std::string>, long> runs;   // (job, status) → count
  std::map<std::string, long> rows_written;                   // job → inserted+updated+deleted
  std::map<std::string, long> api_calls;                      // job → calls
  TimePoint started{};
};

class Scheduler {
 public:
  Scheduler(Catalog& catalog, SchedulerOptions options);

  // Runs every job due now (waits for them); returns how many runs were made.
  int tick();
  // Loops tick / sleep until stop(); with options.once one tick. Returns the exit code:
  // 0 (also after stop()), 1 if `once` and a run failed.
  int run();
  void stop();     // async-signal-safe
  void reload();   // async-signal-safe

  // The next time any job is due (or retried); nullopt when none is scheduled.
  std::optional<TimePoint> next_wake() const;
  SchedulerStats stats() const;
  Catalog& catalog() { return catalog_; }

 private:
  struct TickResult {
    int runs = 0;
    int failed = 0;
  };
  TickResult tick_once();
  // Runs the due jobs of one credential in order, on `catalog` (this thread's connection).
  void run_group(Catalog& catalog, const std::vector<JobSpec>& jobs, TickResult& result);
  // The slot check and the run of one job, under its due lock; true when a run was made.
  bool run_if_due(Catalog& catalog, const JobSpec& job, TickResult& result);
  // The catalog's jobs, listed again only when its generation changed.
  std::vector<JobSpec> jobs() const;
  void hold(const std::string& job, TimePoint until);
  bool held(const std::string& job, TimePoint now) const;
  void note(const std::string& line) const;   // "scheduler: …" on the log
  TimePoint now() const { return options_.now(); }
  std::string lock_path(const std::string& job) const;

  Catalog& catalog_;
  SchedulerOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> reload_{false};
  std::atomic<bool> cancel_{false};            // env.cancel when the caller gave none
  mutable std::mutex mutex_;                   // stats_, held_, bad_schedules_
  SchedulerStats stats_;
  // Jobs left alone until then: running elsewhere (their due lock or job lock was taken).
  std::map<std::string, TimePoint> held_;
  std::map<std::string, std::string> bad_schedules_;   // job → schedule text already reported
  mutable std::vector<JobSpec> jobs_;          // cached list (jobs()), under mutex_
  mutable int64_t generation_ = -1;
};

// Prometheus text format (version 0.0.4): backlogsql_job_runs_total{job,status},
// backlogsql_job_rows_written_total{job}, backlogsql_job_api_calls_total{job},
// backlogsql_job_last_success_timestamp_seconds{job}, backlogsql_job_next_run_timestamp_seconds{job},
// backlogsql_scheduler_up, backlogsql_scheduler_start_time_seconds.
std::string metrics_text(Scheduler& scheduler);
// A small read-only HTML page: jobs, schedule, next run, last runs with their errors (escaped).
std::string status_html(Scheduler& scheduler);

}  // namespace backlog::jobs
