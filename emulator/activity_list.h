// The three activity lists (space, project, user) share filtering and paging:
// activityTypeId[], minId/maxId (exclusive), count (1..100), order (default desc).
#pragma once

#include "router.h"

namespace backlog::emulator {

// project_id / user_id 0 = no restriction.
Reply activity_list(Call& c, int project_id, int user_id);

}  // namespace backlog::emulator
