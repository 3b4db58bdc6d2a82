// Quoting and unquoting of SQL identifiers and string literals.
//
// The engine builds SQL text around names that come from users and from Backlog
// (table and column names); quote_identifier() is how every such name enters SQL:
//
//   quote_identifier("a\"b")       -> "a""b"      (always quoted: keywords, spaces, any case)
//   quote_literal("it's")          -> 'it''s'     (for the rare place a value cannot be bound)
//   unquote_identifier("[My T]")   -> My T        ("…", […], `…`, '…' or bare)
#pragma once

#include <string>
#include <string_view>

namespace backlog::grammar {

// Double-quotes a name for SQLite (and PostgreSQL), doubling any embedded `"`.
std::string quote_identifier(std::string_view name);

// Single-quotes a string literal, doubling any embedded `'`.
std::string quote_literal(std::string_view value);

// Removes one level of quoting from a token as written: "…" and `…` and '…' undo their
// doubled closing quote, […] has no escape; a bare word is returned as is.
std::string unquote_identifier(std::string_view token);

}  // namespace backlog::grammar
