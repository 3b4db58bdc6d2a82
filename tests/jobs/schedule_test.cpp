// Schedule arithmetic: intervals and cron in UTC and IANA zones (DST gaps and repeats, month
// ends, leap years), refusals with their positions, canonical text and the time formats.
// Every expectation is a concrete UTC instant (local times checked against `TZ=… date`).

#include "jobs/schedule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace backlog::jobs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TimePoint T(std::string_view iso) { return parse_time(iso); }

// next_after as ISO text, so failures print readable instants.
std::string next(std::string_view text, std::string_view zone, std::string_view anchor,
                 std::string_view after) {
  return format_time(Schedule::parse(text, zone).next_after(T(anchor), T(after)));
}
std::string next_cron(std::string_view text, std::string_view zone, std::string_view after) {
  return next(text, zone, "2000-01-01T00:00:00Z", after);
}

// The refusal of `text`, as "position: reason".
std::string refusal(std::string_view text, std::string_view zone = "") {
  try {
    Schedule::parse(text, zone);
  } catch (const ScheduleError& e) {
    return std::to_string(e.position()) + ": " + e.reason();
  }
  return "accepted";
}

// ---- Intervals: parsing ---------------------------------------------------------------

TEST(ScheduleInterval, ParsesUnitsAndPrefixIntoCanonicalText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"10m", "every 10m"},     {"30m", "every 30m"},      {"1h", "every 1h"},
      {"6h", "every 6h"},       {"1d", "every 1d"},        {"1w", "every 1w"},
      {"1mo", "every 1mo"},     {"every 1h", "every 1h"},  {"  EVERY   2D ", "every 2d"},
      {"90 min", "every 90m"},  {"every 3 days", "every 3d"}, {"1 Month", "every 1mo"}};
  for (const auto& [in, text] : cases) {
    const Schedule s = Schedule::parse(in);
    EXPECT_FALSE(s.is_cron()) << in;
    EXPECT_EQ(s.text(), text) << in;
  }
}

TEST(ScheduleInterval, RefusesLessThanTenMinutesAtTheNumber) {
  EXPECT_EQ(refusal("9m"), "1: interval 9m is shorter than the 10-minute minimum");
  EXPECT_EQ(refusal("every 5m"), "7: interval 5m is shorter than the 10-minute minimum");
  EXPECT_EQ(refusal("  every 5m"), "9: interval 5m is shorter than the 10-minute minimum");
  EXPECT_EQ(refusal("0h"), "1: interval 0h is shorter than the 10-minute minimum");
  EXPECT_EQ(refusal("10m"), "accepted");
}

TEST(ScheduleInterval, RefusesMoreThanOneMonth) {
  EXPECT_EQ(refusal("2mo"), "1: interval 2mo is longer than the 1-month maximum");
  EXPECT_EQ(refusal("every 32d"), "7: interval 32d is longer than the 1-month maximum");
  EXPECT_EQ(refusal("5w"), "1: interval 5w is longer than the 1-month maximum");
  EXPECT_EQ(refusal("745h"), "1: interval 745h is longer than the 1-month maximum");
  EXPECT_EQ(refusal("44641m"), "1: interval 44641m is longer than the 1-month maximum");
  EXPECT_EQ(refusal("99999999999999d"),
            "1: interval 99999999999999d is longer than the 1-month maximum");
  for (const char* ok : {"31d", "4w", "744h", "44640m", "1mo"}) EXPECT_EQ(refusal(ok), "accepted");
}

TEST(ScheduleInterval, MalformedIntervalsNameThePosition) {
  EXPECT_EQ(refusal("every"),
            "6: expected an interval after 'every', such as 10m, 1h, 1d, 1w or 1mo");
  EXPECT_EQ(refusal("1x"), "2: unknown interval unit 'x' (use m, h, d, w or mo)");
  EXPECT_EQ(refusal("every h"),
            "7: expected a number after 'every', such as 10m, 1h, 1d, 1w or 1mo");
  EXPECT_EQ(refusal("1h30m"), "3: unexpected '30m' after the interval");
  EXPECT_EQ(refusal("every 10"), "9: expected a unit after 10 (m, h, d, w or mo)");
  EXPECT_EQ(refusal("   "),
            "0: empty schedule: give an interval such as 1h or a cron expression such as "
            "'0 2 * * *'");
}

// ---- Intervals: next_after ------------------------------------------------------------

