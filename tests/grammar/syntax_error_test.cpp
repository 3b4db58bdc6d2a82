// Syntax errors: message, line and column of the offending token, statements before it.
#include <gtest/gtest.h>

#include <string>

#include "grammar/statement.h"

namespace backlog::grammar {
namespace {

struct Expected {
  std::string message;
  int line;
  int column;
};

void expect_error(std::string_view script, const Expected& want, size_t statements_before = 0) {
  ParseResult r = parse_script(script);
  ASSERT_TRUE(r.error) << script;
  EXPECT_EQ(r.error->message, want.message) << script;
  EXPECT_EQ(r.error->where.line, want.line) << script;
  EXPECT_EQ(r.error->where.column, want.column) << script;
  EXPECT_EQ(r.statements.size(), statements_before) << script;
}

TEST(SyntaxError, ErrorOnLineThreeKeepsTheStatementsBefore) {
  expect_error(
      "SELECT 1;\n"
      "REPLICATE Issues;\n"
      "CHECKCACHE Issues FROMM Issues;\n"
      "SELECT 2;",
      {"near \"FROMM\": syntax error", 3, 19}, 2);
}

TEST(SyntaxError, NamesTheTokenInsideAMultiLineStatement) {
  expect_error(
      "REPLICATE t (\n"
      "  Id INTEGER,\n"
      "  Name VARCHAR(abc)\n"
      ")",
      {"near \"abc\": syntax error", 3, 16});
}

TEST(SyntaxError, MissingTarget) {
  expect_error("REPLICATE;", {"REPLICATE needs a target table name", 1, 10});
  expect_error("SELECT 1;\n  replicate  ", {"REPLICATE needs a target table name", 2, 12}, 1);
  expect_error("REPLICATE SELECT * FROM Issues", {"near \"SELECT\": REPLICATE needs a target table name", 1, 11});
  expect_error("CHECKCACHE WITH REPAIR", {"near \"WITH\": CHECKCACHE needs a target table name", 1, 12});
  expect_error("REPLICATE (a INT)", {"near \"(\": REPLICATE needs a target table name", 1, 11});
}

TEST(SyntaxError, IncompleteStatement) {
  expect_error("REPLICATE t (Id INTEGER", {"incomplete REPLICATE statement: it ends after \"INTEGER\"", 1, 24});
  expect_error("REPLICATE t WITH", {"incomplete REPLICATE statement: it ends after \"WITH\"", 1, 17});
  expect_error("CHECKCACHE t AGAINST (SELECT 1", {"incomplete CHECKCACHE statement: it ends after \"SELECT\"", 1, 31});
  expect_error("REPLICATE PROD.", {"incomplete REPLICATE statement: it ends after \".\"", 1, 16});
}

TEST(SyntaxError, UnexpectedTokens) {
  expect_error("REPLICATE t WITH a=1 b=2", {"near \"=\": syntax error", 1, 23});
  expect_error("REPLICATE t Issues SELECT 1", {"near \"SELECT\": syntax error", 1, 20});
  expect_error("REPLICATE t (Id INTEGER, PRIMARY KEY(Id), Name TEXT)", {"near \",\": syntax error", 1, 41});
  expect_error("CHECKCACHE t WITH REPAIR WITH REPAIR", {"near \"WITH\": syntax error", 1, 26});
  expect_error("CHECKCACHE t SKIP ALL", {"near \"ALL\": syntax error", 1, 19});
  expect_error("REPLICATE t * FROM x", {"near \"*\": syntax error", 1, 13});
  expect_error("REPLICATE a.b.c", {"near \".\": syntax error", 1, 14});
}

TEST(SyntaxError, CommonTableExpressionsAreExplained) {
  // `recent` reads as an option and AS as the source table, so `(` is the error.
  ParseResult r = parse_script("REPLICATE t WITH recent AS (SELECT * FROM Issues) SELECT * FROM recent");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message,
            "near \"(\": syntax error (WITH after the REPLICATE target starts its options; a SELECT that "
            "begins with a WITH clause is not supported: use a subquery or a view)");
  EXPECT_EQ(r.error->where.column, 28);
  ParseResult c = parse_script("CHECKCACHE t AGAINST (WITH x AS (SELECT 1) SELECT * FROM x)");
  ASSERT_TRUE(c.error);
  EXPECT_NE(c.error->message.find("WITH clause is not supported"), std::string::npos) << c.error->message;
  EXPECT_EQ(c.error->where.column, 23);
}

TEST(SyntaxError, LexicalErrors) {
  expect_error("SELECT 1;\nREPLICATE t WITH a='2020-01-01", {"unterminated string literal", 2, 20}, 1);
  expect_error("REPLICATE \"t", {"unterminated quoted identifier", 1, 11});
  expect_error("REPLICATE [t WITH", {"unterminated quoted identifier", 1, 11});
  expect_error("REPLICATE t\x01", {"unrecognized token: \"\x01\"", 1, 12});
}

TEST(SyntaxError, LongTokensAreShortenedInMessages) {
  const std::string name(100, 'x');
  ParseResult r = parse_script("CHECKCACHE t " + name);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message, "near \"" + std::string(40, 'x') + "…\": syntax error");
}

TEST(SyntaxError, ToStringNamesLineAndColumn) {
  ParseResult r = parse_script("\n\nCHECKCACHE t FROMM");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(to_string(*r.error), "line 3, column 14: near \"FROMM\": syntax error");
}

}  // namespace
}  // namespace backlog::grammar
