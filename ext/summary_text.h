// One line per REPLICATE / CHECKCACHE run, as backlog_replicate() returns them.
#pragma once

#include <string>

#include "engine/session.h"

namespace backlog::ext {

// "Issues → sqlite:/d/out.db (full load): 300 rows read, 300 inserted, 0 updated,
// 0 deleted; 4 API calls, 0.21 s" — the shell prints the same line on stderr.
std::string summary_text(const engine::StatementSummary& s);

}  // namespace backlog::ext