TEST(ScheduleInterval, FixedDurationsAreStrictlyAfter) {
  const char* a = "2026-01-01T00:00:00Z";
  EXPECT_EQ(next("10m", "", a, a), "2026-01-01T00:10:00Z");
  EXPECT_EQ(next("10m", "", a, "2026-01-01T00:10:00Z"), "2026-01-01T00:20:00Z");
  EXPECT_EQ(next("10m", "", a, "2026-01-01T00:09:59Z"), "2026-01-01T00:10:00Z");
  EXPECT_EQ(next("10m", "", a, "2025-12-31T00:00:00Z"), "2026-01-01T00:10:00Z");
  EXPECT_EQ(next("6h", "", a, "2026-01-01T13:00:00Z"), "2026-01-01T18:00:00Z");
}

TEST(ScheduleInterval, HoursIgnoreDaylightSavingTime) {
  // Berlin springs forward at 01:00Z on 2026-03-29; six hours stay six hours.
  EXPECT_EQ(next("6h", "Europe/Berlin", "2026-03-28T22:00:00Z", "2026-03-28T22:00:00Z"),
            "2026-03-29T04:00:00Z");
}

TEST(ScheduleInterval, DaysKeepLocalTimeAcrossBerlinSpringForward) {
  // Anchor Fri 2026-03-27 02:30 CET. Sunday's 02:30 does not exist: 03:00 CEST (01:00Z).
  const char* a = "2026-03-27T01:30:00Z";
  EXPECT_EQ(next("1d", "Europe/Berlin", a, a), "2026-03-28T01:30:00Z");
  EXPECT_EQ(next("1d", "Europe/Berlin", a, "2026-03-28T01:30:00Z"), "2026-03-29T01:00:00Z");
  // Monday is back at 02:30, now CEST.
  EXPECT_EQ(next("1d", "Europe/Berlin", a, "2026-03-29T01:00:00Z"), "2026-03-30T00:30:00Z");
  // In UTC a day is 24 hours.
  EXPECT_EQ(next("1d", "", a, "2026-03-29T00:00:00Z"), "2026-03-29T01:30:00Z");
}

TEST(ScheduleInterval, DaysRunOnceWhenBerlinFallsBack) {
  // Anchor Fri 2026-10-23 02:30 CEST; Sunday's 02:30 happens at 00:30Z and again at 01:30Z.
  const char* a = "2026-10-23T00:30:00Z";
  EXPECT_EQ(next("1d", "Europe/Berlin", a, "2026-10-24T12:00:00Z"), "2026-10-25T00:30:00Z");
  EXPECT_EQ(next("1d", "Europe/Berlin", a, "2026-10-25T00:30:00Z"), "2026-10-26T01:30:00Z");
  EXPECT_EQ(next("1d", "Europe/Berlin", a, "2026-10-25T01:10:00Z"), "2026-10-26T01:30:00Z");
}

TEST(ScheduleInterval, DaysAcrossNewYorkTransitions) {
  // Spring forward 2026-03-08 at 02:00 EST (07:00Z); 02:30 does not exist that day.
  const char* spring = "2026-03-06T07:30:00Z";  // Fri 02:30 EST
  EXPECT_EQ(next("1d", "America/New_York", spring, spring), "2026-03-07T07:30:00Z");
  EXPECT_EQ(next("1d", "America/New_York", spring, "2026-03-07T07:30:00Z"),
            "2026-03-08T07:00:00Z");
  EXPECT_EQ(next("1d", "America/New_York", spring, "2026-03-08T07:00:00Z"),
            "2026-03-09T06:30:00Z");
  // Fall back 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST); only the first.
  const char* fall = "2026-10-30T05:30:00Z";  // Fri 01:30 EDT
  EXPECT_EQ(next("1d", "America/New_York", fall, "2026-10-31T05:30:00Z"),
            "2026-11-01T05:30:00Z");
  EXPECT_EQ(next("1d", "America/New_York", fall, "2026-11-01T05:30:00Z"),
            "2026-11-02T06:30:00Z");
}

TEST(ScheduleInterval, WeeksKeepWeekdayAndLocalTime) {
  const char* a = "2026-03-22T01:30:00Z";  // Sun 02:30 CET
  EXPECT_EQ(next("1w", "Europe/Berlin", a, a), "2026-03-29T01:00:00Z");  // in the gap
  EXPECT_EQ(next("1w", "Europe/Berlin", a, "2026-03-29T01:00:00Z"), "2026-04-05T00:30:00Z");
  EXPECT_EQ(next("2w", "Europe/Berlin", a, a), "2026-04-05T00:30:00Z");
}

