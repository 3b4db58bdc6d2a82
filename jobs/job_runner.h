// Runs one job once: takes its lock, opens its source (by profile) and destinations, runs
// its statements through engine::Session, and records the run in the catalog.
//
//   jobs::RunRequest req{.trigger = "manual"};
//   jobs::RunOutcome r = jobs::run_job(catalog, *catalog.find("nightly"), env, req);
//
// Locks (jobs/locks.h) are flock(2) files under HOME/locks: the operating system drops
// them when the process ends, so a kill -9 leaves no stale lock.
//   - job-NAME.lock, taken without waiting: a second run of the same job (this process
//     or another) returns status "skipped" at once and records nothing;
//   - source-HASH.lock (one per Backlog credential: space URL + profile), waited for: jobs
//     that share a credential share its rate limit, so they run one after another.
// Cancelling (env.cancel set, e.g. by SIGTERM) aborts the HTTP requests in flight and
// interrupts the statement; its destination transaction rolls back, so every
// destination stays at its last committed state; the run is recorded as "cancelled".
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "engine/session.h"
#include "jobs/catalog.h"

namespace backlog::api { class Client; }

namespace backlog::jobs {

// Where things are, shared by every run of a process.
struct JobEnvironment {
  std::string home;                 // catalog folder (locks/ lives under it)
  std::string config_path;          // config.toml with the profiles and destination secrets
  std::atomic<bool>* cancel = nullptr;  // set from a signal handler to stop the run
  FILE* log = stderr;               // one line per run (and per retry); nullptr: none
  engine::Observer* observer = nullptr;  // progress / summaries (job run in a terminal)
  std::function<TimePoint()> now;   // default: the system clock
  bool insecure = false;            // --insecure for the source
  int parallel = 1;                 // --parallel for the source
  std::string trace_file;           // --trace (secrets redacted, as everywhere)
  // Called with the source's client before the first statement (`job run` taps its calls
  // for the progress line); optional.
  std::function<void(const std::shared_ptr<api::Client>&)> on_client;
};

struct RunRequest {
  std::string trigger = "manual";   // "manual", "schedule", "retry"
  int attempt = 1;
};

struct RunOutcome {
  std::string status;               // "ok", "failed", "cancelled", "skipped" (already running)
  std::string error;
  RunRecord record;                 // as stored (id 0 when skipped)
  // 0 ok, 1 failed (a statement or a destination), 2 could not start (unknown profile,
  // unusable connection or destination URI), 3 skipped (already running), 130 cancelled.
  int exit_code = 0;
};

RunOutcome run_job(Catalog& catalog, const JobSpec& job, const JobEnvironment& env, const RunRequest& request);

// The log line of a finished run: "2026-12-05T09:00:00Z job nightly ok 12.3s 202 calls
// Issues +10 ~2 -1 …" (no secret).
std::string run_log_line(const RunRecord& run);

}  // namespace backlog::jobs
