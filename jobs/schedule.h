// When a job runs: an interval ("every 1h") or a 5-field cron expression, in UTC or an IANA
// time zone. Pure arithmetic on an injectable "now": no clock, no sleeping (scheduler.h).
//
//   jobs::Schedule s = jobs::Schedule::parse("*/10 * * * *", "Asia/Tokyo");   // cron
//   jobs::Schedule d = jobs::Schedule::parse("1d", "Europe/Berlin");         // interval
//   jobs::TimePoint next = d.next_after(anchor, now);
//
// Intervals: 10m, 30m, 1h, 6h, 1d, 1w, 1mo — in general N followed by m, h, d, w or mo
// (optionally after "every "), from 10 minutes to 1 month (at most 44640m, 744h, 31d, 4w,
// 1mo). Minutes and hours are fixed durations; days and weeks keep the local wall-clock
// time of the anchor across DST changes (a skipped time runs at the first instant after
// the gap, a repeated one at its first occurrence); months keep the anchor's day of month,
// clamped to the month's last day (Jan 31 → Feb 28/29 → Mar 31).
//
// Cron: "minute hour day-of-month month day-of-week", each a `*`, a number, a range `a-b`,
// a list `a,b`, a step `*/n` or `a-b/n`; months JAN–DEC and weekdays SUN–SAT by name
// (case-insensitive), Sunday as 0 or 7; "a/n" means a, a+n, … up to the field's maximum.
// When both day fields are restricted (neither allows every value) a day matching either
// one is due (as in Vixie cron). Dates that never occur ("0 0 30 2 *") are refused. Cron
// is evaluated in the zone's local time: a local time that does not exist (skipped when
// clocks go forward) runs at the first instant after the gap; a local time that occurs
// twice (clocks go back) runs once, at its first occurrence. Expressions that can fire
// less than 10 minutes apart ("* * * * *", "*/5 * * * *", "0,55 * * * *") are refused.
//
// Refusals throw ScheduleError with the reason and the 1-based character position.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace backlog::jobs {

using TimePoint = std::chrono::sys_seconds;

class ScheduleError : public std::runtime_error {
 public:
  // what(): "position 1: fires every 5 minutes; the minimum is 10 minutes"; just the
  // reason when the position is 0.
  ScheduleError(int position, const std::string& reason);
  int position() const { return position_; }   // 1-based; 0 when about the whole text
  const std::string& reason() const { return reason_; }

 private:
  int position_;
  std::string reason_;
};

class Schedule {
 public:
  // `text` is an interval ("1h", "every 1h") or a cron expression (five fields);
  // `timezone` is an IANA name ("Asia/Tokyo") or "" / "UTC". Throws ScheduleError
  // (unknown time zone: position 0). "UTC" is stored as "".
  static Schedule parse(std::string_view text, std::string_view timezone = "");

  bool is_cron() const { return cron_; }
  // The canonical text stored in the catalog and shown by `job list` ("every 1h",
  // "cron */10 * * * *"); parse(text(), timezone()) gives the same schedule back.
  std::string text() const;
  const std::string& timezone() const { return timezone_; }  // "" = UTC
  // "every hour", "at 02:00 every day (Asia/Tokyo)": for `job show`.
  std::string describe() const;

  // The first due time strictly after `after`. Intervals count from `anchor` (the job's
  // creation time, or its last due time): anchor + k·interval for the smallest k ≥ 1 that
  // is after `after`. For d/w/mo keep passing the creation time: a due time moved by a DST
  // gap or clamped to a month's end would otherwise shift every later run. Cron ignores
  // the anchor.
  TimePoint next_after(TimePoint anchor, TimePoint after) const;

 private:
  Schedule() = default;
  bool cron_ = false;
  std::string text_;       // canonical
  std::string timezone_;
  // Interval.
  enum class Unit { Minute, Hour, Day, Week, Month };
  Unit unit_ = Unit::Hour;
  int count_ = 1;
  // Cron: bit sets of the allowed values.
  unsigned long long minutes_ = 0;  // bits 0..59
  unsigned hours_ = 0;              // bits 0..23
  unsigned days_ = 0;               // bits 1..31
  unsigned months_ = 0;             // bits 1..12
  unsigned weekdays_ = 0;           // bits 0..6 (Sunday = 0)
  bool dom_restricted_ = false, dow_restricted_ = false;
  friend class ScheduleParser;
  TimePoint next_interval(TimePoint anchor, TimePoint after) const;
  TimePoint next_cron(TimePoint after) const;
  bool day_matches(unsigned month, unsigned day, unsigned weekday) const;
};

// ISO-8601 UTC "2026-12-05T09:00:00Z" and back (the catalog's and the logs' format).
std::string format_time(TimePoint t);
// Throws std::invalid_argument on a malformed text.
TimePoint parse_time(std::string_view text);
// "2026-12-05 18:00 JST" in the given zone ("" = UTC), for `job list`; with_seconds:
// "…18:00:03 JST" (run times). Throws ScheduleError for an unknown zone.
std::string format_local(TimePoint t, std::string_view timezone, bool with_seconds = false);

}  // namespace backlog::jobs
