// Request parameters in the order received (query string or form body), percent-decoded,
// with typed accessors that raise Backlog's 400/code 7 naming the bad parameter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace backlog::emulator {

class Params {
 public:
  // Parses "a=1&b[]=2&b[]=3" ('+' is a space, %XX decoded).
  static Params parse(std::string_view text);

  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  bool has(std::string_view name) const;
  std::optional<std::string> get(std::string_view name) const;          // first value
  std::vector<std::string> all(std::string_view name) const;            // every value

  // Typed accessors; a present but malformed value is a 400 naming the parameter.
  std::optional<int64_t> get_int(std::string_view name) const;
  std::vector<int64_t> all_ints(std::string_view name) const;
  std::optional<bool> get_bool(std::string_view name) const;           // "true"/"false"
  std::optional<double> get_double(std::string_view name) const;
  std::optional<int32_t> get_date(std::string_view name) const;         // yyyy-MM-dd → days
  int64_t int_in_range(std::string_view name, int64_t dflt, int64_t lo, int64_t hi) const;
  // "asc"/"desc"; anything else is a 400.
  bool ascending(bool dflt_ascending) const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

std::string percent_decode(std::string_view s);
// The request log's TARGET: path, then "?name=value&…" (decoded, apiKey dropped) with only
// space % & # + re-encoded so the line stays one parseable token.
std::string log_target(std::string_view path, const Params& query);

}  // namespace backlog::emulator
