// The API's two paging styles, decided once:
// - offset/count: `offset` >= 0 (default 0), `count` 1..100 (default 20);
// - minId/maxId/count/order: ids strictly greater than minId and strictly less than maxId
//   (both exclusive, so a client can pass the last id it saw), `count` 1..100 (default 20),
//   `order` asc|desc (default desc), the newest first.
// Out-of-range values are 400 / code 7 naming the parameter.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "params.h"

namespace backlog::emulator {

struct OffsetPage { int64_t offset; int64_t count; };
OffsetPage offset_page(const Params& p, int64_t default_count = 20);

struct IdPage { std::optional<int64_t> min_id, max_id; int64_t count; bool ascending; };
IdPage id_page(const Params& p, bool default_ascending = false);

// Applies an IdPage to items sorted by ascending id; `id_of(item)` gives the id.
template <typename T, typename IdOf>
std::vector<T> select_page(const std::vector<T>& ascending, const IdPage& page, IdOf id_of) {
  auto lo = ascending.begin(), hi = ascending.end();
  if (page.min_id) lo = std::upper_bound(lo, hi, *page.min_id, [&](int64_t v, const T& x) { return v < id_of(x); });
  if (page.max_id) hi = std::lower_bound(lo, hi, *page.max_id, [&](const T& x, int64_t v) { return id_of(x) < v; });
  std::vector<T> out;
  const auto n = std::min<int64_t>(page.count, hi - lo);
  if (page.ascending) out.assign(lo, lo + n);
  else out.assign(std::make_reverse_iterator(hi), std::make_reverse_iterator(hi) + n);
  return out;
}

// Applies an OffsetPage to an already ordered vector.
template <typename T>
std::vector<T> slice(const std::vector<T>& v, const OffsetPage& p) {
  if (p.offset >= static_cast<int64_t>(v.size())) return {};
  const auto end = std::min<int64_t>(static_cast<int64_t>(v.size()), p.offset + p.count);
  return std::vector<T>(v.begin() + p.offset, v.begin() + end);
}

}  // namespace backlog::emulator
