// Paging parameter parsing (see paging.h).
#include "paging.h"

namespace backlog::emulator {

OffsetPage offset_page(const Params& p, int64_t default_count) {
  return {p.int_in_range("offset", 0, 0, INT32_MAX), p.int_in_range("count", default_count, 1, 100)};
}

IdPage id_page(const Params& p, bool default_ascending) {
  return {p.get_int("minId"), p.get_int("maxId"), p.int_in_range("count", 20, 1, 100), p.ascending(default_ascending)};
}

}  // namespace backlog::emulator
