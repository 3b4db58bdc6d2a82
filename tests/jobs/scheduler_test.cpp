// The scheduler on a fake clock (jobs/scheduler.h): a real catalog in a temp folder, a fake
// `now`, a `sleep_for` that moves the clock, and a fake `run` that records (job, time) and
// fails or succeeds as each test scripts it. Like run_job, the fake writes one history row
// per attempt when a test asks for history.
#include <gtest/gtest.h>

#include <barrier>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "jobs/catalog.h"
#include "jobs/scheduler.h"
#include "prometheus_text.h"
#include "support/temp_dir.h"

namespace backlog::jobs {
namespace {

using testing::parse_prometheus;
using testing::sample;
using testing::Sample;
using namespace std::chrono_literals;
using std::chrono::minutes;
using std::chrono::seconds;

// 2026-03-02 is a Monday.
const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 3 / 2};

struct Call {
  std::string job, trigger;
  int attempt;
  TimePoint at;
};

// A shared fake clock; sleep_for advances it (several schedulers may read it).
struct FakeClock {
  std::atomic<long long> secs{kStart.time_since_epoch().count()};
  TimePoint now() const { return TimePoint(seconds(secs.load())); }
  void set(TimePoint t) { secs = t.time_since_epoch().count(); }
};

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() : catalog_(Catalog::open(dir_.file("jobs.db"))) {}

  void add(const std::string& name, const std::string& schedule, const std::string& profile = "p",
           TimePoint created = kStart, int max_retries = 3, const std::string& tz = "") {
    JobSpec j;
    j.name = name;
    j.source_profile = profile;
    j.destinations = {"sqlite:" + dir_.file(name + ".db")};
    j.tables = {"Issues"};
    j.schedule = schedule.empty() ? "" : Schedule::parse(schedule, tz).text();
    j.timezone = tz;
    j.max_retries = max_retries;
    j.created = created;
    catalog_.add(j);
  }

  // Makes a job due at `t` (a new job's first slot is one interval after its creation).
  void due_at(const std::string& name, TimePoint t) {
    JobState st;
    st.next_due = t;
    st.anchor = t;
    catalog_.set_state(name, st);
  }

  // Options with the fake clock, a sleep that moves it (and stops at `until`), and the
  // recording run. `script(job, attempt)` says whether an attempt fails.
  SchedulerOptions options(TimePoint until) {
    SchedulerOptions o;
    o.env.home = dir_.path();
    o.env.log = nullptr;
    o.now = [this] { return clock_.now(); };
    o.max_sleep = std::chrono::hours(24);
    o.sleep_for = [this, until](seconds d) {
      TimePoint next = clock_.now() + d;
      if (on_sleep && on_sleep(next)) return;  // woken at once (reload), as the real sleep is
      if (jump_at && next > *jump_at) {  // the host was down: wake up much later
        next = *jump_at + jump_by;
        jump_at.reset();
      }
      clock_.set(next);
      if (clock_.now() > until) current_->stop();
    };
    o.run = [this](Catalog& cat, const JobSpec& job, const JobEnvironment& env, const RunRequest& req) {
      return fake_run(cat, job, env, req);
    };
    return o;
  }

  RunOutcome fake_run(Catalog& cat, const JobSpec& job, const JobEnvironment& env, const RunRequest& req) {
    const TimePoint t = env.now();
    {
      std::lock_guard<std::mutex> g(mutex_);
      calls_.push_back({job.name, req.trigger, req.attempt, t});
    }
    RunOutcome out;
    out.status = fails && fails(job.name, req.attempt) ? "failed" : "ok";
    if (out.status == "failed") out.error = error_text;
    out.exit_code = out.status == "ok" ? 0 : 1;
    out.record.job = job.name;
    out.record.trigger = req.trigger;
    out.record.attempt = req.attempt;
    out.record.started = out.record.ended = t;
    out.record.status = out.status;
    out.record.error = out.error;
    out.record.api_calls = 3;
    out.record.tables = {{"Issues", "sqlite:x.db", 10, 4, 1, 0}};
    if (write_history) {
      out.record.id = cat.begin_run(job.name, req.trigger, req.attempt, t);
      cat.finish_run(out.record.id, out.record);
    }
    return out;
  }

  int run_until(TimePoint until) {
    Scheduler s(catalog_, options(until));
    current_ = &s;
    int code = s.run();
    current_ = nullptr;
    return code;
  }