TEST(ScheduleInterval, MonthsClampToTheLastDay) {
  const char* a = "2026-01-31T09:00:00Z";
  EXPECT_EQ(next("1mo", "", a, a), "2026-02-28T09:00:00Z");
  EXPECT_EQ(next("1mo", "", a, "2026-02-28T09:00:00Z"), "2026-03-31T09:00:00Z");
  EXPECT_EQ(next("1mo", "", a, "2026-03-31T09:00:00Z"), "2026-04-30T09:00:00Z");
  EXPECT_EQ(next("1mo", "", a, "2026-11-30T12:00:00Z"), "2026-12-31T09:00:00Z");
}

TEST(ScheduleInterval, MonthsInLeapAndCommonYears) {
  EXPECT_EQ(next("1mo", "", "2028-01-31T09:00:00Z", "2028-01-31T09:00:00Z"),
            "2028-02-29T09:00:00Z");
  EXPECT_EQ(next("1mo", "", "2027-01-31T09:00:00Z", "2027-01-31T09:00:00Z"),
            "2027-02-28T09:00:00Z");
  // Anchored on Feb 29: the 29th of every month, Feb 28 in common years.
  const char* leap = "2028-02-29T09:00:00Z";
  EXPECT_EQ(next("1mo", "", leap, leap), "2028-03-29T09:00:00Z");
  EXPECT_EQ(next("1mo", "", leap, "2029-02-01T00:00:00Z"), "2029-02-28T09:00:00Z");
  EXPECT_EQ(next("1mo", "", leap, "2032-02-01T00:00:00Z"), "2032-02-29T09:00:00Z");
}

TEST(ScheduleInterval, MonthsUseTheZonesLocalDateAndTime) {
  // 2026-01-31 00:00 JST is 2026-01-30T15:00Z: the local day (31st) is what is kept.
  EXPECT_EQ(next("1mo", "Asia/Tokyo", "2026-01-30T15:00:00Z", "2026-01-30T15:00:00Z"),
            "2026-02-27T15:00:00Z");
  // 10:00 CET in February, 10:00 CEST in April.
  EXPECT_EQ(next("1mo", "Europe/Berlin", "2026-02-15T09:00:00Z", "2026-03-15T09:00:00Z"),
            "2026-04-15T08:00:00Z");
}

TEST(ScheduleInterval, TokyoDaysAreAlways24Hours) {
  const Schedule s = Schedule::parse("1d", "Asia/Tokyo");
  const TimePoint a = T("2026-01-01T03:00:00Z");
  EXPECT_EQ(s.next_after(a, a + hours(24 * 400)), a + hours(24 * 401));
}

TEST(ScheduleInterval, LargeGapsAreComputedDirectly) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(next("10m", "", "2026-01-01T00:00:00Z", "2029-01-01T00:00:05Z"),
              "2029-01-01T00:10:00Z");
    EXPECT_EQ(next("1d", "Europe/Berlin", "2026-01-01T01:30:00Z", "2029-01-01T01:30:00Z"),
              "2029-01-02T01:30:00Z");
    EXPECT_EQ(next("1mo", "", "2026-01-31T09:00:00Z", "2029-01-31T09:00:00Z"),
              "2029-02-28T09:00:00Z");
    EXPECT_EQ(next_cron("0 0 29 2 *", "", "2029-03-01T00:00:00Z"), "2032-02-29T00:00:00Z");
  }
  // A minute-by-minute walk over three years would take far longer than this.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

// ---- Cron: fields ----------------------------------------------------------------------

TEST(ScheduleCron, DailyTimeIsStrictlyAfter) {
  EXPECT_EQ(next_cron("0 2 * * *", "", "2026-05-10T01:59:59Z"), "2026-05-10T02:00:00Z");
  EXPECT_EQ(next_cron("0 2 * * *", "", "2026-05-10T02:00:00Z"), "2026-05-11T02:00:00Z");
  EXPECT_EQ(next_cron("0 2 * * *", "", "2026-12-31T03:00:00Z"), "2027-01-01T02:00:00Z");
}

