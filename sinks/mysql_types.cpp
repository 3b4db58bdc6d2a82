// Declared types ↔ MySQL column types and values (see mysql_types.h).
#include "sinks/mysql_types.h"

#include <cctype>
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

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|±HH[:]MM]]" → seconds since the epoch (UTC).
bool parse_iso(std::string_view s, int64_t& seconds, bool& has_time) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31)
    return false;
  size_t i = 10;
  has_time = false;
  int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != ' ') return false;
    if (!digits(s, i + 1, 2, h) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, mi))
      return false;
    has_time = true;
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, sec)) return false;
      i += 3;
    }
    if (i < s.size() && s[i] == '.') {  // fractions: DATETIME keeps whole seconds
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    if (i < s.size() && s[i] == 'Z') {
      ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      int oh, om;
      size_t mpos = i + 3 < s.size() && s[i + 3] == ':' ? i + 4 : i + 3;
      if (!digits(s, i + 1, 2, oh) || !digits(s, mpos, 2, om)) return false;
      offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      i = mpos + 2;
    }
    if (i != s.size() || h > 23 || mi > 59 || sec > 60) return false;
  }
  seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
            h * 3600 + mi * 60 + sec - offset;
  return true;
}

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
  int64_t seconds;
  bool has_time;
  if (!parse_iso(*text, seconds, has_time)) return v;
  // A DATE keeps the calendar day as written (Backlog's dates are "…T00:00:00Z").
  if (kind == MysqlKind::Date) return text->substr(0, 10);
  return format_utc(seconds, true);
}

std::string mysql_read_expression(const std::string& quoted_column, MysqlKind kind) {
  if (kind == MysqlKind::Datetime) return "DATE_FORMAT(" + quoted_column + ", '%Y-%m-%dT%H:%i:%sZ')";
  if (kind == MysqlKind::Date) return "DATE_FORMAT(" + quoted_column + ", '%Y-%m-%dT00:00:00Z')";
  return quoted_column;
}

}  // namespace backlog::sinks