  std::vector<TimePoint> times_of(const std::string& job) const {
    std::vector<TimePoint> out;
    for (const Call& c : calls_)
      if (c.job == job) out.push_back(c.at);
    return out;
  }

  testing::TempDir dir_;
  Catalog catalog_;
  FakeClock clock_;
  Scheduler* current_ = nullptr;
  std::mutex mutex_;
  std::vector<Call> calls_;
  std::function<bool(const std::string&, int)> fails;
  std::function<bool(TimePoint)> on_sleep;   // true: the sleep ends at once
  std::optional<TimePoint> jump_at;
  seconds jump_by{0};
  bool write_history = false;
  std::string error_text = "HTTP 500 from the space";
};

// Every start + k·step (k ≥ 1) up to and including `until`.
std::vector<TimePoint> every(TimePoint from, seconds step, TimePoint until) {
  std::vector<TimePoint> out;
  for (TimePoint t = from + step; t <= until; t += step) out.push_back(t);
  return out;
}

TEST_F(SchedulerTest, AMonthOfSchedulesRunsExactlyWhenDue) {
  const TimePoint end = kStart + std::chrono::days(30);
  add("ten", "10m");
  add("hourly", "1h");
  add("daily", "1d", "p", kStart + 150min);                 // created at 02:30
  add("weekdays", "cron 0 9 * * MON-FRI");                  // 09:00 UTC, Monday to Friday
  add("tokyo", "cron 30 9 * * *", "p", kStart, 3, "Asia/Tokyo");  // 09:30 JST = 00:30 UTC
  add("manual", "", "p");                                   // no schedule: never by the scheduler

  EXPECT_EQ(run_until(end), 0);

  EXPECT_EQ(times_of("ten"), every(kStart, 10min, end));
  EXPECT_EQ(times_of("ten").size(), 30u * 144);
  EXPECT_EQ(times_of("hourly"), every(kStart, 1h, end));
  EXPECT_EQ(times_of("daily"), every(kStart + 150min, std::chrono::days(1), end));
  std::vector<TimePoint> weekdays, tokyo;
  for (std::chrono::sys_days d = std::chrono::floor<std::chrono::days>(kStart); d < end; d += std::chrono::days(1)) {
    std::chrono::weekday wd{d};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) weekdays.push_back(TimePoint(d) + 9h);
    tokyo.push_back(TimePoint(d) + 30min);
  }
  EXPECT_EQ(times_of("weekdays"), weekdays);
  EXPECT_EQ(weekdays.size(), 22u);
  EXPECT_EQ(times_of("tokyo"), tokyo);
  EXPECT_TRUE(times_of("manual").empty());
  for (const Call& c : calls_) {
    EXPECT_EQ(c.trigger, "schedule");
    EXPECT_EQ(c.attempt, 1);
  }
}

TEST_F(SchedulerTest, AfterDowntimeEachJobRunsOnceThenResumesItsSlots) {
  add("ten", "10m");
  add("hourly", "1h");
  add("daily", "1d");
  const TimePoint down = kStart + 12h + 5min;       // the last slot before: 12:00
  const TimePoint back = down + std::chrono::days(3) + 2min;  // 3 days later, 12:07, off every grid
  jump_at = down;
  jump_by = back - down;
  const TimePoint end = back + 1h;
  EXPECT_EQ(run_until(end), 0);

  auto expected = [&](seconds step, TimePoint last_before) {
    std::vector<TimePoint> v = every(kStart, step, last_before);
    v.push_back(back);  // the missed slots, once
    for (TimePoint t = last_before + step; t <= end; t += step)
      if (t > back) v.push_back(t);
    return v;
  };
  EXPECT_EQ(times_of("ten"), expected(10min, kStart + 12h));
  EXPECT_EQ(times_of("hourly"), expected(1h, kStart + 12h));
  // Daily: first due 1 day after creation, which fell in the downtime.
  EXPECT_EQ(times_of("daily"), std::vector<TimePoint>{back});
  EXPECT_EQ(catalog_.state("daily").next_due, kStart + std::chrono::days(4));
}

