// Builds the deterministic dataset: the same options (seed and size knobs) always give the
// same ids, texts, dates and history.
#pragma once

#include "model.h"
#include "options.h"

namespace backlog::emulator {

// Generated timestamps lie in [kHistoryStart, kHistoryEnd]; writes made through the API
// use the real clock, which is later.
inline constexpr Epoch kHistoryStart = 1546300800;   // 2019-01-01T00:00:00Z
inline constexpr Epoch kHistoryEnd = 1761868800;     // 2025-10-31T00:00:00Z

Dataset generate_dataset(const Options& o);

// Recomputes custom_field_by_id (call after the projects vector stops changing).
void index_custom_fields(Dataset& d);

}  // namespace backlog::emulator
