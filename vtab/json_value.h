// Reading a column's value out of a Backlog JSON object and handing it to SQLite.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "vtab/resource.h"

namespace backlog::vtab {

// Follows dotted path segments from `v`; nullptr when a segment is missing or v is not an
// object (Backlog omits fields on older accounts: a missing field is NULL, not an error).
const rapidjson::Value* find_path(const rapidjson::Value* v, const std::vector<std::string>& path);

// Sets the SQLite result for a JSON value of the given column type (see Type in resource.h).
void result_json(sqlite3_context* ctx, const rapidjson::Value* v, Type type);

// Compact JSON text of a value.
std::string to_json_text(const rapidjson::Value& v);
// The same, appended to `out` (one buffer for many values: no allocation per value).
void append_json_text(const rapidjson::Value& v, rapidjson::StringBuffer& out);

// find_path() for the same path over many objects of one shape (the rows of a page):
// Backlog sends members in the same order every time, so the position where a segment was
// found last is tried first and the search by name is the exception.
class PathFinder {
 public:
  explicit PathFinder(const std::vector<std::string>* path = nullptr) : path_(path) {}
  const rapidjson::Value* find(const rapidjson::Value* v);

 private:
  static constexpr size_t kDepth = 4;   // hints for the first segments (paths are short)
  const std::vector<std::string>* path_;
  uint32_t hint_[kDepth] = {~0u, ~0u, ~0u, ~0u};
};

// The value as text for a URL path or form field: strings as-is, numbers in decimal.
std::string to_plain_text(const rapidjson::Value& v);

}  // namespace backlog::vtab
