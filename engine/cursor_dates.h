// Dates and times of incremental cursors: ISO-8601 text as Backlog sends it
// (2014-07-16T07:51:43Z, or a DATE 2014-07-16), compared as text by SQLite.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/options.h"

namespace backlog::engine {

using TimePoint = std::chrono::sys_seconds;

// Accepts yyyy-MM-dd, yyyy-MM-ddTHH:mm[:ss][Z], yyyy-MM-dd HH:mm[:ss] (UTC).
std::optional<TimePoint> parse_cursor_time(std::string_view text);
std::string format_date(TimePoint t);       // 2024-05-06
std::string format_timestamp(TimePoint t);  // 2024-05-06T07:08:09Z
TimePoint now_utc();

// t + n units (months/years keep the day of month, clamped to the month's end).
TimePoint add_interval(TimePoint t, int n, IntervalUnit unit);

// A window bound as text comparable with the cursor's values: a date for day-or-longer
// units (so DATE and TIMESTAMP cursors both compare right), a timestamp otherwise.
std::string window_bound(TimePoint t, IntervalUnit unit);

// The `>=` value of an incremental run: the day of the last seen cursor value (Backlog
// filters by day, and re-reading that day is harmless because upserts are idempotent).
// A value that is not a date is returned unchanged.
std::string since_value(std::string_view last_cursor);

}  // namespace backlog::engine
