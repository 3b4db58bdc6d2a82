// quote_identifier / quote_literal / unquote_identifier (grammar/identifier.h).
#include "grammar/identifier.h"

#include <gtest/gtest.h>

namespace backlog::grammar {
namespace {

TEST(QuoteIdentifier, WrapsAndDoublesQuotes) {
  EXPECT_EQ(quote_identifier("Issues"), "\"Issues\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_identifier(""), "\"\"");
  EXPECT_EQ(quote_identifier("My Issues"), "\"My Issues\"");
}

TEST(QuoteLiteral, WrapsAndDoublesQuotes) {
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
  EXPECT_EQ(quote_literal(""), "''");
}

TEST(UnquoteIdentifier, EachQuotingStyle) {
  EXPECT_EQ(unquote_identifier("Issues"), "Issues");
  EXPECT_EQ(unquote_identifier("\"a\"\"b\""), "a\"b");
  EXPECT_EQ(unquote_identifier("[My Issues]"), "My Issues");
  EXPECT_EQ(unquote_identifier("[a]]"), "a]");  // [] has no escape: the last ] closes
  EXPECT_EQ(unquote_identifier("`a``b`"), "a`b");
  EXPECT_EQ(unquote_identifier("'it''s'"), "it's");
  EXPECT_EQ(unquote_identifier("\"\""), "");
}

TEST(UnquoteIdentifier, RoundTripsQuoteIdentifier) {
  for (const char* name : {"x", "a\"b", "\"\"", "with space", "日本語"}) {
    EXPECT_EQ(unquote_identifier(quote_identifier(name)), name);
  }
}

}  // namespace
}  // namespace backlog::grammar
