// kill -9 of backlogsql at seeded pseudo-random points, then a rerun to completion: the
// replica must always equal a fresh copy made by a clean run (every row, every column).
//
// A kill point is "the emulator's request log reached K lines" (K drawn below the number
// of requests a clean run from the same starting state makes) plus a drawn delay up to
// the emulator's latency, so kills land while backlogsql waits for an answer, parses it
// or writes and commits. Right after each kill, every replicated table must be whole: in
// its state before the run or in the fresh copy's (a statement's data and checkpoint
// commit together), or — a first load commits in chunks — a first load in progress:
// its checkpoint holds a resume marker and its rows are a subset of the fresh copy's.
// Scenarios: a first load, an incremental run, CHECKCACHE … WITH REPAIR, and two
// destinations written at once.
//
// The draws come from BACKLOGSQL_CRASH_SEED (default below); every point is printed, so
// a failure names its seed, point and kill count. BACKLOGSQL_LONG_TESTS=1 runs 25 points
// per scenario instead of 5.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "backlogsql_process.h"
#include "replica_compare.h"
#include "robustness.h"
#include "support/emulator_process.h"
#include "support/temp_dir.h"

namespace backlog::testing {
namespace {

constexpr int kLatencyMs = 5;

class CrashTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string home = dir.path();
  unsigned long seed = env_number("BACKLOGSQL_CRASH_SEED", 20250611);
  int points = long_tests() ? 25 : 5;

  std::string path(const std::string& name) const { return dir.file(name); }

  // A fresh copy: a clean first load into a new file.
  std::string fresh_copy(const EmulatorProcess& emu, const std::string& name) {
    std::string db = path(name);
    std::string out;
    EXPECT_EQ(run_backlogsql_to_end(home, job_args(emu, {db}, kReplicateScript), &out), 0) << out;
    return db;
  }

  // Checks the state a kill left: each table of each destination in its state before
  // the run or the fresh copy's, or a first load in progress (its checkpoint has a resume
  // marker, its rows are a subset of the fresh copy's). Returns how many tables were
  // found in the middle of a first load (printed: the resumption was tested).
  int expect_whole_tables(const std::vector<std::string>& dests, const std::vector<std::string>& befores,
                          const std::string& fresh, const std::string& where) {
    int mid_load = 0;
    for (size_t d = 0; d < dests.size(); ++d) {
      for (const auto& t : kReplicatedTables) {
        TableDump now = dump_table(dests[d], t);
        TableDump after = dump_table(fresh, t);
        TableDump before = befores[d].empty() ? TableDump{} : dump_table(befores[d], t);
        bool whole = now == before || now == after || (!before.exists && !now.exists);
        bool loading = !whole && mid_first_load(dests[d], t, now, after);
        mid_load += loading;
        bool ok = whole || loading;
        EXPECT_TRUE(ok) << where << ": right after the kill, " << t << " in " << dests[d]
                        << " is neither its state before the run, nor the fresh copy's, nor a first "
                           "load in progress:\n"
                        << describe_difference(t, now, after);
      }
    }
    return mid_load;
  }

  // Runs `points` kill points of one scenario. `prepare(i, dests)` creates the
  // destination files of point i in their state before the run (and returns the files
  // holding that state, "" for none); `script` is the job; `fresh` the expected result.
  void crash_points(const EmulatorProcess& emu, const std::string& scenario, int destinations,
                    const std::function<std::vector<std::string>(int, const std::vector<std::string>&)>& prepare,
                    const std::string& script, const std::string& fresh) {
    auto dests_of = [&](int i) {
      std::vector<std::string> d;
      for (int k = 0; k < destinations; ++k) d.push_back(path(fmt::format("{}-{}-{}.db", scenario, i, k)));
      return d;
    };
    // How many requests a clean run makes from each starting state (the range of K),
    // measured once per state by a run that must itself end equal to the fresh copy.
    std::map<std::string, long> requests_from;
    auto clean_run_requests = [&](const std::vector<std::string>& dests, const std::string& state) -> long {
      long start = file_size(emu.log_path());
      std::string out;
      EXPECT_EQ(run_backlogsql_to_end(home, job_args(emu, dests, script), &out), 0) << out;
      std::ifstream log(emu.log_path());
      log.seekg(start);
      long lines = 0;
      for (std::string line; std::getline(log, line);) ++lines;
      for (const auto& d : dests)
        EXPECT_EQ(compare_replicas(d, fresh, kReplicatedTables), "")
            << scenario << ": a clean run (no kill) from state [" << state << "] does not equal the fresh copy";
      return lines;
    };

    std::mt19937_64 rng(seed ^ std::hash<std::string>{}(scenario));
    int kills = 0;
    for (int i = 0; i < points; ++i) {
      auto dests = dests_of(i);
      std::vector<std::string> befores = prepare(i, dests);
      std::vector<std::string> names;  // e.g. "base.db, empty": each destination's starting state
      for (const auto& b : befores) names.push_back(b.empty() ? "empty" : std::filesystem::path(b).filename().string());
      const std::string state = fmt::format("{}", fmt::join(names, ", "));
      if (!requests_from.count(state)) {
        requests_from[state] = clean_run_requests(dests, state);
        befores = prepare(i, dests);
      }
      const long requests = requests_from[state];
      ASSERT_GT(requests, 1) << state;
      int k = std::uniform_int_distribution<int>(1, static_cast<int>(requests) - 1)(rng);
      auto extra = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, kLatencyMs)(rng));
      const std::string where = fmt::format("{} point {} from [{}] (seed {}, kill at request {} of {} + {} ms)",
                                            scenario, i, state, seed, k, requests, extra.count());
      SCOPED_TRACE(where);
      int mid_load = 0;
      {
        BacklogsqlProcess run(home, job_args(emu, dests, script));
        if (run.kill_when(emu.log_path(), file_size(emu.log_path()), k, extra)) {
          ++kills;
          mid_load = expect_whole_tables(dests, befores, fresh, where);
        } else {
          EXPECT_EQ(run.wait(), 0) << run.output();
        }
      }
      std::string out;
      ASSERT_EQ(run_backlogsql_to_end(home, job_args(emu, dests, script), &out), 0) << where << ": rerun failed\n" << out;
      for (const auto& d : dests)
        EXPECT_EQ(compare_replicas(d, fresh, kReplicatedTables), "") << where << ": after the rerun, " << d;
      std::printf("%s: %s%s\n", where.c_str(), ::testing::Test::HasFailure() ? "FAILED" : "ok",
                  mid_load ? fmt::format(" ({} table(s) left mid first load, resumed)", mid_load).c_str() : "");
    }
    // Most draws must land on a running process, or the scenario tested nothing.
    EXPECT_GE(kills, (points + 1) / 2) << scenario << ": runs ended before most kill points";
  }
};