// Calendar intervals keep counting from the creation time: February's clamped 28th and
// a DST gap's shifted hour are one-off, not the new rule.
TEST_F(SchedulerTest, MonthlyAndDailySlotsDoNotDriftAfterAMonthEndOrADstGap) {
  using std::chrono::days;
  using std::chrono::sys_days;
  const TimePoint jan31 = sys_days{std::chrono::year{2026} / 1 / 31} + 10h;
  clock_.set(jan31);
  add("monthly", "1mo", "p", jan31);
  // 02:30 in New York (UTC-5 before 8 March 2026, UTC-4 after); 8 March has no 02:30.
  const TimePoint ny_mar6 = sys_days{std::chrono::year{2026} / 3 / 6} + 7h + 30min;
  add("daily_ny", "1d", "p", ny_mar6, 3, "America/New_York");
  EXPECT_EQ(run_until(sys_days{std::chrono::year{2026} / 6 / 30} + 12h), 0);

  std::vector<TimePoint> monthly;
  for (auto ymd : {std::chrono::year{2026} / 2 / 28, std::chrono::year{2026} / 3 / 31,
                   std::chrono::year{2026} / 4 / 30, std::chrono::year{2026} / 5 / 31,
                   std::chrono::year{2026} / 6 / 30})
    monthly.push_back(sys_days{ymd} + 10h);
  EXPECT_EQ(times_of("monthly"), monthly);

  std::vector<TimePoint> ny = times_of("daily_ny");
  ASSERT_GE(ny.size(), 4u);
  EXPECT_EQ(ny[0], ny_mar6 + days(1));                  // 7 March, 02:30 EST
  EXPECT_EQ(ny[1], sys_days{std::chrono::year{2026} / 3 / 8} + 7h);  // the gap: 03:00 EDT
  EXPECT_EQ(ny[2], sys_days{std::chrono::year{2026} / 3 / 9} + 6h + 30min);   // 02:30 EDT again
  EXPECT_EQ(ny[3], sys_days{std::chrono::year{2026} / 3 / 10} + 6h + 30min);
}

TEST_F(SchedulerTest, FailedRunIsRetriedWithBackoffAndEveryAttemptIsInTheHistory) {
  add("flaky", "1h", "p", kStart, 3);
  write_history = true;
  const TimePoint slot = kStart + 1h;
  fails = [&](const std::string&, int) { return clock_.now() < slot + 1h; };  // the whole first slot fails
  EXPECT_EQ(run_until(kStart + 2h + 30min), 0);

  // Attempt 1 at the slot, then retries after 60 s, 120 s, 240 s: max_retries 3 = 4 attempts.
  std::vector<TimePoint> expected = {slot, slot + 60s, slot + 180s, slot + 420s, slot + 1h};
  EXPECT_EQ(times_of("flaky"), expected);
  std::vector<std::string> triggers;
  std::vector<int> attempts;
  for (const Call& c : calls_) {
    triggers.push_back(c.trigger);
    attempts.push_back(c.attempt);
  }
  EXPECT_EQ(triggers, (std::vector<std::string>{"schedule", "retry", "retry", "retry", "schedule"}));
  EXPECT_EQ(attempts, (std::vector<int>{1, 2, 3, 4, 1}));

  std::vector<RunRecord> h = catalog_.history("flaky", 10);  // newest first
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[0].status, "ok");
  for (int i = 1; i < 5; ++i) {
    EXPECT_EQ(h[i].status, "failed");
    EXPECT_EQ(h[i].attempt, 5 - i);
    EXPECT_EQ(h[i].started, expected[4 - i]);
    EXPECT_EQ(h[i].error, error_text);
  }
  EXPECT_EQ(catalog_.state("flaky").failures, 0);
  EXPECT_EQ(catalog_.state("flaky").next_due, slot + 2h);
}

