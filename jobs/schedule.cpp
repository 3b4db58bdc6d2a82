// Schedules: parsing intervals and cron expressions (reporting the 1-based position of a
// mistake in the text as typed) and finding the next due time. The rules are in schedule.h.
//
// How next_after works: all calendar work happens in the zone's local time. A local time
// becomes an instant with date::choose::earliest, which gives the first occurrence of a
// repeated time and the end of the gap (the first instant after it) for a skipped one.
// That mapping never goes backwards as local time advances, so the answer is the first
// local candidate whose instant is after `after`: intervals estimate the step count k
// arithmetically and correct it by a step or two; cron walks forward from `after`,
// skipping whole months, days and hours that cannot match.

#include "jobs/schedule.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace backlog::jobs {

ScheduleError::ScheduleError(int position, const std::string& reason)
    : std::runtime_error(position > 0 ? fmt::format("position {}: {}", position, reason)
                                      : reason),
      position_(position),
      reason_(reason) {}

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower(x) == lower(y);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The stored form of a zone name: "" for UTC.
std::string normalize_zone(std::string_view name) {
  name = trim(name);
  return iequals(name, "UTC") ? std::string() : std::string(name);
}

// The schedule's zone; null means UTC, which needs no tz database.
struct Zone {
  const date::time_zone* tz = nullptr;

  date::local_seconds to_local(TimePoint t) const {
    return tz ? tz->to_local(t) : date::local_seconds{t.time_since_epoch()};
  }
  // First occurrence of a repeated local time; the end of the gap for a skipped one.
  TimePoint to_sys(date::local_seconds l) const {
    return tz ? tz->to_sys(l, date::choose::earliest) : TimePoint{l.time_since_epoch()};
  }
};

// `name` is already normalized ("" = UTC).
Zone find_zone(const std::string& name) {
  if (name.empty()) return {};
  try {
    return {date::locate_zone(name)};
  } catch (const std::exception&) {
    throw ScheduleError(0, fmt::format("unknown time zone '{}'", name));
  }
}

std::string zone_suffix(const std::string& zone) {
  return zone.empty() ? std::string() : fmt::format(" ({})", zone);
}

// ---- Intervals ---------------------------------------------------------------------------

// Indexed by Schedule::Unit (Minute, Hour, Day, Week, Month). `max` keeps every interval
// within one month (31 days).
struct UnitInfo {
  std::string_view suffix;    // canonical: "every 6h"
  std::string_view singular;  // "every hour", "every 6 hours"
  int max;
};
constexpr std::array<UnitInfo, 5> kUnits{{
    {"m", "minute", 31 * 24 * 60},
    {"h", "hour", 31 * 24},
    {"d", "day", 31},
    {"w", "week", 4},
    {"mo", "month", 1},
}};

struct UnitName {
  std::string_view name;
  int unit;  // index into kUnits
};
constexpr UnitName kUnitNames[] = {
    {"m", 0},     {"min", 0},  {"mins", 0},  {"minute", 0}, {"minutes", 0}, {"h", 1},
    {"hr", 1},    {"hrs", 1},  {"hour", 1},  {"hours", 1},  {"d", 2},       {"day", 2},
    {"days", 2},  {"w", 3},    {"wk", 3},    {"week", 3},   {"weeks", 3},   {"mo", 4},
    {"month", 4}, {"months", 4},
};

constexpr int kMinimumMinutes = 10;

