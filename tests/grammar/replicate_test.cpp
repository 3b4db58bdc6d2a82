// REPLICATE statements: every documented form and the fields it fills.
#include <gtest/gtest.h>

#include "grammar/statement.h"
#include "parse_one.h"

namespace backlog::grammar {
namespace {

using testing::parse_one;
using Kind = Statement::Kind;

TEST(Replicate, TableOnly) {
  Statement s = parse_one("REPLICATE Issues;");
  EXPECT_EQ(s.kind, Kind::Replicate);
  EXPECT_EQ(s.text, "REPLICATE Issues");
  EXPECT_EQ(s.schema, "");
  EXPECT_EQ(s.target, "Issues");
  EXPECT_TRUE(s.columns.empty());
  EXPECT_TRUE(s.options.empty());
  EXPECT_EQ(s.select, "");
  EXPECT_EQ(s.source_table, "");
}

TEST(Replicate, WithSelect) {
  Statement s = parse_one("REPLICATE PROD_Issues SELECT * FROM Issues;");
  EXPECT_EQ(s.kind, Kind::Replicate);
  EXPECT_EQ(s.target, "PROD_Issues");
  EXPECT_EQ(s.select, "SELECT * FROM Issues");
}

TEST(Replicate, SchemaQualifiedTarget) {
  Statement s = parse_one("REPLICATE PROD.Issues SELECT * FROM Issues;");
  EXPECT_EQ(s.schema, "PROD");
  EXPECT_EQ(s.target, "Issues");
  EXPECT_EQ(s.select, "SELECT * FROM Issues");
}

TEST(Replicate, OptionsOfEveryValueKind) {
  Statement s = parse_one(
      "REPLICATE [My Issues] WITH DropTable, ReplicateStartDate='2020-01-01', ReplicateInterval=30, "
      "ReplicateIntervalUnit=days SELECT * FROM Issues WHERE ProjectId = 1;");
  EXPECT_EQ(s.target, "My Issues");
  ASSERT_EQ(s.options.size(), 4u);
  EXPECT_EQ(s.options[0].name, "DropTable");
  EXPECT_FALSE(s.options[0].value);
  EXPECT_EQ(s.options[1].name, "ReplicateStartDate");
  EXPECT_EQ(s.options[1].value, "2020-01-01");
  EXPECT_EQ(s.options[2].name, "ReplicateInterval");
  EXPECT_EQ(s.options[2].value, "30");
  EXPECT_EQ(s.options[3].name, "ReplicateIntervalUnit");
  EXPECT_EQ(s.options[3].value, "days");
  EXPECT_EQ(s.select, "SELECT * FROM Issues WHERE ProjectId = 1");
}

TEST(Replicate, ColumnListWithPrimaryKey) {
  Statement s = parse_one(
      "REPLICATE \"T\" (Id INTEGER, Summary VARCHAR(255), PRIMARY KEY(Id)) SELECT Id, Summary FROM Issues;");
  EXPECT_EQ(s.target, "T");
  ASSERT_EQ(s.columns.size(), 2u);
  EXPECT_EQ(s.columns[0].name, "Id");
  EXPECT_EQ(s.columns[0].type, "INTEGER");
  EXPECT_EQ(s.columns[1].name, "Summary");
  EXPECT_EQ(s.columns[1].type, "VARCHAR(255)");
  EXPECT_EQ(s.primary_key, (std::vector<std::string>{"Id"}));
  EXPECT_EQ(s.select, "SELECT Id, Summary FROM Issues");
}

TEST(Replicate, ColumnTypesAsWritten) {
  Statement s = parse_one(
      "REPLICATE t (a DECIMAL(10,2), b DOUBLE PRECISION, c, \"d e\" NUMERIC(-3, +4), [Key] TEXT, "
      "PRIMARY KEY(a, \"d e\"))");
  ASSERT_EQ(s.columns.size(), 5u);
  EXPECT_EQ(s.columns[0].type, "DECIMAL(10,2)");
  EXPECT_EQ(s.columns[1].type, "DOUBLE PRECISION");
  EXPECT_EQ(s.columns[2].name, "c");
  EXPECT_EQ(s.columns[2].type, "");
  EXPECT_EQ(s.columns[3].name, "d e");
  EXPECT_EQ(s.columns[3].type, "NUMERIC(-3, +4)");
  EXPECT_EQ(s.columns[4].name, "Key");
  EXPECT_EQ(s.primary_key, (std::vector<std::string>{"a", "d e"}));
}

TEST(Replicate, InlinePrimaryKey) {
  Statement s = parse_one("REPLICATE t (Id INTEGER PRIMARY KEY, Name TEXT)");
  ASSERT_EQ(s.columns.size(), 2u);
  EXPECT_EQ(s.columns[0].type, "INTEGER");
  EXPECT_EQ(s.primary_key, (std::vector<std::string>{"Id"}));
}

TEST(Replicate, SourceTable) {
  Statement s = parse_one("REPLICATE Copy Issues");
  EXPECT_EQ(s.target, "Copy");
  EXPECT_EQ(s.source_table, "Issues");
  EXPECT_EQ(s.select, "");
  Statement o = parse_one("REPLICATE Copy WITH TruncateTable `Issue Comments`");
  EXPECT_EQ(o.source_table, "Issue Comments");
  ASSERT_EQ(o.options.size(), 1u);
  EXPECT_EQ(o.options[0].name, "TruncateTable");
}

TEST(Replicate, OptionLocationsAndLookup) {
  Statement s = parse_one("REPLICATE t\n  WITH DropTable,\n       ReplicateInterval = 7, dropTABLE");
  ASSERT_EQ(s.options.size(), 3u);
  EXPECT_EQ(s.options[0].where.line, 2);
  EXPECT_EQ(s.options[0].where.column, 8);
  EXPECT_EQ(s.options[1].where.line, 3);
  EXPECT_EQ(s.options[1].where.column, 8);
  const Option* interval = find_option(s, "replicateinterval");
  ASSERT_NE(interval, nullptr);
  EXPECT_EQ(interval->value, "7");
  EXPECT_EQ(find_option(s, "DropTable"), &s.options[2]);  // the last one wins
  EXPECT_EQ(find_option(s, "TruncateTable"), nullptr);
}

TEST(Replicate, OptionValues) {
  Statement s = parse_one(
      "REPLICATE t WITH A=-5, B = + 2, C='it''s', D=true, E=\"quoted name\", F=1.5, G=[x]");
  ASSERT_EQ(s.options.size(), 7u);
  EXPECT_EQ(s.options[0].value, "-5");
  EXPECT_EQ(s.options[1].value, "+2");
  EXPECT_EQ(s.options[2].value, "it's");
  EXPECT_EQ(s.options[3].value, "true");
  EXPECT_EQ(s.options[4].value, "quoted name");
  EXPECT_EQ(s.options[5].value, "1.5");
  EXPECT_EQ(s.options[6].value, "x");
}

TEST(Replicate, KeywordsIgnoreCase) {
  Statement s = parse_one("replicate prod.t (id integer, primary key(id)) with DROPTABLE select 1");
  EXPECT_EQ(s.kind, Kind::Replicate);
  EXPECT_EQ(s.schema, "prod");
  EXPECT_EQ(s.primary_key, (std::vector<std::string>{"id"}));
  ASSERT_EQ(s.options.size(), 1u);
  EXPECT_EQ(s.options[0].name, "DROPTABLE");  // as written
  EXPECT_EQ(s.select, "select 1");
  EXPECT_EQ(parse_one("RePlIcAtE x").kind, Kind::Replicate);
}

TEST(Replicate, KeywordsServeAsNamesWhereANameIsExpected) {
  Statement s = parse_one("REPLICATE Start (Key TEXT, End INTEGER, \"Primary\" TEXT) WITH Skip = Deleted");
  EXPECT_EQ(s.target, "Start");
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].name, "Key");
  EXPECT_EQ(s.columns[1].name, "End");
  ASSERT_EQ(s.options.size(), 1u);
  EXPECT_EQ(s.options[0].name, "Skip");
  EXPECT_EQ(s.options[0].value, "Deleted");
}