// No files before the run: nothing to compare "before" with but absence.
std::vector<std::string> empty_dests(int, const std::vector<std::string>& dests) {
  for (const auto& d : dests) std::filesystem::remove(d);
  return std::vector<std::string>(dests.size());
}

// Copies `base` into every destination; `base` is their state before the run.
std::function<std::vector<std::string>(int, const std::vector<std::string>&)> copies_of(const std::string& base) {
  return [base](int, const std::vector<std::string>& dests) {
    for (const auto& d : dests) {
      std::filesystem::remove(d);
      copy_database(base, d);
    }
    return std::vector<std::string>(dests.size(), base);
  };
}

TEST_F(CrashTest, FirstLoad) {
  EmulatorProcess emu(dataset_args(11, {"--latency-ms", std::to_string(kLatencyMs)}));
  std::string fresh = fresh_copy(emu, "fresh.db");
  crash_points(emu, "first-load", 1, empty_dests, kReplicateScript, fresh);
}

TEST_F(CrashTest, Incremental) {
  EmulatorProcess emu(dataset_args(12, {"--latency-ms", std::to_string(kLatencyMs)}));
  std::string base = fresh_copy(emu, "base.db");  // the first load, before the changes
  ASSERT_TRUE(apply_writes({&emu}, standard_changes(emu)));
  std::string fresh = fresh_copy(emu, "fresh.db");
  ASSERT_NE(compare_replicas(base, fresh, kReplicatedTables), "") << "the changes changed nothing";
  crash_points(emu, "incremental", 1, copies_of(base), kReplicateScript, fresh);
}

TEST_F(CrashTest, CheckCacheRepair) {
  EmulatorProcess emu(dataset_args(13, {"--latency-ms", std::to_string(kLatencyMs)}));
  // Drift of both kinds: comment edits at the source (no incremental run sees them) and
  // edits, deletions and a stray row made directly in the replica.
  std::string base = fresh_copy(emu, "base.db");
  ASSERT_TRUE(apply_writes({&emu}, comment_edits(emu)));
  exec_sql(base,
           "UPDATE Issues SET Summary = 'drifted' WHERE Id IN (4, 8);"
           "DELETE FROM Issues WHERE Id = 6;"
           "INSERT INTO Issues (Id, Summary) VALUES (9999, 'not in Backlog');"
           "DELETE FROM IssueComments WHERE rowid % 7 = 0;"
           "UPDATE WikiPages SET Content = 'drifted' WHERE rowid = 2;");
  std::string fresh = fresh_copy(emu, "fresh.db");
  ASSERT_NE(compare_replicas(base, fresh, kReplicatedTables), "") << "no drift to repair";
  crash_points(emu, "checkcache", 1, copies_of(base), kRepairScript, fresh);
}

TEST_F(CrashTest, TwoDestinations) {
  // One destination already loaded, the other empty: the same run is an incremental run
  // for one and a first load for the other; point by point the roles vary.
  EmulatorProcess emu(dataset_args(14, {"--latency-ms", std::to_string(kLatencyMs)}));
  std::string base = fresh_copy(emu, "base.db");
  ASSERT_TRUE(apply_writes({&emu}, standard_changes(emu)));
  std::string fresh = fresh_copy(emu, "fresh.db");
  auto prepare = [&](int i, const std::vector<std::string>& dests) {
    std::vector<std::string> befores;
    int mode = (i % 3 + 3) % 3;  // 0: both loaded, 1: first loaded, 2: both empty
    for (size_t d = 0; d < dests.size(); ++d) {
      std::filesystem::remove(dests[d]);
      bool loaded = mode == 0 || (mode == 1 && d == 0);
      if (loaded) copy_database(base, dests[d]);
      befores.push_back(loaded ? base : "");
    }
    return befores;
  };
  crash_points(emu, "two-destinations", 2, prepare, kReplicateScript, fresh);
}

}  // namespace
}  // namespace backlog::testing
