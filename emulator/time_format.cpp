// Calendar arithmetic for timestamps (Howard Hinnant's civil-date algorithms).
#include "time_format.h"

#include <algorithm>
#include <chrono>

namespace backlog::emulator {

int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {
struct Civil { int y; unsigned m, d; };
Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Fixed-width digits by hand: these run for every timestamp of every listed entity, and
// snprintf was a fifth of the emulator's time serving issue pages.
char* put_digits(char* p, unsigned v, int width) {
  for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
  return p + width;
}

// "YYYY-MM-DD" into p (years 0–9999, the range ISO-8601 spells in four digits).
char* put_ymd(char* p, int32_t day) {
  const Civil c = civil_from_days(day);
  p = put_digits(p, static_cast<unsigned>(std::clamp(c.y, 0, 9999)), 4);
  *p++ = '-';
  p = put_digits(p, c.m, 2);
  *p++ = '-';
  return put_digits(p, c.d, 2);
}

}  // namespace

std::string format_timestamp(Epoch t) {
  const int64_t days = floor_div(t, 86400);
  const auto secs = static_cast<unsigned>(t - days * 86400);
  char buf[20];
  char* p = put_ymd(buf, static_cast<int32_t>(days));
  *p++ = 'T';
  p = put_digits(p, secs / 3600, 2);
  *p++ = ':';
  p = put_digits(p, secs / 60 % 60, 2);
  *p++ = ':';
  p = put_digits(p, secs % 60, 2);
  *p++ = 'Z';
  return std::string(buf, p);
}

std::string format_date_field(int32_t day) { return format_ymd(day) + "T00:00:00Z"; }

std::string format_ymd(int32_t day) {
  char buf[10];
  return std::string(buf, put_ymd(buf, day));
}

std::optional<int32_t> parse_ymd(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i)
    for (size_t k = 0; k < lens[i]; ++k) {
      const char ch = s[starts[i] + k];
      if (ch < '0' || ch > '9') return std::nullopt;
      v[i] = v[i] * 10 + (ch - '0');
    }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return std::nullopt;
  return static_cast<int32_t>(days_from_civil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2])));
}

Epoch now_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace backlog::emulator
