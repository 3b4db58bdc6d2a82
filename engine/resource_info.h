// What the engine needs to know about a source table to replicate it incrementally:
// its key, its cursor column, its parent, and how its deletions are announced.
// Filled from the vtab catalog (vtab/resource.h) when the engine is built with it; tests
// may supply their own lookup so plain SQLite tables behave like Backlog resources.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backlog::engine {

struct ResourceInfo {
  std::string table;                       // Issues
  std::vector<std::string> key;            // {"Id"}
  std::string cursor;                      // "Updated", or "" (no incremental cursor)
  std::string parent_table, parent_key;    // IssueComments: "Issues", "IssueId"
  std::vector<int> deleted_activity_types; // SpaceUpdates.Type values announcing a deletion
  std::string deleted_key_json;            // JSON path in the activity Content: "id"
};

using ResourceLookup = std::function<std::optional<ResourceInfo>(std::string_view table)>;

// The catalog's resources (case-insensitive); always nullopt when built without vtab/.
ResourceLookup catalog_resources();

}  // namespace backlog::engine
