// The lexer (grammar/tokenizer.h): token kinds, extents and locations.
#include "grammar/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backlog::grammar {
namespace {

std::vector<Token> lex(std::string_view text) {
  std::vector<Token> out;
  for (Tokenizer lexer(text); !lexer.done();) out.push_back(lexer.next());
  return out;
}

std::vector<Token> significant(std::string_view text) {
  std::vector<Token> out;
  for (const Token& t : lex(text)) {
    if (is_significant(t.kind)) out.push_back(t);
  }
  return out;
}

TEST(Tokenizer, KindsAndTexts) {
  auto t = significant("REPLICATE x.\"y\" (a INT) WITH o='v', n=-1.5e3 SELECT * FROM [t];");
  std::vector<std::pair<TokenKind, std::string>> got;
  for (const Token& token : t) got.emplace_back(token.kind, std::string(token.text));
  std::vector<std::pair<TokenKind, std::string>> want = {
      {TokenKind::Word, "REPLICATE"}, {TokenKind::Word, "x"},      {TokenKind::Dot, "."},
      {TokenKind::QuotedName, "\"y\""}, {TokenKind::LeftParen, "("}, {TokenKind::Word, "a"},
      {TokenKind::Word, "INT"},       {TokenKind::RightParen, ")"}, {TokenKind::Word, "WITH"},
      {TokenKind::Word, "o"},         {TokenKind::Equals, "="},     {TokenKind::String, "'v'"},
      {TokenKind::Comma, ","},        {TokenKind::Word, "n"},       {TokenKind::Equals, "="},
      {TokenKind::Minus, "-"},        {TokenKind::Number, "1.5e3"}, {TokenKind::Word, "SELECT"},
      {TokenKind::Operator, "*"},     {TokenKind::Word, "FROM"},    {TokenKind::QuotedName, "[t]"},
      {TokenKind::Semicolon, ";"},
  };
  EXPECT_EQ(got, want);
}

TEST(Tokenizer, QuotedTokensWithEscapes) {
  auto t = significant("'it''s' \"a\"\"b\" `c``d` [e f]");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].kind, TokenKind::String);
  EXPECT_EQ(t[0].text, "'it''s'");
  EXPECT_EQ(t[1].text, "\"a\"\"b\"");
  EXPECT_EQ(t[2].text, "`c``d`");
  EXPECT_EQ(t[3].text, "[e f]");
  for (int i = 1; i < 4; ++i) EXPECT_EQ(t[i].kind, TokenKind::QuotedName);
}

TEST(Tokenizer, Comments) {
  auto t = lex("a -- one; two\nb /* three; */ c /* open");
  std::vector<std::string> comments;
  for (const Token& token : t) {
    if (token.kind == TokenKind::Comment) comments.emplace_back(token.text);
  }
  EXPECT_EQ(comments, (std::vector<std::string>{"-- one; two", "/* three; */", "/* open"}));
  EXPECT_EQ(significant("a -- x\nb").size(), 2u);
}

TEST(Tokenizer, Numbers) {
  for (const char* n : {"0", "42", "4.2", ".5", "1e10", "1E-3", "0x1F", "3."}) {
    auto t = significant(n);
    ASSERT_EQ(t.size(), 1u) << n;
    EXPECT_EQ(t[0].kind, TokenKind::Number) << n;
    EXPECT_EQ(t[0].text, n);
  }
  auto t = significant("10days");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "10");
  EXPECT_EQ(t[1].text, "days");
}

TEST(Tokenizer, Unterminated) {
  auto t = lex("x 'abc");
  EXPECT_EQ(t.back().kind, TokenKind::UnterminatedString);
  EXPECT_EQ(t.back().text, "'abc");
  EXPECT_EQ(lex("\"ab").back().kind, TokenKind::UnterminatedName);
  EXPECT_EQ(lex("[ab").back().kind, TokenKind::UnterminatedName);
  EXPECT_EQ(lex("`ab").back().kind, TokenKind::UnterminatedName);
  EXPECT_EQ(lex("'ab''").back().kind, TokenKind::UnterminatedString);  // '' is an escape
}

TEST(Tokenizer, IllegalAndOperators) {
  auto t = significant("a \x01 # ?");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].kind, TokenKind::Illegal);
  EXPECT_EQ(t[2].kind, TokenKind::Operator);
  EXPECT_EQ(t[3].kind, TokenKind::Operator);
}

TEST(Tokenizer, LocationsAreOneBasedLinesAndCharacters) {
  auto t = significant("a\n  bc 'x\ny' d\n\xC3\xA9t\xC3\xA9 z");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].where.line, 1);
  EXPECT_EQ(t[0].where.column, 1);
  EXPECT_EQ(t[1].where.line, 2);
  EXPECT_EQ(t[1].where.column, 3);
  EXPECT_EQ(t[2].where.line, 2);  // the string spans two lines
  EXPECT_EQ(t[2].where.column, 6);
  EXPECT_EQ(t[3].where.line, 3);  // d, after the string's newline
  EXPECT_EQ(t[3].where.column, 4);
  EXPECT_EQ(t[4].text, "\xC3\xA9t\xC3\xA9");  // UTF-8 is part of a word
  EXPECT_EQ(t[5].where.line, 4);
  EXPECT_EQ(t[5].where.column, 5);  // été is 3 characters, 5 bytes
  EXPECT_EQ(t[5].offset, std::string_view("a\n  bc 'x\ny' d\n\xC3\xA9t\xC3\xA9 ").size());
}

TEST(Tokenizer, KeywordComparisonIgnoresCase) {
  EXPECT_TRUE(equals_ignoring_case("RePlIcAtE", "REPLICATE"));
  EXPECT_TRUE(equals_ignoring_case("with", "WITH"));
  EXPECT_FALSE(equals_ignoring_case("WITHOUT", "WITH"));
  EXPECT_FALSE(equals_ignoring_case("WIT", "WITH"));
}

}  // namespace
}  // namespace backlog::grammar