TEST(ScheduleCron, StepsRangesAndLists) {
  EXPECT_EQ(next_cron("*/15 * * * *", "", "2026-05-10T10:07:00Z"), "2026-05-10T10:15:00Z");
  EXPECT_EQ(next_cron("*/15 * * * *", "", "2026-05-10T10:45:30Z"), "2026-05-10T11:00:00Z");
  EXPECT_EQ(next_cron("0 9-17/4 * * *", "", "2026-05-10T13:00:00Z"), "2026-05-10T17:00:00Z");
  EXPECT_EQ(next_cron("0 9-17/4 * * *", "", "2026-05-10T17:00:00Z"), "2026-05-11T09:00:00Z");
  EXPECT_EQ(next_cron("10,40 8 * * *", "", "2026-05-10T08:10:00Z"), "2026-05-10T08:40:00Z");
  EXPECT_EQ(next_cron("5/20 * * * *", "", "2026-05-10T10:06:00Z"), "2026-05-10T10:25:00Z");
  EXPECT_EQ(next_cron("5/20 * * * *", "", "2026-05-10T10:45:00Z"), "2026-05-10T11:05:00Z");
  EXPECT_EQ(next_cron("0 0 1 */3 *", "", "2026-05-10T00:00:00Z"), "2026-07-01T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 31 * *", "", "2026-04-01T00:00:00Z"), "2026-05-31T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 29 2 *", "", "2026-03-01T00:00:00Z"), "2028-02-29T00:00:00Z");
}

TEST(ScheduleCron, MonthAndWeekdayNames) {
  // 2026-07-01 is a Wednesday.
  EXPECT_EQ(next_cron("0 9 * JAN,jul MON-FRI", "", "2026-05-10T00:00:00Z"),
            "2026-07-01T09:00:00Z");
  // 2026-05-10 and 05-17 are Sundays: 0, 7 and SUN agree.
  for (const char* e : {"0 12 * * 0", "0 12 * * 7", "0 12 * * sun", "0 12 * * Sun"})
    EXPECT_EQ(next_cron(e, "", "2026-05-10T12:00:00Z"), "2026-05-17T12:00:00Z") << e;
  // FRI-SUN wraps through Sunday; 5-7 is the same.
  EXPECT_EQ(next_cron("0 0 * * FRI-SUN", "", "2026-05-11T00:00:00Z"), "2026-05-15T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 * * FRI-SUN", "", "2026-05-16T00:00:00Z"), "2026-05-17T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 * * 5-7", "", "2026-05-17T00:00:00Z"), "2026-05-22T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 * * MON-FRI", "", "2026-05-15T00:00:00Z"), "2026-05-18T00:00:00Z");
}

TEST(ScheduleCron, DayOfMonthOrWeekdayWhenBothRestricted) {
  // 2026-05-01 and 05-08 are Fridays, 05-13 a Wednesday.
  EXPECT_EQ(next_cron("0 0 13 * FRI", "", "2026-05-01T00:00:00Z"), "2026-05-08T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 13 * FRI", "", "2026-05-08T00:00:00Z"), "2026-05-13T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 13 * FRI", "", "2026-05-13T00:00:00Z"), "2026-05-15T00:00:00Z");
  // Only one restricted: that one alone decides.
  EXPECT_EQ(next_cron("0 0 13 * *", "", "2026-05-01T00:00:00Z"), "2026-05-13T00:00:00Z");
  EXPECT_EQ(next_cron("0 0 * * FRI", "", "2026-05-08T00:00:00Z"), "2026-05-15T00:00:00Z");
  // February 30 never exists, but with a weekday the OR rule still fires on Mondays.
  EXPECT_EQ(next_cron("0 0 30 2 MON", "", "2026-02-01T00:00:00Z"), "2026-02-02T00:00:00Z");
}

// ---- Cron: time zones -----------------------------------------------------------------

TEST(ScheduleCron, BerlinSpringForwardRunsAfterTheGap) {
  EXPECT_EQ(next_cron("30 2 * * *", "Europe/Berlin", "2026-03-28T02:00:00Z"),
            "2026-03-29T01:00:00Z");
  EXPECT_EQ(next_cron("30 2 * * *", "Europe/Berlin", "2026-03-29T01:00:00Z"),
            "2026-03-30T00:30:00Z");
  // 02:00 and 02:30 both fall into the gap: one run at 03:00 CEST.
  EXPECT_EQ(next_cron("0,30 2 * * *", "Europe/Berlin", "2026-03-29T00:59:00Z"),
            "2026-03-29T01:00:00Z");
  EXPECT_EQ(next_cron("0,30 2 * * *", "Europe/Berlin", "2026-03-29T01:00:00Z"),
            "2026-03-30T00:00:00Z");
}

