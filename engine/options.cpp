// Parsing and validation of REPLICATE options (see options.h).
#include "engine/options.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "engine/cursor_dates.h"

namespace backlog::engine {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::optional<bool> parse_bool(const std::optional<std::string>& v) {
  if (!v) return true;  // a bare flag
  std::string s = lower(*v);
  if (s == "true" || s == "1" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return false;
  return std::nullopt;
}

std::optional<IntervalUnit> parse_unit(std::string_view v) {
  std::string s = lower(v);
  if (!s.empty() && s.back() == 's') s.pop_back();  // minutes|minute
  if (s == "minute") return IntervalUnit::Minutes;
  if (s == "hour") return IntervalUnit::Hours;
  if (s == "day") return IntervalUnit::Days;
  if (s == "week") return IntervalUnit::Weeks;
  if (s == "month") return IntervalUnit::Months;
  if (s == "year") return IntervalUnit::Years;
  return std::nullopt;
}

}  // namespace

std::optional<ReplicateOptions> parse_replicate_options(
    const std::vector<grammar::Option>& options, std::string* error, grammar::Location* where) {
  ReplicateOptions out;
  auto bad = [&](const grammar::Option& o, std::string_view expected) {
    *error = fmt::format("option {}: bad value '{}' ({})", o.name, o.value.value_or(""), expected);
    return std::nullopt;
  };
  auto need_value = [&](const grammar::Option& o) {
    if (o.value && !trim(*o.value).empty()) return true;
    *error = fmt::format("option {} needs a value", o.name);
    return false;
  };
  for (const auto& o : options) {
    if (where) *where = o.where;  // the location of the option being checked
    std::string name = lower(o.name);
    if (name == "droptable" || name == "truncatetable" || name == "alterschema" ||
        name == "capturedeletes") {
      auto b = parse_bool(o.value);
      if (!b) return bad(o, "expected true or false");
      if (name == "droptable") out.drop_table = *b;
      else if (name == "truncatetable") out.truncate_table = *b;
      else if (name == "alterschema") out.alter_schema = *b;
      else out.capture_deletes = *b;
    } else if (name == "replicatestartdate") {
      if (!need_value(o)) return std::nullopt;
      std::string v = trim(*o.value);
      auto t = parse_cursor_time(v);
      if (!t) return bad(o, "expected yyyy-mm-dd or yyyy-mm-dd hh:mm:ss");
      // Compared as text with the cursor's ISO values: 2024-01-02T03:04:05Z, not "… 03:04".
      out.start_date = v.size() == 10 ? v : format_timestamp(*t);
    } else if (name == "replicateinterval" || name == "chunksize") {
      if (!need_value(o)) return std::nullopt;
      std::string v = trim(*o.value);
      int n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      bool chunk = name == "chunksize";  // 0 is allowed: one transaction
      if (ec != std::errc() || p != v.data() + v.size() || n < (chunk ? 0 : 1))
        return bad(o, chunk ? "expected 0 or a positive integer" : "expected a positive integer");
      (chunk ? out.chunk_rows : out.interval) = n;
    } else if (name == "replicateintervalunit") {
      if (!need_value(o)) return std::nullopt;
      auto u = parse_unit(trim(*o.value));
      if (!u) return bad(o, "expected minutes, hours, days, weeks, months or years");
      out.interval_unit = *u;
    } else if (name == "keycolumns") {
      if (!need_value(o)) return std::nullopt;
      std::string_view rest = *o.value;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string col = trim(rest.substr(0, comma));
        if (col.empty()) return bad(o, "expected a comma-separated list of columns");
        out.key_columns.push_back(col);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    } else if (name == "replicatetimecheckcolumn") {
      if (!need_value(o)) return std::nullopt;
      out.time_check_column = trim(*o.value);
    } else {
      *error = fmt::format(
          "unknown option {} (known: DropTable, TruncateTable, AlterSchema, ReplicateStartDate, "
          "ReplicateInterval, ReplicateIntervalUnit, KeyColumns, ReplicateTimeCheckColumn, "
          "CaptureDeletes, ChunkSize)",
          o.name);
      return std::nullopt;
    }
  }
  if (out.drop_table && out.truncate_table) {
    *error = "options DropTable and TruncateTable exclude each other";
    return std::nullopt;
  }
  return out;
}

}  // namespace backlog::engine
