// Parameter parsing and validation for params.h.
#include "params.h"

#include <charconv>
#include <cstdlib>

#include "api_error.h"
#include "time_format.h"

namespace backlog::emulator {

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Params Params::parse(std::string_view text) {
  Params p;
  size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view pair = text.substr(pos, amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      p.items_.emplace_back(percent_decode(name), percent_decode(value));
    }
    pos = amp + 1;
    if (amp == text.size()) break;
  }
  return p;
}

bool Params::has(std::string_view name) const {
  for (const auto& [n, v] : items_)
    if (n == name) return true;
  return false;
}

std::optional<std::string> Params::get(std::string_view name) const {
  for (const auto& [n, v] : items_)
    if (n == name) return v;
  return std::nullopt;
}

std::vector<std::string> Params::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : items_)
    if (n == name) out.push_back(v);
  return out;
}

static int64_t to_int(std::string_view name, const std::string& v) {
  int64_t out = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size())
    throw bad_parameter("The parameter '" + std::string(name) + "' must be a number: '" + v + "'.");
  return out;
}

std::optional<int64_t> Params::get_int(std::string_view name) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  return to_int(name, *v);
}

std::vector<int64_t> Params::all_ints(std::string_view name) const {
  std::vector<int64_t> out;
  for (const auto& v : all(name)) out.push_back(to_int(name, v));
  return out;
}

std::optional<bool> Params::get_bool(std::string_view name) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw bad_parameter("The parameter '" + std::string(name) + "' must be true or false.");
}

std::optional<double> Params::get_double(std::string_view name) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0') throw bad_parameter("The parameter '" + std::string(name) + "' must be a number.");
  return d;
}

std::optional<int32_t> Params::get_date(std::string_view name) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  auto day = parse_ymd(*v);
  if (!day) throw bad_parameter("The parameter '" + std::string(name) + "' must be a date (yyyy-MM-dd): '" + *v + "'.");
  return day;
}

int64_t Params::int_in_range(std::string_view name, int64_t dflt, int64_t lo, int64_t hi) const {
  auto v = get_int(name);
  if (!v) return dflt;
  if (*v < lo || *v > hi)
    throw bad_parameter("The parameter '" + std::string(name) + "' must be between " + std::to_string(lo) +
                        " and " + std::to_string(hi) + ".");
  return *v;
}

bool Params::ascending(bool dflt_ascending) const {
  auto v = get("order");
  if (!v) return dflt_ascending;
  if (*v == "asc") return true;
  if (*v == "desc") return false;
  throw bad_parameter("The parameter 'order' must be 'asc' or 'desc'.");
}

static void append_log_encoded(std::string& out, const std::string& s) {
  for (char c : s) {
    switch (c) {
      case ' ': out += "%20"; break;
      case '%': out += "%25"; break;
      case '&': out += "%26"; break;
      case '#': out += "%23"; break;
      case '+': out += "%2B"; break;
      default: out.push_back(c);
    }
  }
}

std::string log_target(std::string_view path, const Params& query) {
  std::string out;
  append_log_encoded(out, std::string(path));
  bool first = true;
  for (const auto& [n, v] : query.items()) {
    if (n == "apiKey") continue;
    out.push_back(first ? '?' : '&');
    first = false;
    append_log_encoded(out, n);
    out.push_back('=');
    append_log_encoded(out, v);
  }
  return out;
}

}  // namespace backlog::emulator