TEST(ScheduleCron, BerlinFallBackRunsOnce) {
  EXPECT_EQ(next_cron("30 2 * * *", "Europe/Berlin", "2026-10-24T23:00:00Z"),
            "2026-10-25T00:30:00Z");
  EXPECT_EQ(next_cron("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00Z"),
            "2026-10-26T01:30:00Z");
  // Asked during the repeated hour (02:10 CET), the repeat of 02:30 is not due either.
  EXPECT_EQ(next_cron("30 2 * * *", "Europe/Berlin", "2026-10-25T01:10:00Z"),
            "2026-10-26T01:30:00Z");
  // Hourly: local 02:00 runs at its first occurrence (00:00Z), the repeat (01:00Z) is skipped.
  EXPECT_EQ(next_cron("0 * * * *", "Europe/Berlin", "2026-10-24T23:30:00Z"),
            "2026-10-25T00:00:00Z");
  EXPECT_EQ(next_cron("0 * * * *", "Europe/Berlin", "2026-10-25T00:00:00Z"),
            "2026-10-25T02:00:00Z");
}

TEST(ScheduleCron, NewYorkTransitions) {
  EXPECT_EQ(next_cron("30 2 * * *", "America/New_York", "2026-03-07T08:00:00Z"),
            "2026-03-08T07:00:00Z");
  EXPECT_EQ(next_cron("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z"),
            "2026-11-01T05:30:00Z");
  EXPECT_EQ(next_cron("30 1 * * *", "America/New_York", "2026-11-01T05:30:00Z"),
            "2026-11-02T06:30:00Z");
}

TEST(ScheduleCron, TokyoIsNineHoursAheadOfUtc) {
  EXPECT_EQ(next_cron("0 9 * * *", "Asia/Tokyo", "2026-12-04T12:00:00Z"),
            "2026-12-05T00:00:00Z");
  EXPECT_EQ(next_cron("0 9 * * *", "", "2026-12-04T12:00:00Z"), "2026-12-05T09:00:00Z");
  EXPECT_EQ(next_cron("0 9 * * *", "UTC", "2026-12-04T12:00:00Z"), "2026-12-05T09:00:00Z");
  // Midnight on the 1st in Tokyo is still the previous day in UTC.
  EXPECT_EQ(next_cron("0 0 1 * *", "Asia/Tokyo", "2026-12-05T00:00:00Z"),
            "2026-12-31T15:00:00Z");
}

// ---- Cron: refusals ----------------------------------------------------------------------

TEST(ScheduleCron, RefusesMoreOftenThanTenMinutes) {
  EXPECT_EQ(refusal("*/5 * * * *"), "1: fires every 5 minutes; the minimum is 10 minutes");
  EXPECT_EQ(refusal("* * * * *"), "1: fires every minute; the minimum is 10 minutes");
  EXPECT_EQ(refusal("cron */5 * * * *"), "6: fires every 5 minutes; the minimum is 10 minutes");
  EXPECT_EQ(refusal("0,55 * * * *"),
            "1: fires 5 minutes apart (at minutes 55 and 0); the minimum is 10 minutes");
  EXPECT_EQ(refusal("0,55 2,3 * * *"),
            "1: fires 5 minutes apart (at minutes 55 and 0); the minimum is 10 minutes");
  EXPECT_EQ(refusal("0-4 2 * * *"), "1: fires every minute; the minimum is 10 minutes");
  // 02:55 and 03:00 cannot both run when hour 3 is not allowed.
  EXPECT_EQ(refusal("0,55 2 * * *"), "accepted");
  EXPECT_EQ(refusal("*/10 * * * *"), "accepted");
  EXPECT_EQ(refusal("0,10,20,30,40,50 * * * *"), "accepted");
  try {
    Schedule::parse("*/5 * * * *");
    ADD_FAILURE() << "accepted */5";
  } catch (const ScheduleError& e) {
    EXPECT_STREQ(e.what(), "position 1: fires every 5 minutes; the minimum is 10 minutes");
  }
}

