// Quoting and unquoting of SQL identifiers and string literals (see identifier.h).
#include "grammar/identifier.h"

namespace backlog::grammar {
namespace {

// Wraps text in `quote`, doubling every occurrence of it inside.
std::string wrap_doubling(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

}  // namespace

std::string quote_identifier(std::string_view name) { return wrap_doubling(name, '"'); }

std::string quote_literal(std::string_view value) { return wrap_doubling(value, '\''); }

std::string unquote_identifier(std::string_view token) {
  if (token.size() < 2) return std::string(token);
  const char open = token.front();
  const char close = open == '[' ? ']' : open;
  if ((open != '"' && open != '`' && open != '\'' && open != '[') || token.back() != close) {
    return std::string(token);
  }
  std::string_view inner = token.substr(1, token.size() - 2);
  std::string out;
  out.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    // A doubled quote stands for one; […] has no escape, as in SQLite.
    if (open != '[' && inner[i] == close && i + 1 < inner.size() && inner[i + 1] == close) ++i;
  }
  return out;
}

}  // namespace backlog::grammar
