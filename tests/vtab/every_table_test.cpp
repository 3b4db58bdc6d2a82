// Every table of the catalog answers a plain scan against the emulator, and the rows
// have as many columns as the declaration (no table is declared but unreachable).
#include <gtest/gtest.h>

#include "support/emulator_process.h"
#include "vtab/resource.h"
#include "vtab_fixture.h"

namespace backlog::testing {
namespace {

class EveryTable : public ::testing::TestWithParam<const vtab::Resource*> {
 protected:
  static void SetUpTestSuite() {
    emu_ = new EmulatorProcess({"--projects", "2", "--issues", "40", "--users", "5", "--wikis", "2"});
    src_ = new SourceDb(emu_->url(), emu_->api_key());
  }
  static void TearDownTestSuite() {
    delete src_;
    delete emu_;
  }
  static EmulatorProcess* emu_;
  static SourceDb* src_;
};
EmulatorProcess* EveryTable::emu_ = nullptr;
SourceDb* EveryTable::src_ = nullptr;

TEST_P(EveryTable, ScansWithoutError) {
  const vtab::Resource& r = *GetParam();
  std::string sql = std::string("SELECT * FROM \"") + r.table + "\" LIMIT 500";
  EXPECT_EQ(query_error(src_->db(), sql), "") << sql;
  Rows rows = query(src_->db(), sql);
  size_t visible = 0;
  for (const auto& c : r.columns) visible += !c.hidden;
  if (!rows.empty()) {
    EXPECT_EQ(rows[0].size(), visible);
  }
}

INSTANTIATE_TEST_SUITE_P(Catalog, EveryTable, ::testing::ValuesIn(vtab::catalog().begin(), vtab::catalog().end()),
                         [](const auto& info) { return std::string(info.param->table); });

}  // namespace
}  // namespace backlog::testing
