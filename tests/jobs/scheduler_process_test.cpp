// `backlogsql scheduler` as real processes against a real backlog-emulator: --once runs a
// due job; two schedulers on one catalog make one run; kill -9 leaves no lock and the next
// run completes; SIGTERM cancels and rolls back; --listen serves /healthz, /metrics and the
// page; and the API key appears nowhere but config.toml.
//
// A new job's first slot is one interval after it was added, so each test makes its job
// due by setting its JobState through the catalog (as a scheduler that has waited would).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include "jobs/catalog.h"
#include "jobs/locks.h"
#include "background_backlogsql.h"
#include "prometheus_text.h"
#include "shell/backlogsql_run.h"
#include "support/emulator_process.h"
#include "support/temp_dir.h"

namespace backlog::testing {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "sched-secret-4f9a1c77e2";
const std::string kJob = "nightly";

class SchedulerProcessTest : public ::testing::Test {
 protected:
  // An emulator with `issues` issues (and `latency_ms` per response), a profile, and the
  // job "nightly" replicating Issues every 10 minutes into out.db, due now.
  void start(int issues, int latency_ms) {
    emu_ = std::make_unique<EmulatorProcess>(std::vector<std::string>{
        "--issues", std::to_string(issues), "--projects", "2", "--latency-ms", std::to_string(latency_ms),
        "--api-key", kSecret});
    issues_ = issues;
    BacklogsqlRun r = run("profile add src --url " + emu_->url() + " --api-key " + kSecret);
    ASSERT_EQ(r.status, 0) << r.err;
    r = run("job add " + kJob + " --source src --dest " + shell_quote("sqlite://" + dest()) +
            " --tables Issues --every 10m" + home_arg());
    ASSERT_EQ(r.status, 0) << r.err;
    make_due();
    emu_->clear_log();
  }

  std::string jobs_home() const { return home_.path() + "/jobs"; }
  std::string home_arg() const { return " --home " + shell_quote(jobs_home()); }
  std::string dest() const { return home_.file("out.db"); }

  BacklogsqlRun run(const std::string& args) { return run_backlogsql(home_.path(), args); }

  void make_due() {
    jobs::Catalog c = jobs::Catalog::open(jobs_home() + "/jobs.db");
    jobs::JobState st;
    st.next_due = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - 60s;
    c.set_state(kJob, st);
  }

  std::vector<jobs::RunRecord> history() {
    return jobs::Catalog::open(jobs_home() + "/jobs.db").history(kJob, 100);
  }

  std::unique_ptr<Child> spawn(const std::string& args) {
    return spawn_backlogsql(home_.path(), args, home_.file("scheduler-" + std::to_string(++spawned_) + ".err"));
  }

  // Rows in the destination's Issues table; nullopt when there is no such table.
  std::optional<int64_t> dest_rows() { return sqlite_count(dest(), "Issues"); }

  // Requests for the issue list since the last clear (pages of the one REPLICATE).
  std::vector<LoggedRequest> issue_pages() const {
    std::vector<LoggedRequest> out;
    for (LoggedRequest& r : emu_->requests())
      if (r.path == "/api/v2/issues") out.push_back(std::move(r));
    return out;
  }

  bool locks_free() {
    for (const char* kind : {"job-", "due-"}) {
      jobs::FileLock l = jobs::FileLock::try_lock(jobs_home() + "/locks/" + kind + kJob + ".lock");
      if (!l.held()) return false;
    }
    return true;
  }

  TempDir home_;
  std::unique_ptr<EmulatorProcess> emu_;
  int issues_ = 0;
  int spawned_ = 0;
};

TEST_F(SchedulerProcessTest, OnceRunsTheDueJobAndRecordsIt) {
  ASSERT_NO_FATAL_FAILURE(start(120, 0));
  BacklogsqlRun r = run("scheduler --once" + home_arg());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(dest_rows(), 120);
  std::vector<jobs::RunRecord> h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].status, "ok");
  EXPECT_EQ(h[0].trigger, "schedule");
  EXPECT_NE(r.err.find("job nightly ok"), std::string::npos) << r.err;  // the run's log line

  BacklogsqlRun shown = run("job history " + kJob + home_arg());
  EXPECT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("ok"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("schedule"), std::string::npos) << shown.out;

  // Not due any more: a second --once does nothing.
  emu_->clear_log();
  r = run("scheduler --once" + home_arg());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(history().size(), 1u);
  EXPECT_TRUE(emu_->requests().empty());
}

TEST_F(SchedulerProcessTest, TwoSchedulersStartedTogetherRunTheJobOnce) {
  ASSERT_NO_FATAL_FAILURE(start(300, 20));
  std::unique_ptr<Child> a = spawn("scheduler --once" + home_arg());
  std::unique_ptr<Child> b = spawn("scheduler --once" + home_arg());
  EXPECT_EQ(a->wait(), 0) << a->err();
  EXPECT_EQ(b->wait(), 0) << b->err();

  std::vector<jobs::RunRecord> h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].status, "ok");
  EXPECT_EQ(dest_rows(), 300);
  // One run's reads: each page of the issue list once (300 issues, pages of 100).
  std::vector<LoggedRequest> pages = issue_pages();
  std::set<std::string> distinct;
  for (const LoggedRequest& p : pages) distinct.insert(p.query);
  EXPECT_EQ(pages.size(), distinct.size());
  EXPECT_EQ(h[0].api_calls, long(emu_->requests().size()));
}

