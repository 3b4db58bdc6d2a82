// parse_json(): RapidJSON parse with an ApiError on malformed input (see json.h).
#include "api/json.h"

#include <fmt/format.h>
#include <rapidjson/error/en.h>

namespace backlog::api {

rapidjson::Document parse_json(const Response& response, std::string_view what) {
  rapidjson::Document doc;
  doc.Parse(response.body.data(), response.body.size());
  if (doc.HasParseError()) {
    throw ApiError(redact(fmt::format("{}: malformed JSON from Backlog at offset {} ({})", what,
                                      doc.GetErrorOffset(), rapidjson::GetParseError_En(doc.GetParseError()))),
                   response.status, 0);
  }
  return doc;
}

}  // namespace backlog::api
