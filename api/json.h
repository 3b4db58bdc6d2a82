// Parsing Backlog's JSON answers. A malformed body is reported as an ApiError that says
// where the text broke, so a truncated or proxied page is not mistaken for "no rows".
//
//   rapidjson::Document doc = api::parse_json(client.get("/api/v2/issues"), "GET /api/v2/issues");
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "api/client.h"

namespace backlog::api {

// Throws ApiError("<what>: malformed JSON from Backlog at offset N (reason)").
rapidjson::Document parse_json(const Response& response, std::string_view what);

}  // namespace backlog::api
