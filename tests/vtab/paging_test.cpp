// Offset paging chains ahead of SQLite: every row exactly once, the right pages asked for,
// and at most one request wasted when a short last page looked full by its size.
#include <gtest/gtest.h>

#include <set>

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

}  // namespace
}  // namespace backlog::testing
