// CHECKCACHE statements and their fields.
#include <gtest/gtest.h>

#include "grammar/statement.h"
#include "parse_one.h"

namespace backlog::grammar {
namespace {

using testing::parse_one;

TEST(CheckCache, AgainstTableWithRepair) {
  Statement s = parse_one("CHECKCACHE Issues AGAINST Issues WITH REPAIR;");
  EXPECT_EQ(s.kind, Statement::Kind::CheckCache);
  EXPECT_EQ(s.target, "Issues");
  EXPECT_EQ(s.source_table, "Issues");
  EXPECT_EQ(s.select, "");
  EXPECT_TRUE(s.repair);
  EXPECT_FALSE(s.skip_modified);
  EXPECT_FALSE(s.skip_deleted);
}

TEST(CheckCache, AgainstSelectWithEveryClause) {
  Statement s = parse_one(
      "CHECKCACHE PROD.Issues AGAINST (SELECT * FROM Issues WHERE ProjectId=1) WITH REPAIR SKIP DELETED "
      "START '2024-01-01' END '2024-12-31';");
  EXPECT_EQ(s.schema, "PROD");
  EXPECT_EQ(s.target, "Issues");
  EXPECT_EQ(s.select, "SELECT * FROM Issues WHERE ProjectId=1");
  EXPECT_EQ(s.source_table, "");
  EXPECT_TRUE(s.repair);
  EXPECT_TRUE(s.skip_deleted);
  EXPECT_FALSE(s.skip_modified);
  EXPECT_EQ(s.start, "2024-01-01");
  EXPECT_EQ(s.end, "2024-12-31");
}

TEST(CheckCache, TargetOnly) {
  Statement s = parse_one("checkcache Issues");
  EXPECT_EQ(s.kind, Statement::Kind::CheckCache);
  EXPECT_EQ(s.target, "Issues");
  EXPECT_FALSE(s.repair);
  EXPECT_EQ(s.start, "");
}

TEST(CheckCache, SelectWithNestedParentheses) {
  Statement s = parse_one("CHECKCACHE t AGAINST (SELECT (1 + (2)) AS x FROM (SELECT 1)) SKIP MODIFIED END 20241231");
  EXPECT_EQ(s.select, "SELECT (1 + (2)) AS x FROM (SELECT 1)");
  EXPECT_TRUE(s.skip_modified);
  EXPECT_EQ(s.end, "20241231");
}

TEST(CheckCache, KeywordNamedTables) {
  Statement s = parse_one("CHECKCACHE [End] AGAINST Start START 'x'");
  EXPECT_EQ(s.target, "End");
  EXPECT_EQ(s.source_table, "Start");
  EXPECT_EQ(s.start, "x");
}

}  // namespace
}  // namespace backlog::grammar