TEST_F(SchedulerProcessTest, KilledMidRunLeavesNoLockAndTheNextRunCompletes) {
  ASSERT_NO_FATAL_FAILURE(start(2000, 40));
  std::unique_ptr<Child> s = spawn("scheduler --once" + home_arg());
  ASSERT_TRUE(wait_for([&] { return issue_pages().size() >= 2; })) << s->err();
  kill(s->pid, SIGKILL);
  EXPECT_EQ(s->wait(), -1);

  EXPECT_TRUE(locks_free());
  std::vector<jobs::RunRecord> h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].status, "running");  // until a scheduler notices its process is gone
  EXPECT_NE(dest_rows().value_or(0), 2000);

  // The slot was not used up: the next scheduler runs it, from the start.
  BacklogsqlRun r = run("scheduler --once" + home_arg());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(dest_rows(), 2000);
  h = history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].status, "ok");
  EXPECT_EQ(h[1].status, "failed");
  EXPECT_NE(h[1].error.find("interrupted"), std::string::npos) << h[1].error;
}

TEST_F(SchedulerProcessTest, SigtermCancelsTheRunRollsBackAndExitsZero) {
  ASSERT_NO_FATAL_FAILURE(start(2000, 40));
  std::unique_ptr<Child> s = spawn("scheduler" + home_arg());
  ASSERT_TRUE(wait_for([&] { return issue_pages().size() >= 2; })) << s->err();
  kill(s->pid, SIGTERM);
  EXPECT_EQ(s->wait(10s), 0) << s->err();
  EXPECT_NE(s->err().find("scheduler: stopped"), std::string::npos) << s->err();

  std::vector<jobs::RunRecord> h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].status, "cancelled");
  BacklogsqlRun shown = run("job history " + kJob + home_arg());
  EXPECT_NE(shown.out.find("cancelled"), std::string::npos) << shown.out;
  // The first load was one transaction: nothing of it is left (no table, or an empty one).
  EXPECT_EQ(dest_rows().value_or(0), 0);
  EXPECT_TRUE(locks_free());
}

TEST_F(SchedulerProcessTest, ListenServesHealthMetricsAndPageWithoutSecrets) {
  ASSERT_NO_FATAL_FAILURE(start(50, 0));
  const std::string log = home_.file("scheduler.log");
  std::unique_ptr<Child> s = spawn("scheduler --listen 127.0.0.1:0 --log " + shell_quote(log) + home_arg());
  int port = 0;
  ASSERT_TRUE(wait_for([&] {
    std::smatch m;
    std::string err = s->err();
    if (!std::regex_search(err, m, std::regex("scheduler: 1 job, listening on http://127\\.0\\.0\\.1:([0-9]+)")))
      return false;
    port = std::stoi(m[1]);
    return true;
  })) << s->err();
  ASSERT_TRUE(wait_for([&] {
    std::vector<jobs::RunRecord> h = history();
    return !h.empty() && h[0].status == "ok";
  })) << s->err();

  httplib::Client http("127.0.0.1", port);
  auto health = http.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");

  auto metrics = http.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  std::string error;
  std::vector<Sample> m = parse_prometheus(metrics->body, &error);
  ASSERT_FALSE(m.empty()) << error << "\n" << metrics->body;
  EXPECT_EQ(sample(m, "backlogsql_job_runs_total", {{"job", kJob}, {"status", "ok"}}), 1) << metrics->body;
  EXPECT_EQ(sample(m, "backlogsql_job_rows_written_total", {{"job", kJob}}), 50);
  EXPECT_GT(sample(m, "backlogsql_job_api_calls_total", {{"job", kJob}}), 0);
  EXPECT_GT(sample(m, "backlogsql_job_next_run_timestamp_seconds", {{"job", kJob}}),
            sample(m, "backlogsql_job_last_success_timestamp_seconds", {{"job", kJob}}));

  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<td>" + kJob + "</td>"), std::string::npos) << page->body;

  kill(s->pid, SIGTERM);
  EXPECT_EQ(s->wait(10s), 0) << s->err();
  EXPECT_NE(slurp(log).find("job nightly ok"), std::string::npos) << slurp(log);

  // The key is in config.toml (0600) and nowhere else.
  for (const std::string& text : {slurp(jobs_home() + "/jobs.db"), slurp(jobs_home() + "/jobs.db-wal"), slurp(log),
                                  s->err(), metrics->body, page->body})
    EXPECT_EQ(text.find(kSecret), std::string::npos);
  EXPECT_NE(slurp(config_path_in(home_.path())).find(kSecret), std::string::npos);  // the check can see it
}

}  // namespace
}  // namespace backlog::testing
