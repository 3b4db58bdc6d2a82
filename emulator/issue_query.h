// GET /issues and /issues/count: every documented filter, sort key and order.
//
// Decisions where the reference is silent (documented in README.md):
// - keyword matches summary, description and the issue key, case-insensitively (ASCII);
// - date filters are whole UTC days, both ends inclusive;
// - categoryId[]/versionId[]/milestoneId[]/resolutionId[]/assigneeId[] accept -1 for "none";
// - attachment/sharedFile=true keep issues that have one; false does not filter;
// - sorting puts nulls first in asc (last in desc); ties go by id in the same direction;
//   the default is sort=created, order=desc.
#pragma once

#include <vector>

#include "model.h"
#include "params.h"

namespace backlog::emulator {

// Matching issues in result order (not yet paged). Throws ApiError 400 on bad parameters.
std::vector<const Issue*> find_issues(const Dataset& d, const Params& p, bool sorted);

}  // namespace backlog::emulator