TEST(Replicate, SelectTailKeptVerbatimWithCommentsAndNewlines) {
  Statement s = parse_one(
      "REPLICATE t\n  SELECT Id, -- the key\n    'a;b' AS x, (SELECT 1)\n  FROM Issues /* all */ -- trailing\n;");
  // Comments inside are kept; trailing ones are not part of any statement (splitter.h).
  EXPECT_EQ(s.select, "SELECT Id, -- the key\n    'a;b' AS x, (SELECT 1)\n  FROM Issues");
  EXPECT_EQ(s.text, "REPLICATE t\n  SELECT Id, -- the key\n    'a;b' AS x, (SELECT 1)\n  FROM Issues");
}

TEST(Replicate, QuotedReplicateIsPlainSql) {
  Statement s = parse_one("\"REPLICATE\" x");
  EXPECT_EQ(s.kind, Kind::Sql);
}

TEST(Script, MixesPlainSqlAndReplicate) {
  ParseResult r = parse_script(
      "ATTACH 'x.db' AS PROD;\n"
      "REPLICATE PROD.Issues WITH DropTable;\n"
      "select count(*) from PROD.Issues; -- check\n"
      "CHECKCACHE PROD.Issues AGAINST Issues\n");
  ASSERT_FALSE(r.error) << to_string(*r.error);
  ASSERT_EQ(r.statements.size(), 4u);
  EXPECT_EQ(r.statements[0].kind, Kind::Sql);
  EXPECT_EQ(r.statements[0].text, "ATTACH 'x.db' AS PROD");
  EXPECT_EQ(r.statements[1].kind, Kind::Replicate);
  EXPECT_EQ(r.statements[1].where.line, 2);
  EXPECT_EQ(r.statements[2].kind, Kind::Sql);
  EXPECT_EQ(r.statements[2].text, "select count(*) from PROD.Issues");
  EXPECT_EQ(r.statements[3].kind, Kind::CheckCache);
  EXPECT_EQ(r.statements[3].where.line, 4);
  EXPECT_EQ(r.statements[3].where.column, 1);
}

TEST(Script, PlainSqlIsNotValidatedHere) {
  // SQLite parses it; even nonsense passes through unchanged.
  Statement s = parse_one("  SELEKT # $ ~ FROM;");
  EXPECT_EQ(s.kind, Kind::Sql);
  EXPECT_EQ(s.text, "SELEKT # $ ~ FROM");
}

}  // namespace
}  // namespace backlog::grammar
