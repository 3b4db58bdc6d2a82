// Splitting scripts into statements (grammar/splitter.h).
#include "grammar/splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backlog::grammar {
namespace {

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (std::string_view s : split_statements(script)) out.emplace_back(s);
  return out;
}

TEST(Splitter, SemicolonsSplit) {
  EXPECT_EQ(texts("SELECT 1; SELECT 2;"), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
}

TEST(Splitter, LastStatementNeedsNoSemicolon) {
  EXPECT_EQ(texts("SELECT 1;\nREPLICATE Issues"), (std::vector<std::string>{"SELECT 1", "REPLICATE Issues"}));
}

TEST(Splitter, EmptyStatementsAreSkipped) {
  EXPECT_EQ(texts(";; SELECT 1;;\n;  ; -- nothing\n; /* still nothing */;"), (std::vector<std::string>{"SELECT 1"}));
  EXPECT_TRUE(texts("").empty());
  EXPECT_TRUE(texts("  \n\t").empty());
}

TEST(Splitter, SemicolonsInsideStringsNamesAndCommentsDoNotSplit) {
  EXPECT_EQ(texts("SELECT ';', 'it''s;'; SELECT 2"), (std::vector<std::string>{"SELECT ';', 'it''s;'", "SELECT 2"}));
  EXPECT_EQ(texts("SELECT \"a;\"\"b\", [c;d], `e;f` FROM t; SELECT 2"),
            (std::vector<std::string>{"SELECT \"a;\"\"b\", [c;d], `e;f` FROM t", "SELECT 2"}));
  EXPECT_EQ(texts("SELECT 1 -- not; here\n+ 1; SELECT /* ; */ 2"),
            (std::vector<std::string>{"SELECT 1 -- not; here\n+ 1", "SELECT /* ; */ 2"}));
}

TEST(Splitter, LeadingAndTrailingCommentsAreNotPartOfTheText) {
  auto split = split_script("-- header\n  /* c */ SELECT 1 -- tail\n ; ");
  ASSERT_EQ(split.statements.size(), 1u);
  EXPECT_EQ(split.statements[0].text, "SELECT 1");
  EXPECT_EQ(split.statements[0].where.line, 2);
  EXPECT_EQ(split.statements[0].where.column, 11);
  EXPECT_EQ(split.statements[0].offset, 20u);
}

TEST(Splitter, TriggerBodiesKeepTheirSemicolons) {
  auto got = texts(
      "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); DELETE FROM z; END; SELECT 2");
  EXPECT_EQ(got, (std::vector<std::string>{
                     "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y VALUES (1); DELETE FROM z; END",
                     "SELECT 2"}));
}

TEST(Splitter, UnterminatedStringIsAnErrorAfterTheGoodStatements) {
  auto split = split_script("SELECT 1;\nSELECT 2;\nSELECT 'oops;\nSELECT 3;");
  ASSERT_EQ(split.statements.size(), 2u);
  ASSERT_TRUE(split.error);
  EXPECT_EQ(split.error->message, "unterminated string literal");
  EXPECT_EQ(split.error->where.line, 3);
  EXPECT_EQ(split.error->where.column, 8);
  auto name = split_script("SELECT \"x");
  ASSERT_TRUE(name.error);
  EXPECT_EQ(name.error->message, "unterminated quoted identifier");
}

TEST(Splitter, IsComplete) {
  EXPECT_TRUE(is_complete("SELECT 1;"));
  EXPECT_TRUE(is_complete("SELECT 1; -- done\n"));
  EXPECT_FALSE(is_complete("SELECT 1"));
  EXPECT_FALSE(is_complete("SELECT ';"));
  EXPECT_FALSE(is_complete("SELECT 1 /* ; */"));
  EXPECT_FALSE(is_complete("SELECT 1; /* open"));
  EXPECT_FALSE(is_complete(""));
  EXPECT_FALSE(is_complete("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;"));
  EXPECT_TRUE(is_complete("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;"));
  EXPECT_TRUE(is_complete("REPLICATE Issues;\n"));
}

}  // namespace
}  // namespace backlog::grammar