TEST(ScheduleCron, MalformedFieldsNameThePosition) {
  EXPECT_EQ(refusal("61 * * * *"), "1: minute 61 is out of range 0-59");
  EXPECT_EQ(refusal("0 24 * * *"), "3: hour 24 is out of range 0-23");
  EXPECT_EQ(refusal("0 0 0 * *"), "5: day 0 is out of range 1-31");
  EXPECT_EQ(refusal("0 0 * 13 *"), "7: month 13 is out of range 1-12");
  EXPECT_EQ(refusal("0 2 * * 8"), "9: weekday 8 is out of range 0-7");
  EXPECT_EQ(refusal("0 2 * FOO *"), "7: unknown month 'FOO' (use 1-12 or JAN-DEC)");
  EXPECT_EQ(refusal("0 2 * * MON-FUN"), "13: unknown weekday 'FUN' (use 0-7 or SUN-SAT)");
  EXPECT_EQ(refusal("0 2 L * *"), "5: expected a number in the day-of-month field, got 'L'");
  EXPECT_EQ(refusal("0 2x * * *"), "4: unexpected 'x' in the hour field");
  EXPECT_EQ(refusal("0 1,,2 * * *"), "5: expected a value in the hour field");
  EXPECT_EQ(refusal("0 2 * * MON-"), "13: expected a value in the day-of-week field");
  EXPECT_EQ(refusal("0 5-2 * * *"), "3: hour range 5-2 goes backwards; split it into two ranges");
  EXPECT_EQ(refusal("0 */0 * * *"), "5: hour step 0 is out of range 1-23");
  EXPECT_EQ(refusal("0 */ * * *"), "5: expected a step number after '/' in the hour field");
  EXPECT_EQ(refusal("*/90 * * * *"), "3: minute step 90 is out of range 1-59");
}

TEST(ScheduleCron, WrongFieldCount) {
  EXPECT_EQ(refusal("0 2 * *"),
            "0: expected 5 fields (minute hour day-of-month month day-of-week), got 4");
  EXPECT_EQ(refusal("0 2 * * * *"),
            "11: expected 5 fields (minute hour day-of-month month day-of-week), got 6");
  EXPECT_EQ(refusal("cron"),
            "0: expected 5 fields (minute hour day-of-month month day-of-week), got 0");
}

TEST(ScheduleCron, RefusesDatesThatNeverOccur) {
  EXPECT_EQ(refusal("0 0 30 2 *"), "5: day 30 never occurs in February");
  EXPECT_EQ(refusal("0 0 31 4,6 *"), "5: day 31 never occurs in April or June");
  EXPECT_EQ(refusal("0 0 30,31 FEB *"), "5: day 30,31 never occurs in February");
  EXPECT_EQ(refusal("0 0 29 2 *"), "accepted");
  EXPECT_EQ(refusal("0 0 31 4,5 *"), "accepted");
}

TEST(ScheduleZone, UnknownZoneAndUtcSpelling) {
  EXPECT_EQ(refusal("1h", "Mars/Base"), "0: unknown time zone 'Mars/Base'");
  try {
    Schedule::parse("0 2 * * *", "Mars/Base");
    ADD_FAILURE() << "accepted Mars/Base";
  } catch (const ScheduleError& e) {
    EXPECT_STREQ(e.what(), "unknown time zone 'Mars/Base'");
  }
  EXPECT_EQ(Schedule::parse("1h", "UTC").timezone(), "");
  EXPECT_EQ(Schedule::parse("1h", "").timezone(), "");
  EXPECT_EQ(Schedule::parse("1h", "Asia/Tokyo").timezone(), "Asia/Tokyo");
}

// ---- Text and description ----------------------------------------------------------------

TEST(ScheduleText, ParseOfTextGivesTheSameSchedule) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"10m", ""},
      {"every 6 hours", ""},
      {"1d", "Europe/Berlin"},
      {"1mo", "Asia/Tokyo"},
      {"  0   9 * JAN,jul   MON-FRI ", "America/New_York"},
      {"cron 30 2 * * *", "Europe/Berlin"},
      {"0 0 13 * FRI", ""},
  };
  const std::vector<TimePoint> afters = {T("2026-03-28T12:00:00Z"), T("2026-07-01T00:00:00Z"),
                                         T("2026-10-25T00:30:00Z")};
  const TimePoint anchor = T("2026-01-31T01:30:00Z");
  for (const auto& [in, zone] : cases) {
    const Schedule a = Schedule::parse(in, zone);
    const Schedule b = Schedule::parse(a.text(), a.timezone());
    EXPECT_EQ(b.text(), a.text()) << in;
    EXPECT_EQ(b.is_cron(), a.is_cron()) << in;
    for (TimePoint after : afters)
      EXPECT_EQ(b.next_after(anchor, after), a.next_after(anchor, after)) << in;
  }
  EXPECT_EQ(Schedule::parse("  0   9 * JAN,jul   MON-FRI ").text(), "cron 0 9 * JAN,jul MON-FRI");
  EXPECT_TRUE(Schedule::parse("cron 0 9 * * *").is_cron());
}

