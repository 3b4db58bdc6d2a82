// The query plan of one scan of a Backlog virtual table: which SQL constraints became
// which API parameters. xBestIndex builds it; it travels to xFilter as idxStr text.
//
// Encoding (idxStr): one term per argv slot, in argv order, separated by ','. A term is an
// operation letter followed by the column index (no index for L and O):
//   p<c>  path placeholder {c} = value             (equality; an IN not taken whole as P
//                                                   runs xFilter once per value)
//   P<c>  path placeholder, every value of an IN   (sqlite3_vtab_in: one scan fanning out
//                                                   over the list, like a parent fan-out)
//   g<c>  get_path's placeholder filled by column c (single-object endpoint, one request)
//   e<c>  scalar parameter = value                 (Filter::Scalar, exact)
//   a<c>  array parameter name[]=value             (Filter::Array, one value)
//   A<c>  array parameter, every value of an IN    (sqlite3_vtab_in: the whole list at once)
//   b<c>  boolean parameter = true|false           (Filter::Boolean, exact)
//   d<c>  date range: since = until = day of value (`=` on a Range column)
//   s<c>  since = day of value                     (`>`/`>=`; SQLite re-checks the bound)
//   u<c>  until = day of value                     (`<`/`<=`; SQLite re-checks the bound)
//   m<c>  minId from `>` value, M<c> from `>=`     (IdRange; SQLite re-checks)
//   x<c>  maxId from `<` value, X<c> from `<=`
//   L     LIMIT value → count (and stop after that many rows)
//   O     OFFSET value → offset
// A trailing `c<n>` (not an argv slot) carries colUsed: the columns the query reads, so
// the parsing thread prepares only those.
// idxNum bits: 1 = ORDER BY pushed (sort column in `sort_column`, encoded as a trailing
// term `o<c>`), 2 = descending.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "vtab/compiled_resource.h"

namespace backlog::vtab {

struct PlanTerm {
  char op;         // see the encoding above
  int column;      // -1 for L/O
};

struct Plan {
  std::vector<PlanTerm> terms;  // one per argv slot, in order
  int sort_column = -1;         // ORDER BY pushed into sort=
  bool descending = false;
  uint64_t columns_used = ~0ULL;  // sqlite3_index_info.colUsed (bit 63: column 63 and up)

  std::string encode() const;
  static Plan decode(const char* idx_str, int idx_num);
  bool uses_get() const;
};

// The body of xBestIndex: fills info's argv indexes, omit flags, costs and the plan.
int best_index(const CompiledResource& r, sqlite3_index_info* info);

}  // namespace backlog::vtab
