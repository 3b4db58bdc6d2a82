// `.explain SQL`: the API requests a query would start with, from the same planner and
// the same virtual tables, without sending them.
//
// How: the query is prepared and stepped on a scratch SQLite connection whose tables use a
// dry-run api::Client (ClientOptions::dry_run): each call is recorded and fails instead of
// going out, so the scan stops at its first requests. The live connection, its client
// and its counters are not touched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/client.h"

namespace backlog::shell {

struct ExplainResult {
  std::vector<std::string> requests;  // "GET /api/v2/issues?projectId%5B%5D=1&count=100"
  std::string error;                  // the query itself is wrong (syntax, unknown table…)
};

// `live` (may be null) gives the base URL and parallelism the dry-run client copies.
ExplainResult explain_requests(const api::Client* live, std::string_view sql);

}  // namespace backlog::shell