// Reads the digits at text[i...] (advancing i), saturating far above any valid value.
long read_number(std::string_view text, size_t& i) {
  long v = 0;
  while (i < text.size() && is_digit(text[i])) {
    v = std::min(v * 10 + (text[i] - '0'), 1'000'000'000L);
    ++i;
  }
  return v;
}

// "1h" / "2 days" with no prefix: a number first and at most a unit word after it.
bool looks_like_interval(std::string_view text) {
  size_t i = 0;
  if (text.empty() || !is_digit(text[0])) return false;
  if (std::none_of(text.begin(), text.end(), is_space)) return true;
  while (i < text.size() && is_digit(text[i])) ++i;
  while (i < text.size() && is_space(text[i])) ++i;
  while (i < text.size() && is_alpha(text[i])) ++i;
  return i == text.size();
}

// ---- Cron fields ------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kMonthNames{
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 12> kMonthFull{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kWeekdayNames{"SUN", "MON", "TUE", "WED",
                                                        "THU", "FRI", "SAT"};
constexpr std::array<std::string_view, 7> kWeekdayShort{"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
constexpr int kDaysInMonth[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct FieldSpec {
  std::string_view label;  // "minute 61 is out of range 0-59"
  std::string_view what;   // "in the day-of-month field"
  int min, max;            // accepted numbers
  int star_max;            // where `*` and "a/n" end (day-of-week: 6, though 7 is accepted)
  const std::string_view* names;  // three-letter names for min, min+1, … (or null)
  size_t name_count;
  std::string_view name_hint;  // "JAN-DEC"
};
const FieldSpec kFields[5] = {
    {"minute", "minute", 0, 59, 59, nullptr, 0, ""},
    {"hour", "hour", 0, 23, 23, nullptr, 0, ""},
    {"day", "day-of-month", 1, 31, 31, nullptr, 0, ""},
    {"month", "month", 1, 12, 12, kMonthNames.data(), kMonthNames.size(), "JAN-DEC"},
    {"weekday", "day-of-week", 0, 7, 6, kWeekdayNames.data(), kWeekdayNames.size(), "SUN-SAT"},
};

struct Token {
  std::string_view text;
  size_t offset;  // 0-based in the original text
};

std::vector<Token> split(std::string_view text, size_t offset, char sep) {
  std::vector<Token> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = i;
    if (sep == ' ') {
      while (i < text.size() && is_space(text[i])) ++i;
      if (i == text.size()) break;
      j = i;
      while (j < text.size() && !is_space(text[j])) ++j;
    } else {
      j = text.find(sep, i);
      if (j == std::string_view::npos) j = text.size();
    }
    out.push_back({text.substr(i, j - i), offset + i});
    i = j + 1;
  }
  return out;
}

// One value of a cron field: a number or (months, weekdays) a name.
struct Value {
  int value;
  bool by_name;
};

Value read_value(const Token& item, size_t& i, const FieldSpec& f) {
  const int pos = static_cast<int>(item.offset + i + 1);
  const std::string_view t = item.text;
  if (i < t.size() && is_digit(t[i])) {
    const size_t start = i;
    const long v = read_number(t, i);
    if (v < f.min || v > f.max)
      throw ScheduleError(pos, fmt::format("{} {} is out of range {}-{}", f.label,
                                           t.substr(start, i - start), f.min, f.max));
    return {static_cast<int>(v), false};
  }
  if (i < t.size() && is_alpha(t[i])) {
    const size_t start = i;
    while (i < t.size() && is_alpha(t[i])) ++i;
    const std::string_view word = t.substr(start, i - start);
    if (f.names == nullptr)
      throw ScheduleError(pos, fmt::format("expected a number in the {} field, got '{}'",
                                           f.what, word));
    for (size_t n = 0; n < f.name_count; ++n)
      if (iequals(word, f.names[n])) return {f.min + static_cast<int>(n), true};
    throw ScheduleError(pos, fmt::format("unknown {} '{}' (use {}-{} or {})", f.label, word,
                                         f.min, f.max, f.name_hint));
  }
  if (i < t.size())
    throw ScheduleError(pos, fmt::format("unexpected '{}' in the {} field", t[i], f.what));
  throw ScheduleError(pos, fmt::format("expected a value in the {} field", f.what));
}

// One comma-separated item: `*`, `a`, `a-b`, each optionally followed by `/step`.
std::uint64_t parse_item(const Token& item, const FieldSpec& f, bool weekday) {
  const std::string_view t = item.text;
  size_t i = 0;
  int lo = f.min, hi = f.star_max;
  bool range = true;
  if (!t.empty() && t[0] == '*') {
    i = 1;
  } else {
    lo = hi = read_value(item, i, f).value;
    range = false;
    if (i < t.size() && t[i] == '-') {
      ++i;
      const Value end = read_value(item, i, f);
      hi = end.value;
      range = true;
      if (weekday && end.by_name && hi == 0) hi = 7;  // FRI-SUN
      if (hi < lo)
        throw ScheduleError(static_cast<int>(item.offset + 1),
                            fmt::format("{} range {} goes backwards; split it into two ranges",
                                        f.label, t.substr(0, i)));
    }
  }
  int step = 1;
  if (i < t.size() && t[i] == '/') {
    ++i;
    const int pos = static_cast<int>(item.offset + i + 1);
    if (i == t.size() || !is_digit(t[i]))
      throw ScheduleError(pos, fmt::format("expected a step number after '/' in the {} field",
                                           f.what));
    const size_t start = i;
    const long s = read_number(t, i);
    if (s < 1 || s > f.star_max - f.min)
      throw ScheduleError(pos, fmt::format("{} step {} is out of range 1-{}", f.label,
                                           t.substr(start, i - start), f.star_max - f.min));
    step = static_cast<int>(s);
    if (!range) hi = std::max(lo, f.star_max);  // "a/n": from a to the field's end
  }
  if (i < t.size())
    throw ScheduleError(static_cast<int>(item.offset + i + 1),
                        fmt::format("unexpected '{}' in the {} field", t[i], f.what));
  std::uint64_t bits = 0;
  for (int v = lo; v <= hi; v += step) bits |= std::uint64_t{1} << v;
  return bits;
}

std::uint64_t parse_field(const Token& field, const FieldSpec& f, bool weekday) {
  std::uint64_t bits = 0;
  for (const Token& item : split(field.text, field.offset, ',')) {
    if (item.text.empty())
      throw ScheduleError(static_cast<int>(item.offset + 1),
                          fmt::format("expected a value in the {} field", f.what));
    bits |= parse_item(item, f, weekday);
  }
  return bits;
}

// Refuses minute sets that can fire less than 10 minutes apart. The wrap from the last
// minute of one hour to the first of the next counts only when two adjacent hours
// (23 and 0 included) are allowed.
void check_frequency(std::uint64_t minutes_bits, unsigned hours_bits, int position) {
  std::vector<int> m;
  for (int v = 0; v < 60; ++v)
    if (minutes_bits >> v & 1) m.push_back(v);
  if (m.size() < 2) return;
  const unsigned rotated = ((hours_bits << 1) | (hours_bits >> 23)) & 0xFFFFFF;
  const bool adjacent_hours = (hours_bits & rotated) != 0;
  int gap = 60, at = 0;
  bool even = true;
  for (size_t k = 1; k < m.size(); ++k) {
    const int g = m[k] - m[k - 1];
    if (k > 1 && g != m[1] - m[0]) even = false;
    if (g < gap) gap = g, at = m[k - 1];
  }
  const int wrap = m.front() + 60 - m.back();
  if (adjacent_hours && wrap < gap) gap = wrap, at = m.back(), even = false;
  if (gap >= kMinimumMinutes) return;
  if (gap == 1 && even)
    throw ScheduleError(position, "fires every minute; the minimum is 10 minutes");
  if (even)
    throw ScheduleError(position,
                        fmt::format("fires every {} minutes; the minimum is 10 minutes", gap));
  throw ScheduleError(position,
                      fmt::format("fires {} minutes apart (at minutes {} and {}); the minimum "
                                  "is 10 minutes",
                                  gap, at, (at + gap) % 60));
}

// "February", "April or June", "April, June or September".
std::string month_list(unsigned months_bits) {
  std::vector<std::string_view> names;
  for (int m = 1; m <= 12; ++m)
    if (months_bits >> m & 1) names.push_back(kMonthFull[m - 1]);
  std::string out;
  for (size_t k = 0; k < names.size(); ++k) {
    if (k > 0) out += k + 1 == names.size() ? " or " : ", ";
    out += names[k];
  }
  return out;
}

// "Mon-Fri", "Mon, Wed, Fri", "Sat-Sun" (a week starting on Monday reads naturally).
std::string weekday_list(unsigned weekdays_bits) {
  std::vector<int> days;  // 1..7, Sunday last
  for (int d = 1; d <= 7; ++d)
    if (weekdays_bits >> (d % 7) & 1) days.push_back(d);
  std::string out;
  for (size_t k = 0; k < days.size();) {
    size_t run = k;
    while (run + 1 < days.size() && days[run + 1] == days[run] + 1) ++run;
    if (!out.empty()) out += ", ";
    out += kWeekdayShort[days[k] % 7];
    if (run >= k + 2) {
      out += fmt::format("-{}", kWeekdayShort[days[run] % 7]);
      k = run + 1;
    } else {
      ++k;
    }
  }
  return out;
}

int single_bit(std::uint64_t bits) {
  return std::popcount(bits) == 1 ? std::countr_zero(bits) : -1;
}

}  // namespace

// Turns text into a Schedule; each step reports positions in the original text.
class ScheduleParser {
 public:
  explicit ScheduleParser(std::string_view text) : text_(text) {}

  Schedule parse(std::string_view timezone) {
    Schedule s;
    s.timezone_ = normalize_zone(timezone);
    find_zone(s.timezone_);  // refuse unknown zones now, not at the first run
    const std::string_view body = trim(text_);
    if (body.empty())
      throw ScheduleError(0, "empty schedule: give an interval such as 1h or a cron expression "
                             "such as '0 2 * * *'");
    const size_t start = static_cast<size_t>(body.data() - text_.data());
    size_t word_end = 0;
    while (word_end < body.size() && !is_space(body[word_end])) ++word_end;
    const std::string_view word = body.substr(0, word_end);
    if (iequals(word, "cron")) {
      parse_cron(s, start + word_end, body.size() - word_end);
    } else if (iequals(word, "every")) {
      parse_interval(s, start + word_end, body.size() - word_end, true);
    } else if (looks_like_interval(body)) {
      parse_interval(s, start, body.size(), false);
    } else {
      parse_cron(s, start, body.size());
    }
    return s;
  }

 private:
  int pos(size_t offset) const { return static_cast<int>(offset + 1); }

  void parse_interval(Schedule& s, size_t start, size_t length, bool after_every) {
    const size_t end = start + length;
    size_t i = start;
    while (i < end && is_space(text_[i])) ++i;
    if (i == end)
      throw ScheduleError(pos(i), "expected an interval after 'every', such as 10m, 1h, 1d, "
                                  "1w or 1mo");
    if (!is_digit(text_[i]))
      throw ScheduleError(pos(i), fmt::format("expected a number{}, such as 10m, 1h, 1d, 1w "
                                              "or 1mo",
                                              after_every ? " after 'every'" : ""));
    const size_t number_at = i;
    const long count = read_number(text_.substr(0, end), i);
    const std::string_view number = text_.substr(number_at, i - number_at);
    while (i < end && is_space(text_[i])) ++i;
    const size_t unit_at = i;
    while (i < end && is_alpha(text_[i])) ++i;
    const std::string_view word = text_.substr(unit_at, i - unit_at);
    if (word.empty())
      throw ScheduleError(pos(unit_at), fmt::format("expected a unit after {} (m, h, d, w or mo)",
                                                    number));
    int unit = -1;
    for (const UnitName& n : kUnitNames)
      if (iequals(word, n.name)) unit = n.unit;
    if (unit < 0)
      throw ScheduleError(pos(unit_at), fmt::format("unknown interval unit '{}' (use m, h, d, "
                                                    "w or mo)",
                                                    word));
    if (i < end)
      throw ScheduleError(pos(i), fmt::format("unexpected '{}' after the interval",
                                              text_.substr(i, end - i)));
    const UnitInfo& u = kUnits[unit];
    if (count == 0 || (unit == 0 && count < kMinimumMinutes))
      throw ScheduleError(pos(number_at), fmt::format("interval {}{} is shorter than the "
                                                      "10-minute minimum",
                                                      number, u.suffix));
    if (count > u.max)
      throw ScheduleError(pos(number_at), fmt::format("interval {}{} is longer than the "
                                                      "1-month maximum",
                                                      number, u.suffix));
    s.cron_ = false;
    s.unit_ = static_cast<Schedule::Unit>(unit);
    s.count_ = static_cast<int>(count);
    s.text_ = fmt::format("every {}{}", s.count_, u.suffix);
  }

  void parse_cron(Schedule& s, size_t start, size_t length) {
    const std::vector<Token> fields = split(text_.substr(start, length), start, ' ');
    if (fields.size() != 5)
      throw ScheduleError(fields.size() > 5 ? pos(fields[5].offset) : 0,
                          fmt::format("expected 5 fields (minute hour day-of-month month "
                                      "day-of-week), got {}",
                                      fields.size()));
    std::uint64_t bits[5];
    for (int f = 0; f < 5; ++f) bits[f] = parse_field(fields[f], kFields[f], f == 4);
    s.cron_ = true;
    s.minutes_ = bits[0];
    s.hours_ = static_cast<unsigned>(bits[1]);
    s.days_ = static_cast<unsigned>(bits[2]);
    s.months_ = static_cast<unsigned>(bits[3]);
    s.weekdays_ = static_cast<unsigned>((bits[4] | bits[4] >> 7) & 0x7F);  // 7 = Sunday
    s.dom_restricted_ = s.days_ != 0xFFFFFFFEu;
    s.dow_restricted_ = s.weekdays_ != 0x7Fu;
    check_frequency(s.minutes_, s.hours_, pos(fields[0].offset));
    if (s.dom_restricted_ && !s.dow_restricted_) check_day_occurs(s, fields[2]);
    s.text_ = "cron";
    for (const Token& f : fields) s.text_ += fmt::format(" {}", f.text);
  }

  // With only the day of month restricted, some allowed day must exist in an allowed month
  // (February counts 29 days), or next_after would search forever.
  static void check_day_occurs(const Schedule& s, const Token& field) {
    for (int m = 1; m <= 12; ++m)
      if (s.months_ >> m & 1)
        for (int d = 1; d <= kDaysInMonth[m]; ++d)
          if (s.days_ >> d & 1) return;
    throw ScheduleError(static_cast<int>(field.offset + 1),
                        fmt::format("day {} never occurs in {}", field.text,
                                    month_list(s.months_)));
  }

  std::string_view text_;
};

Schedule Schedule::parse(std::string_view text, std::string_view timezone) {
  return ScheduleParser(text).parse(timezone);
}

std::string Schedule::text() const { return text_; }

std::string Schedule::describe() const {
  const std::string zone = zone_suffix(timezone_);
  if (!cron_) {
    const UnitInfo& u = kUnits[static_cast<int>(unit_)];
    const std::string every =
        count_ == 1 ? fmt::format("every {}", u.singular)
                    : fmt::format("every {} {}s", count_, u.singular);
    switch (unit_) {
      case Unit::Minute:
      case Unit::Hour: return every;
      case Unit::Day: return every + " at the time of day it was created" + zone;
      case Unit::Week: return every + " on the weekday and at the time it was created" + zone;
      case Unit::Month: return every + " on the day and at the time it was created" + zone;
    }
  }
  const int minute = single_bit(minutes_), hour = single_bit(hours_);
  const bool every_month = months_ == 0x1FFEu;
  const bool every_hour = hours_ == 0xFFFFFFu;
  if (every_month && every_hour && !dom_restricted_ && !dow_restricted_) {
    if (minute >= 0) return fmt::format("every hour at :{:02}{}", minute, zone);
    for (int step = 10; step <= 30; ++step) {
      std::uint64_t even = 0;
      for (int v = 0; v < 60; v += step) even |= std::uint64_t{1} << v;
      if (60 % step == 0 && minutes_ == even)
        return fmt::format("every {} minutes{}", step, zone);
    }
  }
  if (every_month && minute >= 0 && hour >= 0) {
    const std::string at = fmt::format("at {:02}:{:02}", hour, minute);
    if (!dom_restricted_ && !dow_restricted_) return fmt::format("{} every day{}", at, zone);
    if (!dom_restricted_) return fmt::format("{} on {}{}", at, weekday_list(weekdays_), zone);
  }
  return text_ + zone;
}

bool Schedule::day_matches(unsigned month, unsigned day, unsigned weekday) const {
  if (!(months_ >> month & 1)) return false;
  const bool dom = days_ >> day & 1, dow = weekdays_ >> weekday & 1;
  // An unrestricted field allows every value, so `and` leaves the other one in charge.
  return dom_restricted_ && dow_restricted_ ? dom || dow : dom && dow;
}

TimePoint Schedule::next_after(TimePoint anchor, TimePoint after) const {
  return cron_ ? next_cron(after) : next_interval(anchor, after);
}

TimePoint Schedule::next_interval(TimePoint anchor, TimePoint after) const {
  if (unit_ == Unit::Minute || unit_ == Unit::Hour) {
    const seconds step = count_ * (unit_ == Unit::Minute ? seconds(minutes(1)) : hours(1));
    if (after < anchor) return anchor + step;
    return anchor + ((after - anchor) / step + 1) * step;
  }
  // Days, weeks and months: calendar steps on the anchor's local date, same local time.
  const Zone zone = find_zone(timezone_);
  const date::local_seconds local = zone.to_local(anchor);
  const date::local_days day = date::floor<date::days>(local);
  const seconds time_of_day = local - day;
  const date::year_month_day ymd{day};
  auto due = [&](long k) -> TimePoint {
    date::local_days d;
    if (unit_ == Unit::Month) {
      const date::year_month ym = ymd.year() / ymd.month() + date::months(k * count_);
      d = date::local_days{ym / std::min(ymd.day(), (ym / date::last).day())};
    } else {
      d = day + date::days(k * count_ * (unit_ == Unit::Week ? 7 : 1));
    }
    return zone.to_sys(d + time_of_day);
  };
  long k = 1;
  if (after > anchor) {
    if (unit_ == Unit::Month) {
      const date::year_month_day a{date::floor<date::days>(zone.to_local(after))};
      const long months = (int(a.year()) - int(ymd.year())) * 12L +
                          (long(unsigned(a.month())) - long(unsigned(ymd.month())));
      k = std::max(1L, months / count_);
    } else {
      const seconds period = hours(24) * count_ * (unit_ == Unit::Week ? 7 : 1);
      k = std::max<long>(1, (after - anchor) / period);
    }
  }
  // The estimate is off by at most a step or two (DST shifts, month lengths).
  while (k > 1 && due(k - 1) > after) --k;
  while (due(k) <= after) ++k;
  return due(k);
}

TimePoint Schedule::next_cron(TimePoint after) const {
  const Zone zone = find_zone(timezone_);
  // No local minute before `after`'s own can map past `after` (the mapping is monotonic).
  date::local_seconds t = date::floor<minutes>(zone.to_local(after)) + minutes(1);
  // Each pass either returns or skips at least a minute, usually a whole month, day or
  // hour; parse() refused dates that never occur, so this bound is never reached.
  for (int pass = 0; pass < 1'000'000; ++pass) {
    const date::local_days day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const unsigned month = unsigned(ymd.month());
    if (!(months_ >> month & 1)) {
      t = date::local_days{(ymd.year() / ymd.month() + date::months(1)) / 1};
      continue;
    }
    const unsigned weekday = date::weekday{day}.c_encoding();
    if (!day_matches(month, unsigned(ymd.day()), weekday)) {
      t = day + date::days(1);
      continue;
    }
    const auto hour = static_cast<int>(date::floor<hours>(t - day).count());
    if (!(hours_ >> hour & 1)) {
      t = day + hours(hour + 1);
      continue;
    }
    const auto minute = static_cast<int>(date::floor<minutes>(t - day - hours(hour)).count());
    const std::uint64_t later = minutes_ >> minute << minute;
    if (later == 0) {
      t = day + hours(hour + 1);
      continue;
    }
    t = day + hours(hour) + minutes(std::countr_zero(later));
    const TimePoint due = zone.to_sys(t);
    if (due > after) return due;
    t += minutes(1);
  }
  throw std::logic_error("cron schedule '" + text_ + "' found no due time");
}

std::string format_time(TimePoint t) { return date::format("%FT%TZ", t); }

TimePoint parse_time(std::string_view text) {
  auto malformed = [&] {
    return std::invalid_argument(fmt::format(
        "malformed time '{}': expected YYYY-MM-DDTHH:MM:SSZ (UTC)", text.substr(0, 40)));
  };
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != shape.size()) throw malformed();
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] == 'd' ? !is_digit(text[i]) : text[i] != shape[i]) throw malformed();
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const date::year_month_day ymd{date::year{num(0, 4)}, date::month{unsigned(num(5, 2))},
                                 date::day{unsigned(num(8, 2))}};
  const int h = num(11, 2), m = num(14, 2), s = num(17, 2);
  if (!ymd.ok() || h > 23 || m > 59 || s > 59) throw malformed();
  return date::sys_days{ymd} + hours(h) + minutes(m) + seconds(s);
}

std::string format_local(TimePoint t, std::string_view timezone, bool with_seconds) {
  const std::string name = normalize_zone(timezone);
  const Zone zone = find_zone(name);
  const char* time = with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M";
  if (zone.tz == nullptr) return date::format(std::string(time) + " UTC", t);
  return date::format(std::string(time) + " %Z", date::zoned_time<seconds>{zone.tz, t});
}

}  // namespace backlog::jobs
