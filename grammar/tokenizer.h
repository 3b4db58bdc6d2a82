// The lexer for scripts: cuts text into SQL tokens, in the manner of SQLite's tokenize.c.
//
// It knows just enough SQL to find where statements end and to feed the REPLICATE grammar:
//   - whitespace and comments (`-- …` to end of line, `/* … */`; an unterminated block
//     comment runs to the end of the input, as in SQLite),
//   - words (bare identifiers and keywords: letters, digits, `_`, `$`, any byte >= 0x80),
//   - quoted names "…" (`""` escapes a quote), […] and `…` (`` `` `` escapes),
//   - string literals '…' (`''` escapes a quote),
//   - numbers: 12, 1.5, .5, 1e-3, 0x1F,
//   - punctuation: ; ( ) , . = + - as their own kinds, any other ASCII symbol as Operator.
// Keywords are not decided here: which words are keywords depends on the statement
// (see statement_parser.cpp). Locations are 1-based; a column counts characters (UTF-8
// code points), not bytes, so it matches what an editor shows.
#pragma once

#include <cstddef>
#include <string_view>

#include "grammar/statement.h"

namespace backlog::grammar {

enum class TokenKind {
  Space,               // spaces, tabs, newlines
  Comment,             // -- … or /* … */
  Word,                // bare identifier or keyword
  QuotedName,          // "…", […] or `…`
  String,              // '…'
  Number,              // 42, 4.2, 4e2, 0x2A
  Semicolon,           // ;
  LeftParen,           // (
  RightParen,          // )
  Comma,               // ,
  Dot,                 // .
  Equals,              // =
  Plus,                // +
  Minus,               // -
  Operator,            // any other ASCII punctuation: * / < > ! | & ~ % ? : @ # ^
  Illegal,             // a byte no token starts with (control characters)
  UnterminatedString,  // ' … to end of input
  UnterminatedName,    // " … or [ … or ` … to end of input
};

struct Token {
  TokenKind kind = TokenKind::Illegal;
  std::string_view text;  // a view into the scanned text
  size_t offset = 0;      // byte offset of text in the scanned text
  Location where;         // where text starts
};

// True for the tokens a parser looks at (everything but whitespace and comments).
bool is_significant(TokenKind kind);

// True when `word` is `keyword` in any letter case (ASCII letters only, as in SQL keywords).
bool equals_ignoring_case(std::string_view word, std::string_view keyword);

// The length of the token at the start of `text` (non-empty) and its kind: the core of
// the lexer, a pure function so it can be tested and fuzzed on its own.
size_t scan_token(std::string_view text, TokenKind* kind);

// Where the text after `text` begins, when `text` begins at `start`.
Location advance(Location start, std::string_view text);

// Iterates over the tokens of a text, tracking their locations.
//   Tokenizer lexer(script);
//   while (!lexer.done()) { Token t = lexer.next(); … }
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text, Location start = {}, size_t start_offset = 0);

  bool done() const { return rest_.empty(); }
  Token next();  // only when !done()

 private:
  std::string_view rest_;  // the text not yet scanned
  size_t offset_;          // byte offset of rest_
  Location where_;         // location of rest_
};

}  // namespace backlog::grammar
