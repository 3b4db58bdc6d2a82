// The summary line of a REPLICATE / CHECKCACHE (see summary_text.h).
#include "ext/summary_text.h"

#include <fmt/format.h>

namespace backlog::ext {

std::string summary_text(const engine::StatementSummary& s) {
  if (s.kind == grammar::Statement::Kind::CheckCache)
    return fmt::format("{} ({}): {} missing, {} stale, {} extra{}; {} API calls, {:.2f} s", s.target,
                       s.destination, s.missing, s.stale, s.extra,
                       s.inserted + s.updated + s.deleted
                           ? fmt::format(" — repaired {} inserted, {} updated, {} deleted", s.inserted,
                                         s.updated, s.deleted)
                           : "",
                       s.api_calls, s.seconds);
  return fmt::format("{} → {} ({}): {} rows read, {} inserted, {} updated, {} deleted; {} API calls, {:.2f} s",
                     s.target, s.destination, s.mode, s.rows_read, s.inserted, s.updated, s.deleted,
                     s.api_calls, s.seconds);
}

}  // namespace backlog::ext
