// ISO-8601 dates and timestamps as the sources write them, to numbers and back: what the
// destinations need where a column stores time as a number (MySQL DATETIME, PostgreSQL's
// binary COPY) instead of reading the text itself.
//
//   auto t = parse_iso_time("2024-05-20T09:00:00.5+09:00");  // seconds 1716163200, micros 500000
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace backlog::sinks {

struct IsoTime {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z (a zone-less time is read as UTC)
  int32_t micros = 0;   // fraction of the second (digits past the sixth are dropped)
  int fraction_digits = 0;
  bool has_time = false;  // false: "YYYY-MM-DD" alone
  int year = 0, month = 0, day = 0;  // the calendar date as written (before any offset)
};

// "YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|±HH[:]MM]]" naming a day of the calendar (no
// February 30th); nullopt for anything else.
std::optional<IsoTime> parse_iso_time(std::string_view s);

// Days since 1970-01-01 of a civil date, and back (<chrono>'s proleptic Gregorian calendar).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);

}  // namespace backlog::sinks
