// Offset paging chains ahead of SQLite: every row exactly once, the right pages asked for,
// and at most one request wasted when a short last page looked full by its size.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "support/emulator_process.h"
#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

TEST(Paging, EveryRowOnceAcrossPages) {
  EmulatorProcess emu({"--projects", "1", "--issues", "295"});
  SourceDb src(emu.url(), emu.api_key());
  Rows rows = query(src.db(), "SELECT Id FROM Issues");
  std::set<std::vector<std::string>> distinct(rows.begin(), rows.end());
  EXPECT_EQ(rows.size(), 295u);
  EXPECT_EQ(distinct.size(), 295u);
  auto reqs = emu.requests();
  ASSERT_GE(reqs.size(), 3u);
  EXPECT_LE(reqs.size(), 4u);  // 100 + 100 + 95, and perhaps offset=300 asked on a guess
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NE(reqs[i].query.find(i ? "offset=" + std::to_string(i * 100) : "count=100"), std::string::npos)
        << reqs[i].target();
}

TEST(Paging, LimitAcrossPagesAsksForExactlyWhatIsNeeded) {
  EmulatorProcess emu({"--projects", "1", "--issues", "295"});
  SourceDb src(emu.url(), emu.api_key());
  Rows rows = query(src.db(), "SELECT Id FROM Issues LIMIT 250");
  EXPECT_EQ(rows.size(), 250u);
  auto reqs = emu.requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_NE(reqs[2].query.find("count=50"), std::string::npos) << reqs[2].target();
}

TEST(Paging, StoppingEarlyLeavesNothingRunning) {
  EmulatorProcess emu({"--projects", "1", "--issues", "1000"});
  SourceDb src(emu.url(), emu.api_key());
  for (int i = 0; i < 20; ++i) {  // SQLite stops reading after 3 rows; the chain must stop too
    Rows rows = query(src.db(), "SELECT Id FROM Issues WHERE Summary IS NOT NULL LIMIT 3");
    EXPECT_EQ(rows.size(), 3u);
  }
}

// Reading the first row and then pausing (a slow destination, a terminal): the page
// chain must not run on to the end of the table and pile every answer up in memory.
size_t requests_while_paused(int parallel) {
  EmulatorProcess emu({"--projects", "1", "--issues", "2000"});
  api::ClientOptions o;
  o.parallel = parallel;
  SourceDb src(emu.url(), emu.api_key(), o);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(src.db(), "SELECT * FROM Issues", -1, &stmt, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  // Not a timing assertion: the pause only gives an unbounded chain time to show itself.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  size_t asked = emu.requests().size();
  int rows = 1;
  while (sqlite3_step(stmt) == SQLITE_ROW) ++rows;
  sqlite3_finalize(stmt);
  EXPECT_EQ(rows, 2000);
  return asked;
}

TEST(Paging, ChainWaitsForASlowConsumer) {
  EXPECT_LE(requests_while_paused(1), 3u);  // the page being read, and two ahead
}

TEST(Paging, ParallelChainsWaitForASlowConsumer) {
  EXPECT_LE(requests_while_paused(4), 9u);  // the first 4 pages, and at most 2 x 4 ahead
}

}  // namespace
}  // namespace backlog::testing
