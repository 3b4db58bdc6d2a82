// The lexer for scripts (see tokenizer.h). Like SQLite's tokenize.c, one function looks
// at the first byte and decides what kind of token follows and how long it is.
#include "grammar/tokenizer.h"

namespace backlog::grammar {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Bytes >= 0x80 are parts of UTF-8 characters: SQLite accepts them in identifiers.
bool is_id_start(unsigned char c) { return is_alpha(c) || c == '_' || c >= 0x80; }
bool is_id_char(unsigned char c) { return is_id_start(c) || is_digit(c) || c == '$'; }

unsigned char at(std::string_view text, size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0; }

// Length of a quoted token that starts at text[0] and closes with `close`. A doubled
// closing quote is an escaped quote, unless `close` is `]`. Returns 0 if unterminated.
size_t quoted_length(std::string_view text, char close) {
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] != close) continue;
    if (close != ']' && i + 1 < text.size() && text[i + 1] == close) {
      ++i;  // escaped quote
      continue;
    }
    return i + 1;
  }
  return 0;
}

size_t number_length(std::string_view text) {
  size_t i = 0;
  if (at(text, 0) == '0' && (at(text, 1) == 'x' || at(text, 1) == 'X') && is_hex_digit(at(text, 2))) {
    i = 2;
    while (is_hex_digit(at(text, i))) ++i;
    return i;
  }
  while (is_digit(at(text, i))) ++i;
  if (at(text, i) == '.') {
    ++i;
    while (is_digit(at(text, i))) ++i;
  }
  // An exponent only counts when digits follow it: `1e` is the number 1 then the word e.
  if (at(text, i) == 'e' || at(text, i) == 'E') {
    size_t j = i + 1;
    if (at(text, j) == '+' || at(text, j) == '-') ++j;
    if (is_digit(at(text, j))) {
      while (is_digit(at(text, j))) ++j;
      i = j;
    }
  }
  return i;
}

}  // namespace

bool is_significant(TokenKind kind) { return kind != TokenKind::Space && kind != TokenKind::Comment; }

bool equals_ignoring_case(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(word[i]);
    unsigned char b = static_cast<unsigned char>(keyword[i]);
    if (a >= 'a' && a <= 'z') a = static_cast<unsigned char>(a - 'a' + 'A');
    if (b >= 'a' && b <= 'z') b = static_cast<unsigned char>(b - 'a' + 'A');
    if (a != b) return false;
  }
  return true;
}

size_t scan_token(std::string_view text, TokenKind* kind) {
  if (text.empty()) {
    *kind = TokenKind::Space;
    return 0;
  }
  const unsigned char c = at(text, 0);
  if (is_space(c)) {
    size_t i = 1;
    while (is_space(at(text, i))) ++i;
    *kind = TokenKind::Space;
    return i;
  }
  if (c == '-' && at(text, 1) == '-') {
    size_t i = 2;
    while (i < text.size() && text[i] != '\n') ++i;
    *kind = TokenKind::Comment;
    return i;  // the newline is whitespace, scanned next
  }
  if (c == '/' && at(text, 1) == '*') {
    size_t end = text.find("*/", 2);
    *kind = TokenKind::Comment;
    return end == std::string_view::npos ? text.size() : end + 2;
  }
  if (is_id_start(c)) {
    size_t i = 1;
    while (is_id_char(at(text, i))) ++i;
    *kind = TokenKind::Word;
    return i;
  }
  if (is_digit(c) || (c == '.' && is_digit(at(text, 1)))) {
    *kind = TokenKind::Number;
    return number_length(text);
  }
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    const size_t n = quoted_length(text, c == '[' ? ']' : static_cast<char>(c));
    if (n == 0) {
      *kind = c == '\'' ? TokenKind::UnterminatedString : TokenKind::UnterminatedName;
      return text.size();
    }
    *kind = c == '\'' ? TokenKind::String : TokenKind::QuotedName;
    return n;
  }
  switch (c) {
    case ';': *kind = TokenKind::Semicolon; return 1;
    case '(': *kind = TokenKind::LeftParen; return 1;
    case ')': *kind = TokenKind::RightParen; return 1;
    case ',': *kind = TokenKind::Comma; return 1;
    case '.': *kind = TokenKind::Dot; return 1;
    case '=': *kind = TokenKind::Equals; return 1;
    case '+': *kind = TokenKind::Plus; return 1;
    case '-': *kind = TokenKind::Minus; return 1;
    default: break;
  }
  *kind = (c > ' ' && c < 0x7f) ? TokenKind::Operator : TokenKind::Illegal;
  return 1;
}

Location advance(Location start, std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      ++start.line;
      start.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte: a new character
      ++start.column;
    }
  }
  return start;
}

Tokenizer::Tokenizer(std::string_view text, Location start, size_t start_offset)
    : rest_(text), offset_(start_offset), where_(start) {}

Token Tokenizer::next() {
  Token token;
  const size_t length = scan_token(rest_, &token.kind);
  token.text = rest_.substr(0, length);
  token.offset = offset_;
  token.where = where_;
  rest_.remove_prefix(length);
  offset_ += length;
  where_ = advance(where_, token.text);
  return token;
}

}  // namespace backlog::grammar
