// Light reading of a SELECT's text, for what SQLite's API does not tell us:
// the FROM clause's single table, and whether the user filtered with WHERE.
// Strings, quoted identifiers, comments and parenthesized sub-queries are skipped.
#pragma once

#include <string>
#include <string_view>

namespace backlog::engine {

// "Issues" for `SELECT … FROM Issues WHERE …`, "" when the top-level FROM names several
// tables (comma, JOIN) or none. Quotes are removed; a schema prefix is dropped.
std::string from_clause_table(std::string_view select);

// True if the top level of the SELECT has a WHERE clause.
bool has_top_level_where(std::string_view select);

// 64-bit FNV-1a of the text, as 16 hex digits (checkpoint's select_hash).
std::string text_hash(std::string_view text);

}  // namespace backlog::engine
