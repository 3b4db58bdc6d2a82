// Cursor date arithmetic for incremental runs and windowed first loads (see cursor_dates.h).
#include "engine/cursor_dates.h"

#include <cctype>

#include <fmt/format.h>

namespace backlog::engine {

using namespace std::chrono;

namespace {
// Reads exactly `n` digits at text[pos]; -1 if they are not digits.
int digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}
}  // namespace

std::optional<TimePoint> parse_cursor_time(std::string_view text) {
  int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || text[4] != '-' || text[7] != '-') return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  TimePoint t = sys_days{ymd};
  if (text.size() == 10) return t;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  int h = digits(text, 11, 2), mi = digits(text, 14, 2);
  if (h < 0 || mi < 0 || text[13] != ':' || h > 23 || mi > 59) return std::nullopt;
  int s = 0;
  size_t rest = 16;
  if (text.size() > 16 && text[16] == ':') {
    s = digits(text, 17, 2);
    if (s < 0 || s > 60) return std::nullopt;
    rest = 19;
  }
  std::string_view tail = text.substr(rest);
  if (!tail.empty() && tail != "Z") return std::nullopt;
  return t + hours{h} + minutes{mi} + seconds{s};
}

std::string format_date(TimePoint t) {
  year_month_day ymd{floor<days>(t)};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string format_timestamp(TimePoint t) {
  auto day_start = floor<days>(t);
  hh_mm_ss hms{t - day_start};
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(t), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

TimePoint now_utc() { return floor<seconds>(system_clock::now()); }

TimePoint add_interval(TimePoint t, int n, IntervalUnit unit) {
  switch (unit) {
    case IntervalUnit::Minutes: return t + minutes{n};
    case IntervalUnit::Hours: return t + hours{n};
    case IntervalUnit::Days: return t + days{n};
    case IntervalUnit::Weeks: return t + weeks{n};
    case IntervalUnit::Months:
    case IntervalUnit::Years: {
      auto day_start = floor<days>(t);
      year_month_day ymd{day_start};
      ymd = unit == IntervalUnit::Months ? ymd + months{n} : ymd + years{n};
      if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;  // Jan 31 + 1 month → Feb 28/29
      return sys_days{ymd} + (t - day_start);
    }
  }
  return t;
}

std::string window_bound(TimePoint t, IntervalUnit unit) {
  return unit == IntervalUnit::Minutes || unit == IntervalUnit::Hours ? format_timestamp(t)
                                                                      : format_date(t);
}

std::string since_value(std::string_view last_cursor) {
  if (auto t = parse_cursor_time(last_cursor.substr(0, 10)); t && last_cursor.size() >= 10)
    return format_date(*t);
  return std::string(last_cursor);
}

}  // namespace backlog::engine