TEST(ScheduleText, DescribesInPlainWords) {
  EXPECT_EQ(Schedule::parse("10m").describe(), "every 10 minutes");
  EXPECT_EQ(Schedule::parse("1h").describe(), "every hour");
  EXPECT_EQ(Schedule::parse("6h", "Asia/Tokyo").describe(), "every 6 hours");
  EXPECT_EQ(Schedule::parse("1d", "Europe/Berlin").describe(),
            "every day at the time of day it was created (Europe/Berlin)");
  EXPECT_EQ(Schedule::parse("1mo").describe(),
            "every month on the day and at the time it was created");
  EXPECT_EQ(Schedule::parse("0 2 * * *", "Asia/Tokyo").describe(),
            "at 02:00 every day (Asia/Tokyo)");
  EXPECT_EQ(Schedule::parse("0 2 * * MON-FRI", "Asia/Tokyo").describe(),
            "at 02:00 on Mon-Fri (Asia/Tokyo)");
  EXPECT_EQ(Schedule::parse("30 8 * * 1,3,5").describe(), "at 08:30 on Mon, Wed, Fri");
  EXPECT_EQ(Schedule::parse("*/10 * * * *").describe(), "every 10 minutes");
  EXPECT_EQ(Schedule::parse("5 * * * *").describe(), "every hour at :05");
  EXPECT_EQ(Schedule::parse("0 2 1 * *", "Asia/Tokyo").describe(), "cron 0 2 1 * * (Asia/Tokyo)");
}

// ---- Time formats --------------------------------------------------------------------------

TEST(ScheduleTimeFormat, IsoRoundTrip) {
  const TimePoint t = T("2026-12-05T09:00:00Z");
  EXPECT_EQ(t.time_since_epoch(), seconds(1796461200));
  EXPECT_EQ(format_time(t), "2026-12-05T09:00:00Z");
  EXPECT_EQ(format_time(T("2028-02-29T23:59:59Z")), "2028-02-29T23:59:59Z");
  EXPECT_EQ(T("1970-01-01T00:00:00Z").time_since_epoch(), seconds(0));
  for (const char* bad :
       {"2026-12-05 09:00:00Z", "2026-12-05T09:00:00", "2026-02-30T00:00:00Z",
        "2026-12-05T24:00:00Z", "2026-12-05T09:60:00Z", "2026-13-01T00:00:00Z", "", "yesterday",
        "2026-12-05T09:00:00+09:00"})
    EXPECT_THROW(parse_time(bad), std::invalid_argument) << bad;
}

TEST(ScheduleTimeFormat, LocalTimeWithAbbreviation) {
  const TimePoint t = T("2026-12-05T09:00:00Z");
  EXPECT_EQ(format_local(t, "Asia/Tokyo"), "2026-12-05 18:00 JST");
  EXPECT_EQ(format_local(t, ""), "2026-12-05 09:00 UTC");
  EXPECT_EQ(format_local(t, "UTC"), "2026-12-05 09:00 UTC");
  EXPECT_EQ(format_local(t, "Europe/Berlin"), "2026-12-05 10:00 CET");
  EXPECT_EQ(format_local(T("2026-07-01T09:00:00Z"), "Europe/Berlin"), "2026-07-01 11:00 CEST");
  EXPECT_EQ(format_local(T("2026-11-01T05:30:00Z"), "America/New_York"),
            "2026-11-01 01:30 EDT");
  EXPECT_EQ(format_local(T("2026-11-01T06:30:00Z"), "America/New_York"),
            "2026-11-01 01:30 EST");
  EXPECT_THROW(format_local(t, "Mars/Base"), ScheduleError);
}

}  // namespace
}  // namespace backlog::jobs
