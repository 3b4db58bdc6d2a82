// Injected faults (--fail-rate 0.2: 500, 503 and dropped connections, chosen by a hash of
// the seed and the request number) during a first load and then an incremental run: the
// replica ends identical, every row and column, to a clean run's against a clean emulator
// with the same seed and the same writes. A run that gives up after its retries (exit 1)
// must leave every table whole — as before the run, or as the clean run made it, never a
// half-applied statement — or a first load's committed chunks, and the rerun converges.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <cstdio>
#include <map>

#include "backlogsql_process.h"
#include "fault_injector.h"
#include "replica_compare.h"
#include "robustness.h"
#include "support/emulator_process.h"
#include "support/temp_dir.h"

namespace backlog::testing {
namespace {

constexpr double kFailRate = 0.2;
constexpr int kAttemptsPerCall = 6;  // api::ClientOptions::max_retries (5) + the first try

class FaultTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string home = dir.path();
  int failed_runs = 0;  // runs that gave up (exit 1) and were rerun

  std::string path(const std::string& name) const { return dir.file(name); }

  // Runs `script` into `db` until it succeeds (at most 8 runs). After a failed run every
  // table must equal its state before that run or the clean run's result `clean`, or be in
  // the middle of a first load (committed chunks and a resume marker).
  void run_until_success(const EmulatorProcess& emu, const std::string& db, const std::string& clean,
                         const std::string& script) {
    for (int run = 0; run < 8; ++run) {
      const std::string before = path(fmt::format("before-{}.db", run));
      std::filesystem::remove(before);
      if (std::filesystem::exists(db)) copy_database(db, before);
      std::string out;
      int status = run_backlogsql_to_end(home, job_args(emu, {db}, script), &out);
      if (status == 0) return;
      ASSERT_EQ(status, 1) << out;
      ++failed_runs;
      std::printf("run %d gave up: %s", run, out.c_str());
      for (const auto& t : kReplicatedTables) {
        TableDump now = dump_table(db, t);
        TableDump was = std::filesystem::exists(before) ? dump_table(before, t) : TableDump{};
        TableDump after = dump_table(clean, t);
        EXPECT_TRUE(now == was || now == after || mid_first_load(db, t, now, after))
            << t << " holds a half-applied statement after a failed run:\n" << describe_difference(t, now, after)
            << "\nbacklogsql said: " << out;
      }
    }
    FAIL() << "backlogsql still failing after 8 runs";
  }

  // Every request the emulator failed on purpose is sent again at once (the client is
  // serial, so the retry is the next line); returns how many of each status were seen.
  static std::map<int, int> expect_retried(const std::vector<LoggedRequest>& log) {
    std::map<int, int> faults;
    for (size_t i = 0; i < log.size(); ++i) {
      const auto& r = log[i];
      if (r.status != 0 && r.status != 500 && r.status != 503) continue;
      ++faults[r.status];
      if (r.method != "GET" || i + 1 == log.size()) continue;
      EXPECT_EQ(log[i + 1].target(), r.target()) << "request " << i + 1 << " failed with " << r.status
                                                  << " and was not retried next";
    }
    return faults;
  }
};

TEST_F(FaultTest, FirstLoadAndIncrementalEqualCleanRun) {
  // Writes cannot be undone: when the two emulators stamp one differently (a second
  // boundary on a slow machine), everything starts over with new emulators.
  for (int attempt = 0; attempt < 3; ++attempt) {
    EmulatorProcess clean_emu(dataset_args(21));
    EmulatorProcess faulty(dataset_args(21, {"--fail-rate", std::to_string(kFailRate)}));
    const std::string clean = path(fmt::format("clean-{}.db", attempt)), db = path(fmt::format("faulty-{}.db", attempt));

    std::string out;
    ASSERT_EQ(run_backlogsql_to_end(home, job_args(clean_emu, {clean}, kReplicateScript), &out), 0) << out;
    run_until_success(faulty, db, clean, kReplicateScript);
    EXPECT_EQ(compare_replicas(db, clean, kReplicatedTables), "") << "after the first load";

    if (!apply_writes({&clean_emu, &faulty}, standard_changes(clean_emu))) continue;
    ASSERT_EQ(run_backlogsql_to_end(home, job_args(clean_emu, {clean}, kReplicateScript), &out), 0) << out;
    run_until_success(faulty, db, clean, kReplicateScript);
    EXPECT_EQ(compare_replicas(db, clean, kReplicatedTables), "") << "after the incremental run";

    // The faults really happened, of every kind, and each was retried.
    auto faults = expect_retried(faulty.requests());
    EXPECT_GT(faults[500], 0);
    EXPECT_GT(faults[503], 0);
    EXPECT_GT(faults[0], 0) << "no dropped connection";
    std::printf("faults: %d × 500, %d × 503, %d dropped; %d runs gave up and were rerun\n", faults[500],
                faults[503], faults[0], failed_runs);
    return;
  }
  FAIL() << "the emulators stamped the writes differently three times";
}

// Where a serial run starting after request number `start` gives up: the index of the
// call whose every attempt fails, or -1 when all `calls` calls get through.
int simulate_give_up(uint64_t seed, uint64_t start, int calls) {
  uint64_t n = start;
  for (int call = 0; call < calls; ++call) {
    int failures = 0;
    while (emulator::FaultInjector::decide(seed, kFailRate, ++n) != emulator::Fault::None)
      if (++failures == kAttemptsPerCall) return call;
  }
  return -1;
}

TEST_F(FaultTest, GivingUpAfterRetriesLeavesWholeTablesAndTheRerunConverges) {
  // A call fails 6 times in a row with probability 0.2^6: the test makes it happen by
  // sending, before the run, as many cheap requests (refused for lack of a key, but
  // counted) as it takes for such a streak to fall in the middle of the first load.
  const int seed = 56;  // a streak of 6 faults a few requests in (little padding)
  EmulatorProcess clean_emu(dataset_args(seed));
  EmulatorProcess faulty(dataset_args(seed, {"--fail-rate", std::to_string(kFailRate)}));
  const std::string clean = path("clean.db"), db = path("faulty.db");

  std::string out;
  ASSERT_EQ(run_backlogsql_to_end(home, job_args(clean_emu, {clean}, kReplicateScript), &out), 0) << out;
  const int calls = static_cast<int>(clean_emu.requests().size());  // the same calls, in the same order
  uint64_t padding = 0;
  for (; padding < 2000000; ++padding) {
    int at = simulate_give_up(seed, padding, calls);
    if (at >= calls / 4 && at <= calls * 3 / 4) break;
  }
  ASSERT_LT(padding, 2000000u);
  httplib::Client http("127.0.0.1", faulty.port());
  http.set_keep_alive(true);
  for (uint64_t i = 0; i < padding; ++i) http.Get("/api/v2/space");
  faulty.clear_log();
  std::printf("%llu requests sent first; the run should give up at call %d of %d\n",
              static_cast<unsigned long long>(padding), simulate_give_up(seed, padding, calls), calls);

  run_until_success(faulty, db, clean, kReplicateScript);
  EXPECT_GE(failed_runs, 1) << "no run gave up: the request sequence differs from the clean run's";
  EXPECT_EQ(compare_replicas(db, clean, kReplicatedTables), "");
}

}  // namespace
}  // namespace backlog::testing
