// 429 storms (--rate-limit): a first load and an incremental run start while the
// emulator's one-minute window is used up. Each must wait for the window's reset instead
// of bursting into more 429s, and end identical to a clean run's replica.
//
// The emulator answers 429 to every request of a used-up window, so the order of statuses
// in its request log shows whether the client waited: after the first 429, the requests
// already in flight (at most --parallel of them) may get 429 too, and every later request
// must go through. The windows are whole wall-clock minutes: the test waits for at most
// one reset (both runs wait for the same one, side by side).
//
// BACKLOGSQL_LONG_TESTS=1 adds a run that needs three windows: the client must hold when
// X-RateLimit-Remaining reaches 0, so the log holds no 429 at all.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "backlogsql_process.h"
#include "replica_compare.h"
#include "robustness.h"
#include "support/emulator_process.h"
#include "support/temp_dir.h"

namespace backlog::testing {
namespace {

constexpr int kLimit = 80;  // per minute: more than a run of the job needs

class RateLimitTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string home = dir.path();
  std::string path(const std::string& name) const { return dir.file(name); }
};

// Seconds into the current wall-clock minute.
int second_of_minute() {
  using namespace std::chrono;
  return static_cast<int>(duration_cast<seconds>(system_clock::now().time_since_epoch()).count() % 60);
}

// Uses up the emulator's current window: requests until one is answered 429.
void use_up_window(const EmulatorProcess& emu) {
  httplib::Client http("127.0.0.1", emu.port());
  http.set_keep_alive(true);
  for (int i = 0; i < 10 * kLimit; ++i) {
    auto r = http.Get("/api/v2/space?apiKey=" + emu.api_key());
    if (r && r->status == 429) return;
  }
  ADD_FAILURE() << "no 429 after " << 10 * kLimit << " requests";
}

// The statuses in log order, e.g. "429 200 200 …", for messages.
std::string statuses(const std::vector<LoggedRequest>& log) {
  std::string s;
  for (const auto& r : log) s += std::to_string(r.status) + " ";
  return s;
}

// The client waited: one group of at most `parallel` 429s at the start of the run (the
// window was used up before it began), and none later.
void expect_waited_for_reset(const std::vector<LoggedRequest>& log, int parallel, const std::string& run) {
  ASSERT_FALSE(log.empty()) << run;
  std::printf("%s: %s\n", run.c_str(), statuses(log).c_str());
  EXPECT_EQ(log.front().status, 429) << run << ": the window was used up, yet the first request went through";
  size_t first_ok = 0;
  while (first_ok < log.size() && log[first_ok].status == 429) ++first_ok;
  EXPECT_LE(first_ok, static_cast<size_t>(parallel)) << run << ": a burst of requests after the 429: " << statuses(log);
  for (size_t i = first_ok; i < log.size(); ++i)
    EXPECT_NE(log[i].status, 429) << run << ": request " << i << " (" << log[i].target()
                                  << ") hit the limit again: " << statuses(log);
}

TEST_F(RateLimitTest, StormsDuringFirstLoadAndIncrementalRun) {
  const std::vector<std::string> limit = {"--rate-limit", std::to_string(kLimit)};
  EmulatorProcess full_emu(dataset_args(31, limit));  // the first load meets the storm
  const std::string clean_full = path("clean-full.db"), full = path("full.db");
  std::unique_ptr<EmulatorProcess> clean_emu, inc_emu;  // the incremental run meets it on inc_emu
  std::string clean_inc, inc;

  // The clean side: a first load, the writes, an incremental run; inc_emu gets the first
  // load and the same writes. Writes cannot be undone: when the emulators stamp one
  // differently (a second boundary on a slow machine), both start over.
  std::string out;
  for (int attempt = 0; attempt < 3 && !inc_emu; ++attempt) {
    clean_emu = std::make_unique<EmulatorProcess>(dataset_args(31));
    inc_emu = std::make_unique<EmulatorProcess>(dataset_args(31, limit));
    clean_inc = path(fmt::format("clean-inc-{}.db", attempt));
    inc = path(fmt::format("inc-{}.db", attempt));
    std::filesystem::remove(clean_full);
    ASSERT_EQ(run_backlogsql_to_end(home, job_args(*clean_emu, {clean_full}, kReplicateScript), &out), 0) << out;
    copy_database(clean_full, clean_inc);
    ASSERT_EQ(run_backlogsql_to_end(home, job_args(*inc_emu, {inc}, kReplicateScript), &out), 0) << out;
    if (!apply_writes({clean_emu.get(), inc_emu.get()}, standard_changes(*clean_emu))) {
      inc_emu.reset();
      continue;
    }
    ASSERT_EQ(run_backlogsql_to_end(home, job_args(*clean_emu, {clean_inc}, kReplicateScript), &out), 0) << out;
  }
  ASSERT_TRUE(inc_emu) << "the emulators stamped the writes differently three times";

  // The storm: a window used up just before both runs start (not in its last seconds, or
  // it could reset before the first request and there would be no storm).
  if (second_of_minute() >= 55) std::this_thread::sleep_for(std::chrono::seconds(61 - second_of_minute()));
  use_up_window(full_emu);
  use_up_window(*inc_emu);
  full_emu.clear_log();
  inc_emu->clear_log();
  const int parallel = 3;
  std::vector<std::string> full_args = job_args(full_emu, {full}, kReplicateScript);
  full_args.insert(full_args.begin(), {"--parallel", std::to_string(parallel)});
  TempDir other_home;
  BacklogsqlProcess full_run(home, full_args);
  BacklogsqlProcess inc_run(other_home.path(), job_args(*inc_emu, {inc}, kReplicateScript));
  ASSERT_EQ(full_run.wait(), 0) << full_run.output();
  ASSERT_EQ(inc_run.wait(), 0) << inc_run.output();

  expect_waited_for_reset(full_emu.requests(), parallel, "first load (--parallel 3)");
  expect_waited_for_reset(inc_emu->requests(), 1, "incremental run");
  EXPECT_EQ(compare_replicas(full, clean_full, kReplicatedTables), "") << "first load";
  EXPECT_EQ(compare_replicas(inc, clean_inc, kReplicatedTables), "") << "incremental run";
}

TEST_F(RateLimitTest, HoldsWhenRemainingReachesZero) {
  if (!long_tests()) GTEST_SKIP() << "waits for two rate-limit windows; set BACKLOGSQL_LONG_TESTS=1";
  // 44 calls at 20 per minute: the run spans three windows and must never be refused.
  EmulatorProcess clean_emu(dataset_args(32));
  EmulatorProcess limited(dataset_args(32, {"--rate-limit", "20"}));
  const std::string clean = path("clean.db"), db = path("limited.db");
  std::string out;
  ASSERT_EQ(run_backlogsql_to_end(home, job_args(clean_emu, {clean}, kReplicateScript), &out), 0) << out;
  ASSERT_EQ(run_backlogsql_to_end(home, job_args(limited, {db}, kReplicateScript), &out), 0) << out;
  auto log = limited.requests();
  EXPECT_GT(log.size(), 20u);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_NE(log[i].status, 429) << "request " << i << ": " << statuses(log);
  EXPECT_EQ(compare_replicas(db, clean, kReplicatedTables), "");
}

}  // namespace
}  // namespace backlog::testing
