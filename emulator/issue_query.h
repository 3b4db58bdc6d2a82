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

// Every issue the filters of `p` match, in id order (GET /issues/count).
// Both throw ApiError 400 on bad parameters.
std::vector<const Issue*> find_issues(const Dataset& d, const Params& p);
// The page of them that sort, order, offset and count ask for (GET /issues).
std::vector<const Issue*> find_issue_page(const Dataset& d, const Params& p);

}  // namespace backlog::emulator
