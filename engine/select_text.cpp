// Top-level token scanning of SELECT text (see select_text.h).
#include "engine/select_text.h"

#include <cctype>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace backlog::engine {

namespace {

struct Token {
  std::string text;     // identifier/keyword (unquoted) or a single punctuation char
  bool quoted = false;  // was a quoted identifier
};

// Tokens at parenthesis depth 0 only; string literals and comments are dropped.
std::vector<Token> top_level_tokens(std::string_view s) {
  std::vector<Token> out;
  int depth = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      auto end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      std::string text;
      ++i;
      while (i < s.size()) {
        if (s[i] == close) {
          if (close != ']' && i + 1 < s.size() && s[i + 1] == close) { text += close; i += 2; continue; }
          ++i;
          break;
        }
        text += s[i++];
      }
      if (c != '\'' && depth == 0) out.push_back({text, true});
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                              s[i] == '$' || static_cast<unsigned char>(s[i]) >= 0x80))
        ++i;
      if (depth == 0) out.push_back({std::string(s.substr(start, i - start)), false});
      continue;
    }
    if (c == '(') ++depth;
    else if (c == ')') --depth;
    else if (depth == 0) out.push_back({std::string(1, c), false});
    ++i;
  }
  return out;
}

bool is_word(const Token& t, std::string_view word) {
  if (t.quoted || t.text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
  return true;
}

}  // namespace

std::string from_clause_table(std::string_view select) {
  auto tokens = top_level_tokens(select);
  size_t i = 0;
  while (i < tokens.size() && !is_word(tokens[i], "FROM")) ++i;
  if (++i >= tokens.size()) return "";
  std::string table = tokens[i].text;
  if (!tokens[i].quoted && !(std::isalpha(static_cast<unsigned char>(table[0])) || table[0] == '_'))
    return "";  // a sub-query or something else
  if (i + 2 < tokens.size() && tokens[i + 1].text == ".") table = tokens[i += 2].text;
  for (++i; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.text == "," || is_word(t, "JOIN")) return "";
    if (is_word(t, "WHERE") || is_word(t, "GROUP") || is_word(t, "ORDER") || is_word(t, "LIMIT") ||
        is_word(t, "UNION") || is_word(t, "EXCEPT") || is_word(t, "INTERSECT") || is_word(t, "WINDOW"))
      break;
  }
  return table;
}

bool has_top_level_where(std::string_view select) {
  for (const auto& t : top_level_tokens(select))
    if (is_word(t, "WHERE")) return true;
  return false;
}

std::string text_hash(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace backlog::engine
