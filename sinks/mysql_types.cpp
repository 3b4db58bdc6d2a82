// Declared types ↔ MySQL column types and values (see mysql_types.h).
#include "sinks/mysql_types.h"

#include "sinks/iso_time.h"

#include <cctype>
#include <cmath>
#include <iterator>
#include <cstdio>

#include <fmt/format.h>

namespace backlog::sinks {

namespace {

constexpr std::string_view kCommentPrefix = "backlogsql:";

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string format_utc(int64_t seconds, bool with_time) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rest = seconds - days * 86400;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (!with_time) return fmt::format("{:04}-{:02}-{:02}", y, m, d);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", y, m, d, rest / 3600, rest / 60 % 60, rest % 60);
}

}  // namespace

MysqlKind mysql_kind_of(std::string_view declared) {
  std::string t = upper(declared);
  if (contains(t, "BOOL")) return MysqlKind::Boolean;
  if (contains(t, "TIMESTAMP") || contains(t, "DATETIME")) return MysqlKind::Datetime;
  if (t.rfind("DATE", 0) == 0) return MysqlKind::Date;
  if (contains(t, "JSON")) return MysqlKind::Json;
  if (contains(t, "INT")) return MysqlKind::Integer;
  if (contains(t, "REAL") || contains(t, "FLOA") || contains(t, "DOUB") || contains(t, "NUMERIC") ||
      contains(t, "DECIMAL"))
    return MysqlKind::Real;
  return MysqlKind::Text;
}

std::string mysql_column_type(std::string_view declared, bool key) {
  switch (mysql_kind_of(declared)) {
    case MysqlKind::Integer: return "BIGINT";
    case MysqlKind::Real: return "DOUBLE";
    case MysqlKind::Boolean: return "BOOLEAN";
    case MysqlKind::Datetime: return "DATETIME";
    case MysqlKind::Date: return "DATE";
    case MysqlKind::Json: return key ? "VARCHAR(255)" : "JSON";
    case MysqlKind::Text: break;
  }
  return key ? "VARCHAR(255)" : "LONGTEXT";
}

std::string mysql_type_comment(std::string_view declared) {
  return std::string(kCommentPrefix) + std::string(declared);
}

bool declared_from_comment(std::string_view comment, std::string* declared) {
  if (comment.substr(0, kCommentPrefix.size()) != kCommentPrefix) return false;
  *declared = std::string(comment.substr(kCommentPrefix.size()));
  return true;
}

std::string declared_from_mysql(std::string_view data_type, std::string_view column_type) {
  std::string t = upper(data_type);
  if (t == "TINYINT" && upper(column_type) == "TINYINT(1)") return "BOOLEAN";
  if (contains(t, "INT")) return "INTEGER";
  if (t == "DOUBLE" || t == "FLOAT" || t == "DECIMAL") return "REAL";
  if (t == "DATETIME" || t == "TIMESTAMP") return "TIMESTAMP";
  if (t == "DATE") return "DATE";
  if (t == "JSON") return "JSON";
  return "TEXT";
}

MysqlKind mysql_kind_of_column(std::string_view data_type, std::string_view column_type,
                               std::string_view declared) {
  std::string t = upper(data_type);
  if (t == "DATETIME" || t == "TIMESTAMP") return MysqlKind::Datetime;
  if (t == "DATE") return MysqlKind::Date;
  if (contains(t, "INT")) return t == "TINYINT" && upper(column_type) == "TINYINT(1)" ? MysqlKind::Boolean
                                                                                      : MysqlKind::Integer;
  if (t == "DOUBLE" || t == "FLOAT" || t == "DECIMAL") return MysqlKind::Real;
  // MariaDB's JSON is LONGTEXT with a JSON_VALID check: the declared type tells them apart.
  if (t == "JSON" || mysql_kind_of(declared) == MysqlKind::Json) return MysqlKind::Json;
  return MysqlKind::Text;
}

Value mysql_column_value(const Value& v, MysqlKind kind) {
  if (kind != MysqlKind::Datetime && kind != MysqlKind::Date) return v;
  const auto* text = std::get_if<std::string>(&v);
  if (!text) return v;
  auto t = parse_iso_time(*text);
  if (!t) return v;
  // A DATE keeps the calendar day as written (Backlog's dates are "…T00:00:00Z"); DATETIME
  // keeps whole seconds.
  if (kind == MysqlKind::Date) return text->substr(0, 10);
  return format_utc(t->seconds, true);
}

void append_mysql_number(std::string& out, const Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) {
    out += std::to_string(*n);
    return;
  }
  double d = std::get<double>(v);
  if (!std::isfinite(d)) throw SinkError(fmt::format("cannot store {} (not a finite number)", d));
  fmt::format_to(std::back_inserter(out), "{}", d);
}

std::string mysql_read_expression(const std::string& quoted_column, MysqlKind kind) {
  if (kind == MysqlKind::Datetime) return "DATE_FORMAT(" + quoted_column + ", '%Y-%m-%dT%H:%i:%sZ')";
  if (kind == MysqlKind::Date) return "DATE_FORMAT(" + quoted_column + ", '%Y-%m-%dT00:00:00Z')";
  return quoted_column;
}

}  // namespace backlog::sinks
