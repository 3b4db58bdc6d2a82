// CHECKCACHE: compare a replica with a full read of its source, by key, and optionally
// repair it.
//
//   CHECKCACHE Issues;                              -- counts only
//   CHECKCACHE PROD_Issues AGAINST Issues WITH REPAIR;
//   CHECKCACHE Issues WITH REPAIR SKIP DELETED START '2024-01-01' END '2024-07-01';
//
// missing: in the source, not in the target; stale: in both with different values;
// extra: in the target, not in the source. REPAIR upserts missing and stale rows and
// deletes extra ones, in one transaction. SKIP MODIFIED / SKIP DELETED leave stale / extra
// rows unchecked. START/END restrict both sides to cursor >= START and < END.
#pragma once

#include <cstdint>

#include "engine/replicate.h"
#include "engine/resource_info.h"
#include "grammar/statement.h"

namespace backlog::engine {

struct CheckCacheCounts {
  int64_t rows_read = 0;
  int64_t missing = 0;
  int64_t stale = 0;
  int64_t extra = 0;
  bool repaired = false;
};

// Throws EngineError / sinks::SinkError (the transaction is rolled back first).
CheckCacheCounts run_checkcache(const grammar::Statement& st, RunContext& ctx,
                                const ResourceLookup& resources);

}  // namespace backlog::engine
