#include "sinks/iso_time.h"

#include <cctype>
#include <chrono>

namespace backlog::sinks {

namespace {

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

// <chrono>'s civil calendar: proleptic Gregorian, valid far beyond four-digit years.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{static_cast<int>(y)} / month{m} / day{d}}.time_since_epoch().count();
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{z}}};
  y = static_cast<int>(ymd.year());
  m = static_cast<unsigned>(ymd.month());
  d = static_cast<unsigned>(ymd.day());
}

std::optional<IsoTime> parse_iso_time(std::string_view s) {
  IsoTime t;
  int h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, t.year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, t.month) || s[7] != '-' ||
      !digits(s, 8, 2, t.day) ||
      !std::chrono::year_month_day{std::chrono::year{t.year}, std::chrono::month{static_cast<unsigned>(t.month)},
                                   std::chrono::day{static_cast<unsigned>(t.day)}}.ok())
    return std::nullopt;
  size_t i = 10;
  int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != ' ') return std::nullopt;
    if (!digits(s, i + 1, 2, h) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, mi))
      return std::nullopt;
    t.has_time = true;
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, sec)) return std::nullopt;
      i += 3;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      int scale = 100000;
      for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, scale /= 10) {
        t.micros += (s[i] - '0') * scale;
        ++t.fraction_digits;
      }
    }
    if (i < s.size() && s[i] == 'Z') {
      ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      int oh, om;
      size_t mpos = i + 3 < s.size() && s[i + 3] == ':' ? i + 4 : i + 3;
      if (!digits(s, i + 1, 2, oh) || !digits(s, mpos, 2, om)) return std::nullopt;
      offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      i = mpos + 2;
    }
    if (i != s.size() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  t.seconds = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) * 86400 +
              h * 3600 + mi * 60 + sec - offset;
  return t;
}

}  // namespace backlog::sinks