TEST_F(SchedulerTest, RetryDelayIsCappedAndNeverReachesTheNextSlot) {
  add("capped", "1h", "p", kStart, 5);
  add("short", "10m", "q", kStart, 5);
  fails = [&](const std::string& job, int) { return job == "short" ? clock_.now() < kStart + 20min : true; };
  Scheduler s(catalog_, [&] {
    SchedulerOptions o = options(kStart + 1h + 30min);
    o.retry_base = 120s;
    o.max_retry_delay = 300s;
    return o;
  }());
  current_ = &s;
  EXPECT_EQ(s.run(), 0);

  const TimePoint slot = kStart + 1h;
  // Delays 120, 240, then capped at 300 s, up to max_retries (5); then the next slot.
  EXPECT_EQ(times_of("capped"), (std::vector<TimePoint>{slot, slot + 120s, slot + 360s, slot + 660s,
                                                        slot + 960s, slot + 1260s}));
  EXPECT_EQ(catalog_.state("capped").next_due, slot + 1h);
  // 10-minute job: retries at +2 and +6 minutes fit; the third (+11) would pass the 20-minute
  // slot, so the slot's own run (attempt 1) takes its place.
  std::vector<TimePoint> expected = {kStart + 10min, kStart + 12min, kStart + 16min};
  std::vector<int> expected_attempts = {1, 2, 3};
  for (TimePoint t : every(kStart + 10min, 10min, kStart + 1h + 30min)) {
    expected.push_back(t);
    expected_attempts.push_back(1);
  }
  EXPECT_EQ(times_of("short"), expected);
  std::vector<int> attempts;
  for (const Call& c : calls_)
    if (c.job == "short") attempts.push_back(c.attempt);
  EXPECT_EQ(attempts, expected_attempts);
}

TEST_F(SchedulerTest, StopEndsRunWithZeroAndCancelsTheRunInFlight) {
  add("slow", "10m");
  due_at("slow", kStart + 10min);
  clock_.set(kStart + 10min);
  SchedulerOptions o = options(kStart + std::chrono::days(1));
  std::atomic<bool> started{false};
  o.run = [&](Catalog&, const JobSpec&, const JobEnvironment& env, const RunRequest&) {
    started = true;
    RunOutcome out;
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!env.cancel->load() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    out.status = env.cancel->load() ? "cancelled" : "ok";
    return out;
  };
  o.sleep_for = {};  // real sleeping
  Scheduler s(catalog_, std::move(o));
  int code = -1;
  std::thread runner([&] { code = s.run(); });
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!started && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(started);
  s.stop();
  runner.join();
  EXPECT_EQ(code, 0);
  EXPECT_EQ(s.stats().runs.at({"slow", "cancelled"}), 1);
  // The cancelled slot is still due for the next start.
  EXPECT_EQ(catalog_.state("slow").next_due, kStart + 10min);
}

TEST_F(SchedulerTest, StopWhileSleepingReturnsPromptly) {
  add("later", "1d");
  SchedulerOptions o = options(kStart + std::chrono::days(1));
  o.sleep_for = {};  // real sleeping, up to max_sleep (24 h here)
  Scheduler s(catalog_, std::move(o));
  int code = -1;
  std::thread runner([&] { code = s.run(); });
  std::this_thread::sleep_for(50ms);  // let it reach its sleep (stop works either way)
  auto t0 = std::chrono::steady_clock::now();
  s.stop();
  runner.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(code, 0);
}

TEST_F(SchedulerTest, ReloadPicksUpANewJob) {
  add("hourly", "1h");
  Catalog other = Catalog::open(dir_.file("jobs.db"));  // as `backlogsql job add` would
  bool added = false;
  on_sleep = [&](TimePoint) {
    if (added || clock_.now() < kStart + 3h) return false;
    JobSpec j;
    j.name = "fresh";
    j.source_profile = "p";
    j.destinations = {"sqlite:" + dir_.file("fresh.db")};
    j.query = "REPLICATE Issues;";
    j.schedule = "every 10m";
    j.created = clock_.now();
    other.add(j);
    current_->reload();
    added = true;
    return true;
  };
  EXPECT_EQ(run_until(kStart + 4h), 0);
  EXPECT_EQ(times_of("fresh"), every(kStart + 3h, 10min, kStart + 4h));
  EXPECT_EQ(times_of("hourly"), every(kStart, 1h, kStart + 4h));
}

TEST_F(SchedulerTest, AJobWithAnInvalidScheduleIsSkippedWithoutBusyWaiting) {
  add("hourly", "1h");
  JobSpec bad;  // `job add` refuses this; an older or hand-edited catalog might hold it
  bad.name = "bad";
  bad.source_profile = "p";
  bad.destinations = {"sqlite:" + dir_.file("bad.db")};
  bad.tables = {"Issues"};
  bad.schedule = "every 3 fortnights";
  bad.created = kStart;
  catalog_.add(bad);
  int sleeps = 0;
  on_sleep = [&](TimePoint) {
    ++sleeps;
    return false;
  };
  EXPECT_EQ(run_until(kStart + 3h), 0);
  EXPECT_EQ(times_of("hourly"), every(kStart, 1h, kStart + 3h));
  EXPECT_TRUE(times_of("bad").empty());
  EXPECT_EQ(sleeps, 4);  // straight from slot to slot
}

