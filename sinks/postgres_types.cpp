// Declared types ↔ PostgreSQL types, and the SQL that converts values (see postgres_types.h).
#include "sinks/postgres_types.h"

#include <array>
#include <cctype>
#include <cstdlib>

namespace backlog::sinks {

namespace {

constexpr std::string_view kCommentPrefix = "backlogsql declared type: ";

// One row per spelling a source may declare (matched on the upper-cased base name,
// without a length such as "(20)").
struct TypeRule {
  std::string_view declared;
  std::string_view pg;
};
constexpr std::array kRules = {
    TypeRule{"INTEGER", "bigint"},
    TypeRule{"INT", "bigint"},
    TypeRule{"BIGINT", "bigint"},
    TypeRule{"SMALLINT", "bigint"},
    TypeRule{"TINYINT", "bigint"},
    TypeRule{"INT8", "bigint"},
    TypeRule{"REAL", "double precision"},
    TypeRule{"DOUBLE", "double precision"},
    TypeRule{"DOUBLE PRECISION", "double precision"},
    TypeRule{"FLOAT", "double precision"},
    TypeRule{"TEXT", "text"},
    TypeRule{"VARCHAR", "text"},
    TypeRule{"BOOLEAN", "boolean"},
    TypeRule{"BOOL", "boolean"},
    TypeRule{"TIMESTAMP", "timestamp with time zone"},
    TypeRule{"TIMESTAMPTZ", "timestamp with time zone"},
    TypeRule{"DATETIME", "timestamp with time zone"},
    TypeRule{"DATE", "date"},
    TypeRule{"JSON", "jsonb"},
    TypeRule{"JSONB", "jsonb"},
};

// PostgreSQL types (format_type spelling) mapped back to a declared type.
constexpr std::array kBack = {
    TypeRule{"INTEGER", "bigint"},
    TypeRule{"INTEGER", "integer"},
    TypeRule{"INTEGER", "smallint"},
    TypeRule{"REAL", "double precision"},
    TypeRule{"REAL", "real"},
    TypeRule{"TEXT", "text"},
    TypeRule{"BOOLEAN", "boolean"},
    TypeRule{"TIMESTAMP", "timestamp with time zone"},
    TypeRule{"TIMESTAMP", "timestamp without time zone"},
    TypeRule{"DATE", "date"},
    TypeRule{"JSON", "jsonb"},
    TypeRule{"JSON", "json"},
};

// "varchar( 20 )" → "VARCHAR"; "double  precision" → "DOUBLE PRECISION".
std::string base_name(std::string_view declared) {
  std::string out;
  for (char c : declared) {
    if (c == '(') break;
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool is_integer(std::string_view pg) { return pg == "bigint" || pg == "integer" || pg == "smallint"; }
bool is_real(std::string_view pg) { return pg == "double precision" || pg == "real"; }

}  // namespace

std::string pg_column_type(std::string_view declared) {
  std::string base = base_name(declared);
  for (const auto& r : kRules)
    if (r.declared == base) return std::string(r.pg);
  return "text";
}

std::string declared_from_pg(std::string_view pg_type) {
  for (const auto& r : kBack)
    if (r.pg == pg_type) return std::string(r.declared);
  if (pg_type.rfind("character", 0) == 0) return "TEXT";
  return base_name(pg_type);
}

std::string declared_type_comment(std::string_view declared) {
  return std::string(kCommentPrefix) + std::string(declared);
}

std::optional<std::string> declared_from_comment(std::string_view comment) {
  if (comment.substr(0, kCommentPrefix.size()) != kCommentPrefix) return std::nullopt;
  return std::string(comment.substr(kCommentPrefix.size()));
}

std::string pg_from_text(const std::string& text_expr, std::string_view pg_type) {
  if (pg_type == "text") return text_expr;
  // date's input takes the calendar date of '2024-05-20T00:00:00Z' as written (no time
  // zone shift), so the plain cast is the safe conversion for Backlog's dates too.
  return "CAST(" + text_expr + " AS " + std::string(pg_type) + ")";
}

std::string pg_to_source(const std::string& column, std::string_view pg_type) {
  if (pg_type == "timestamp with time zone") {
    // The session runs in UTC; fractions of a second only when there are some.
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
           "CASE WHEN date_trunc('second', " + column + ") = " + column +
           " THEN '' ELSE rtrim(to_char(" + column + ", '.US'), '0') END || 'Z'";
  }
  if (pg_type == "date") return "to_char(" + column + ", 'YYYY-MM-DD\"T00:00:00Z\"')";
  if (pg_type == "boolean") return "CAST(" + column + " AS integer)";
  return column;
}

Value pg_read_value(const char* text, bool is_null, std::string_view pg_type) {
  if (is_null) return std::monostate{};
  if (is_integer(pg_type) || pg_type == "boolean") return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
  if (is_real(pg_type)) return std::strtod(text, nullptr);
  return std::string(text);
}

}  // namespace backlog::sinks
