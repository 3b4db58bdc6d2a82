// The scheduler loop (scheduler.h): which jobs are due, running them per credential, retries.
//
// How it works: every tick lists the jobs and reads their JobState (a cheap pre-check on the
// caller's catalog connection), groups the due ones by source profile and runs each group on
// its own thread with its own catalog connection. Before a run the state is read again under
// the job's due lock, so whichever scheduler gets the lock first runs the slot and moves
// next_due on before letting go; the other one then finds it no longer due.
#include "jobs/scheduler.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "jobs/locks.h"

namespace backlog::jobs {

namespace {

using std::chrono::seconds;

TimePoint system_now() { return std::chrono::floor<seconds>(std::chrono::system_clock::now()); }

// When the job wants to run next: its pending retry, else its slot.
std::optional<TimePoint> wanted_at(const JobState& st) {
  if (st.retry_at) return st.retry_at;
  return st.next_due;
}

long rows_written(const RunRecord& r) {
  long n = 0;
  for (const TableCounts& t : r.tables) n += t.inserted + t.updated + t.deleted;
  return n;
}

std::string folder_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

Scheduler::Scheduler(Catalog& catalog, SchedulerOptions options) : catalog_(catalog), options_(std::move(options)) {
  if (!options_.now) options_.now = system_now;
  if (!options_.env.now) options_.env.now = options_.now;
  if (!options_.env.cancel) options_.env.cancel = &cancel_;
  if (!options_.run) options_.run = run_job;
  if (!options_.sleep_for) {
    // Real time, in short steps so stop() and reload() are noticed at once.
    options_.sleep_for = [this](seconds d) {
      auto end = std::chrono::steady_clock::now() + d;
      while (!stop_ && !reload_ && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    };
  }
  if (options_.env.home.empty()) options_.env.home = folder_of(catalog_.path());
  stats_.started = now();
}

void Scheduler::stop() {
  stop_ = true;
  *options_.env.cancel = true;
}

void Scheduler::reload() { reload_ = true; }

void Scheduler::note(const std::string& line) const {
  if (options_.env.log) fmt::print(options_.env.log, "scheduler: {}\n", line);
}

std::string Scheduler::lock_path(const std::string& job) const {
  return options_.env.home + "/locks/due-" + job + ".lock";
}

void Scheduler::hold(const std::string& job, TimePoint until) {
  std::lock_guard<std::mutex> g(mutex_);
  held_[job] = until;
}

bool Scheduler::held(const std::string& job, TimePoint t) const {
  std::lock_guard<std::mutex> g(mutex_);
  auto it = held_.find(job);
  return it != held_.end() && it->second > t;
}

std::vector<JobSpec> Scheduler::jobs() const {
  const int64_t generation = catalog_.generation();
  std::lock_guard<std::mutex> g(mutex_);
  if (generation != generation_) {
    jobs_ = catalog_.list();
    generation_ = generation;
  }
  return jobs_;
}

SchedulerStats Scheduler::stats() const {
  std::lock_guard<std::mutex> g(mutex_);
  return stats_;
}

std::optional<TimePoint> Scheduler::next_wake() const {
  std::optional<TimePoint> best;
  for (const JobSpec& job : jobs()) {
    if (job.schedule.empty()) continue;
    std::optional<TimePoint> at = wanted_at(catalog_.state(job.name));
    {
      std::lock_guard<std::mutex> g(mutex_);
      auto bad = bad_schedules_.find(job.name);
      if (bad != bad_schedules_.end() && bad->second == job.schedule) continue;  // never due
      if (!at) at = now();  // not computed yet: the next tick does it
      auto it = held_.find(job.name);
      if (it != held_.end()) at = std::max(*at, it->second);
    }
    if (!best || *at < *best) best = at;
  }
  return best;
}

// Decides under the due lock; the run itself is options_.run (run_job: history, log line).
bool Scheduler::run_if_due(Catalog& catalog, const JobSpec& listed, TickResult& result) {
  FileLock lock = FileLock::try_lock(lock_path(listed.name));
  const TimePoint t = now();
  if (!lock.held()) {  // another scheduler is deciding or running this slot
    hold(listed.name, t + std::min(options_.max_sleep, options_.retry_base));
    return false;
  }
  std::optional<JobSpec> job = catalog.find(listed.name);  // edited or removed since the list?
  if (!job || job->schedule.empty()) return false;
  std::optional<Schedule> schedule;
  try {
    schedule = Schedule::parse(job->schedule, job->timezone);
  } catch (const ScheduleError& e) {
    std::lock_guard<std::mutex> g(mutex_);
    if (bad_schedules_[job->name] != job->schedule) {
      bad_schedules_[job->name] = job->schedule;
      if (options_.env.log)
        fmt::print(options_.env.log, "scheduler: job {}: schedule \"{}\" is not valid ({}); not run\n", job->name,
                   job->schedule, e.what());
    }
    return false;
  }

  JobState st = catalog.state(job->name);
  if (!st.next_due) {
    // New or edited: its first slot after now (a job never runs just because it was added).
    TimePoint anchor = job->created.time_since_epoch().count() != 0 ? job->created : t;
    st = JobState{};
    st.anchor = anchor;
    st.next_due = schedule->next_after(anchor, t);
    catalog.set_state(job->name, st);
  }
  if (*wanted_at(st) > t || stop_) return false;

  const TimePoint slot = *st.next_due;
  RunRequest request;
  request.attempt = st.failures + 1;
  request.trigger = st.failures > 0 ? "retry" : "schedule";
  RunOutcome out;
  try {
    out = options_.run(catalog, *job, options_.env, request);
  } catch (const std::exception& e) {  // the run could not even be recorded
    out.status = "failed";
    out.error = e.what();
    out.exit_code = 1;
    if (options_.env.log) fmt::print(options_.env.log, "scheduler: job {}: {}\n", job->name, e.what());
  }
  const TimePoint end = now();

  if (out.status == "skipped") {  // `job run` (or another process) is running it right now
    hold(job->name, end + std::min(options_.max_sleep, options_.retry_base));
    return false;
  }
  {
    std::lock_guard<std::mutex> g(mutex_);
    stats_.runs[{job->name, out.status}]++;
    stats_.rows_written[job->name] += rows_written(out.record);
    stats_.api_calls[job->name] += out.record.api_calls;
  }
  result.runs++;
  if (out.status == "failed") result.failed++;
  if (out.status == "cancelled") return true;  // stopping: the slot stays due for the next start

  // The run may have taken long; a job edited meanwhile got a fresh state, leave it.
  std::optional<JobSpec> now_job = catalog.find(job->name);
  if (!now_job || now_job->schedule != job->schedule || now_job->timezone != job->timezone) return true;

  // Calendar intervals count from the job's first anchor, not from the last slot: a slot
  // clamped to a month's end (the 28th) or moved by a DST gap must not become the new rule.
  const TimePoint anchor = st.anchor.value_or(slot);
  const TimePoint next_slot = schedule->next_after(anchor, end);
  JobState after;
  if (out.status == "failed" && st.failures < job->max_retries) {
    const int retry = st.failures + 1;  // 1 for the first retry
    seconds delay = options_.max_retry_delay;
    if (retry - 1 < 30) delay = std::min<seconds>(delay, options_.retry_base * (1LL << (retry - 1)));
    if (end + delay < next_slot) {
      after = st;
      after.failures = retry;
      after.retry_at = end + delay;
      catalog.set_state(job->name, after);
      note(fmt::format("job {} failed (attempt {}), retry {} of {} at {}", job->name, request.attempt, retry,
                       job->max_retries, format_time(*after.retry_at)));
      return true;
    }
  }
  after.anchor = anchor;
  after.next_due = next_slot;
  catalog.set_state(job->name, after);
  return true;
}

void Scheduler::run_group(Catalog& catalog, const std::vector<JobSpec>& jobs, TickResult& result) {
  for (const JobSpec& job : jobs) {
    if (stop_) return;
    try {
      run_if_due(catalog, job, result);
    } catch (const std::exception& e) {  // a catalog or lock error: report, go on with the rest
      note(fmt::format("job {}: {}", job.name, e.what()));
      result.failed++;
    }
  }
}

Scheduler::TickResult Scheduler::tick_once() {
  TickResult total;
  const TimePoint t = now();
  // Pre-check without locks: which jobs may be due (or need their first slot computed).
  std::map<std::string, std::vector<JobSpec>> groups;
  for (JobSpec& job : jobs()) {
    if (job.schedule.empty() || held(job.name, t)) continue;
    std::optional<TimePoint> at = wanted_at(catalog_.state(job.name));
    if (!at || *at <= t) groups[job.source_profile].push_back(std::move(job));
  }
  if (groups.empty()) return total;
  if (groups.size() == 1) {
    run_group(catalog_, groups.begin()->second, total);
    return total;
  }
  // One thread per credential, each with its own catalog connection.
  std::vector<TickResult> results(groups.size());
  std::vector<std::thread> threads;
  size_t i = 0;
  for (auto& [profile, jobs] : groups) {
    threads.emplace_back([this, &jobs = jobs, &r = results[i]] {
      try {
        Catalog own = Catalog::open(catalog_.path());
        run_group(own, jobs, r);
      } catch (const std::exception& e) {
        note(fmt::format("cannot open the catalog: {}", e.what()));
        r.failed++;
      }
    });
    ++i;
  }
  for (std::thread& th : threads) th.join();
  for (const TickResult& r : results) {
    total.runs += r.runs;
    total.failed += r.failed;
  }
  return total;
}

int Scheduler::tick() { return tick_once().runs; }

int Scheduler::run() {
  try {
    catalog_.reap_abandoned_runs();  // runs of a killed scheduler: "interrupted"
  } catch (const std::exception& e) {
    note(fmt::format("cannot check for interrupted runs: {}", e.what()));
  }
  while (!stop_) {
    if (reload_.exchange(false)) {
      {
        std::lock_guard<std::mutex> g(mutex_);
        generation_ = -1;
      }
      const size_t n = jobs().size();
      note(fmt::format("reloaded, {} job{}", n, n == 1 ? "" : "s"));
    }
    TickResult r = tick_once();
    if (options_.once) return r.failed > 0 && !stop_ ? 1 : 0;
    if (stop_) break;
    // Sleep until the next due time, at least a second, at most max_sleep (edits made
    // without SIGHUP are seen that fast).
    seconds d = options_.max_sleep;
    if (std::optional<TimePoint> wake = next_wake()) d = std::clamp<seconds>(*wake - now(), seconds(1), d);
    if (reload_ || stop_) continue;
    options_.sleep_for(d);
  }
  return 0;
}

}  // namespace backlog::jobs
