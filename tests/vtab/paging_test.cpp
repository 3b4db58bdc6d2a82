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

// A scan of `sql` on a source allowing `parallel` requests in flight, stepped by the test.
struct Scanning {
  static api::ClientOptions options(int parallel) {
    api::ClientOptions o;
    o.parallel = parallel;
    return o;
  }
  Scanning(const EmulatorProcess& emu, int parallel, const char* sql)
      : src(emu.url(), emu.api_key(), options(parallel)) {
    EXPECT_EQ(sqlite3_prepare_v2(src.db(), sql, -1, &stmt, nullptr), SQLITE_OK);
  }
  ~Scanning() { sqlite3_finalize(stmt); }
  bool step() { return sqlite3_step(stmt) == SQLITE_ROW; }
  SourceDb src;
  sqlite3_stmt* stmt = nullptr;
};

// Reading `before` rows and then pausing (a slow destination, a terminal): the page chain
// must not run on to the end of the table and pile every answer up in memory.
struct Paused {
  size_t asked = 0;  // requests made while the consumer paused
  int rows = 0;      // rows read in all
};
Paused pause_after(int parallel, int before, int issues = 2000, size_t settle_at = 0) {
  EmulatorProcess emu({"--projects", "1", "--issues", std::to_string(issues)});
  Scanning scan(emu, parallel, "SELECT * FROM Issues");
  Paused p;
  while (p.rows < before && scan.step()) ++p.rows;
  // Not a timing assertion: waiting only gives the chain time to run as far as it may
  // (up to `settle_at` requests, when the test knows how far that is), then a little more
  // to show it stops there.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (emu.requests().size() < settle_at && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  p.asked = emu.requests().size();
  while (scan.step()) ++p.rows;
  EXPECT_EQ(p.rows, issues);
  return p;
}

TEST(Paging, ChainWaitsForASlowConsumer) {
  EXPECT_LE(pause_after(1, 1).asked, 3u);  // the page being read, and two ahead
}

TEST(Paging, ParallelChainsWaitForASlowConsumer) {
  EXPECT_LE(pause_after(4, 1).asked, 9u);  // the first 4 pages, and at most 2 x 4 ahead
}

// The window doubles each time SQLite has taken as many pages as it allows (2, 4, 8, 16):
// a long scan keeps Backlog answering ahead of a busy destination, a short one wastes little.
TEST(Paging, ALongScanRunsFurtherAhead) {
  // Row 301 is on page 4: 4 pages taken, so the window is 8 (doubled at 2 and at 4).
  EXPECT_EQ(pause_after(1, 301, 2000, 12).asked, 4u + 8u);
}

TEST(Paging, HowFarAheadIsBounded) {
  // Row 2001 is on page 21: the window stopped growing at 16 pages.
  EXPECT_EQ(pause_after(1, 2001, 5000, 37).asked, 21u + 16u);
}

// A consumer that keeps pausing lets the window fill, drain and grow over and over: the
// pages must still come in order, each once.
TEST(Paging, PausesKeepThePagesInOrder) {
  EmulatorProcess emu({"--projects", "2", "--issues", "3000"});
  Rows expected;
  for (int i = 3000; i >= 1; --i) expected.push_back({"i:" + std::to_string(i)});
  for (int parallel : {1, 3}) {
    Scanning scan(emu, parallel, "SELECT Id FROM Issues");
    Rows got;
    while (scan.step()) {
      got.push_back({"i:" + std::to_string(sqlite3_column_int64(scan.stmt, 0))});
      if (got.size() % 150 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(15));
    }
    EXPECT_EQ(got.size(), expected.size()) << "parallel " << parallel;
    auto diff = std::mismatch(got.begin(), got.end(), expected.begin(), expected.end());
    if (diff.first != got.end())
      ADD_FAILURE() << "parallel " << parallel << ": row " << diff.first - got.begin() << " is " << (*diff.first)[0];
  }
}

}  // namespace
}  // namespace backlog::testing