TEST_F(SchedulerTest, OnceRunsWhatIsDueAndExitsOneWhenARunFailed) {
  add("a", "10m");
  due_at("a", kStart + 10min);
  clock_.set(kStart + 10min);
  SchedulerOptions o = options(kStart + 1h);
  o.once = true;
  {
    Scheduler s(catalog_, o);
    EXPECT_EQ(s.run(), 0);
  }
  EXPECT_EQ(calls_.size(), 1u);
  clock_.set(kStart + 20min);
  fails = [](const std::string&, int) { return true; };
  {
    Scheduler s(catalog_, o);
    EXPECT_EQ(s.run(), 1);
    EXPECT_EQ(s.stats().runs.at({"a", "failed"}), 1);
    EXPECT_EQ(s.next_wake(), kStart + 21min);  // the retry
  }
  EXPECT_EQ(calls_.size(), 2u);
}

TEST_F(SchedulerTest, TwoSchedulersOnOneCatalogNeverRunASlotTwice) {
  add("a", "10m", "p1");
  add("b", "10m", "p2");
  add("c", "1h", "p1");
  const TimePoint end = kStart + 12h;
  Catalog second = Catalog::open(dir_.file("jobs.db"));
  auto make = [&](Catalog& cat) {
    SchedulerOptions o = options(end);
    o.run = [this](Catalog& c, const JobSpec& job, const JobEnvironment& env, const RunRequest& req) {
      std::this_thread::sleep_for(1ms);  // long enough for the other scheduler to try the same slot
      return fake_run(c, job, env, req);
    };
    return std::make_unique<Scheduler>(cat, std::move(o));
  };
  std::unique_ptr<Scheduler> one = make(catalog_), two = make(second);
  // Both tick at every 5 fake minutes, side by side.
  std::barrier sync(2);
  auto drive = [&](Scheduler& s) {
    for (TimePoint t = kStart; t <= end; t += 5min) {
      sync.arrive_and_wait();
      s.tick();
      sync.arrive_and_wait();
      if (&s == one.get()) clock_.set(t + 5min);
    }
  };
  std::thread t1([&] { drive(*one); });
  std::thread t2([&] { drive(*two); });
  t1.join();
  t2.join();
  EXPECT_EQ(times_of("a"), every(kStart, 10min, end));
  EXPECT_EQ(times_of("b"), every(kStart, 10min, end));
  EXPECT_EQ(times_of("c"), every(kStart, 1h, end));
}

TEST_F(SchedulerTest, OneCredentialRunsInOrderDifferentCredentialsSideBySide) {
  add("x1", "10m", "P");
  add("x2", "10m", "P");
  add("y1", "10m", "Q");
  for (const char* j : {"x1", "x2", "y1"}) due_at(j, kStart + 10min);
  clock_.set(kStart + 10min);
  std::mutex m;
  std::condition_variable cv;
  std::map<std::string, int> in_flight;       // profile → runs in flight
  std::set<std::string> running;
  std::vector<std::string> problems;
  SchedulerOptions o = options(kStart + 1h);
  o.run = [&](Catalog&, const JobSpec& job, const JobEnvironment&, const RunRequest&) {
    std::unique_lock<std::mutex> l(m);
    if (in_flight[job.source_profile]++ > 0) problems.push_back(job.name + " overlapped its credential");
    running.insert(job.name);
    cv.notify_all();
    // x1 and y1 must be in flight together: each waits (bounded) for the other.
    if (job.name == "x1" && !cv.wait_for(l, 5s, [&] { return running.count("y1") > 0; }))
      problems.push_back("y1 did not run while x1 did");
    if (job.name == "y1" && !cv.wait_for(l, 5s, [&] { return running.count("x1") > 0; }))
      problems.push_back("x1 did not run while y1 did");
    l.unlock();
    std::this_thread::sleep_for(10ms);
    l.lock();
    in_flight[job.source_profile]--;
    RunOutcome out;
    out.status = "ok";
    return out;
  };
  Scheduler s(catalog_, std::move(o));
  EXPECT_EQ(s.tick(), 3);
  EXPECT_EQ(problems, std::vector<std::string>{});
  EXPECT_EQ(running, (std::set<std::string>{"x1", "x2", "y1"}));
}

// The parser the metrics tests rely on does refuse bad text.
TEST(PrometheusParserTest, RefusesWhatPrometheusWould) {
  std::string error;
  EXPECT_EQ(parse_prometheus("# HELP m x\n# TYPE m counter\nm{job=\"a\\\"b\"} 2\n", &error).size(), 1u) << error;
  EXPECT_TRUE(parse_prometheus("m 1\n", &error).empty());  // no TYPE
  EXPECT_TRUE(parse_prometheus("# HELP m x\n# TYPE m counter\nm{job=\"a\"b\"} 2\n", &error).empty());
  EXPECT_TRUE(parse_prometheus("# HELP m x\n# TYPE m counter\nm{job=a} 2\n", &error).empty());
  EXPECT_TRUE(parse_prometheus("# HELP m x\n# TYPE m counter\nm 2x\n", &error).empty());
}

TEST_F(SchedulerTest, MetricsAreValidPrometheusTextWithTheRunsMade) {
  add("ok-job", "10m", "p");
  add("bad.job", "10m", "q", kStart, 0);
  add("idle", "1d", "p");
  write_history = true;
  fails = [](const std::string& job, int) { return job == "bad.job"; };
  Scheduler s(catalog_, options(kStart + 30min));
  current_ = &s;

  std::string error;
  std::vector<Sample> before = parse_prometheus(metrics_text(s), &error);  // every job, at 0
  ASSERT_FALSE(before.empty()) << error;
  EXPECT_EQ(sample(before, "backlogsql_job_runs_total", {{"job", "idle"}, {"status", "ok"}}), 0);
  EXPECT_EQ(sample(before, "backlogsql_job_runs_total", {{"job", "ok-job"}, {"status", "failed"}}), 0);

  EXPECT_EQ(s.run(), 0);  // slots at 10, 20 and 30 minutes
  const std::string text = metrics_text(s);
  std::vector<Sample> m = parse_prometheus(text, &error);
  ASSERT_FALSE(m.empty()) << error << "\n" << text;
  EXPECT_EQ(sample(m, "backlogsql_job_runs_total", {{"job", "ok-job"}, {"status", "ok"}}), 3);
  EXPECT_EQ(sample(m, "backlogsql_job_runs_total", {{"job", "bad.job"}, {"status", "failed"}}), 3);
  EXPECT_EQ(sample(m, "backlogsql_job_runs_total", {{"job", "bad.job"}, {"status", "ok"}}), 0);
  EXPECT_EQ(sample(m, "backlogsql_job_rows_written_total", {{"job", "ok-job"}}), 3 * 5);
  EXPECT_EQ(sample(m, "backlogsql_job_api_calls_total", {{"job", "ok-job"}}), 3 * 3);
  EXPECT_EQ(sample(m, "backlogsql_job_last_success_timestamp_seconds", {{"job", "ok-job"}}),
            (kStart + 30min).time_since_epoch().count());
  EXPECT_EQ(sample(m, "backlogsql_job_last_success_timestamp_seconds", {{"job", "bad.job"}}), -1);  // none
  EXPECT_EQ(sample(m, "backlogsql_job_next_run_timestamp_seconds", {{"job", "idle"}}),
            (kStart + std::chrono::days(1)).time_since_epoch().count());
  EXPECT_EQ(sample(m, "backlogsql_job_next_run_timestamp_seconds", {{"job", "ok-job"}}),
            (kStart + 40min).time_since_epoch().count());
  EXPECT_EQ(sample(m, "backlogsql_scheduler_up", {}), 1);
  EXPECT_EQ(sample(m, "backlogsql_scheduler_start_time_seconds", {}), kStart.time_since_epoch().count());
}

TEST_F(SchedulerTest, StatusPageListsJobsAndEscapesErrors) {
  add("page-job", "10m");
  write_history = true;
  error_text = "bad <script>alert('x')</script> & more";
  fails = [](const std::string&, int) { return true; };
  EXPECT_EQ(run_until(kStart + 10min), 0);
  Scheduler s(catalog_, options(kStart + 10min));
  std::string page = status_html(s);
  EXPECT_NE(page.find("page-job"), std::string::npos);
  EXPECT_NE(page.find(Schedule::parse("10m").describe()), std::string::npos) << page;
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("bad &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), std::string::npos) << page;
  EXPECT_NE(page.find(format_time(kStart + 11min)), std::string::npos) << page;  // the retry
}

}  // namespace
}  // namespace backlog::jobs
