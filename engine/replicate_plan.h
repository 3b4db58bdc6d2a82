// What a REPLICATE statement will do, decided before any row moves: the source SELECT,
// the target, its key, the incremental cursor, and which incremental strategy applies.
//
//   REPLICATE Issues;                          → SELECT * FROM "Issues", key Id, cursor Updated
//   REPLICATE PROD_Issues SELECT * FROM Issues → same source, target PROD_Issues
//   REPLICATE C SELECT * FROM IssueComments    → child of Issues: refresh changed issues' comments
#pragma once

#include <string>
#include <vector>

#include "engine/options.h"
#include "engine/resource_info.h"
#include "grammar/statement.h"
#include "sinks/sink.h"

struct sqlite3;

namespace backlog::engine {

// How later runs find what changed (DESIGN.md "REPLICATE semantics").
enum class ReplicateKind {
  Reload,       // no key: every run empties the target and copies everything
  Cursor,       // a cursor column (Updated): rows changed since the checkpoint's day
  Child,        // rows under a parent (IssueComments under Issues): children of changed parents
  FullRefresh,  // small tables: re-read all, upsert, delete keys not seen
  Compare,      // no pushable cursor but an Updated column (WikiPages): list keys + Updated,
                // fetch whole rows only where Updated differs, delete keys not listed
};
const char* kind_name(ReplicateKind kind);

struct ReplicatePlan {
  sinks::TableName target;
  std::vector<sinks::ColumnSpec> columns;  // explicit column list (fixes the shape), or empty
  std::string select;                      // the user's SELECT or SELECT * FROM "source"
  bool user_filtered = false;              // the SELECT has a top-level WHERE
  std::string source_table;                // the single FROM table, "" if unknown
  std::vector<std::string> keys;           // target primary key
  std::string cursor;                      // cursor column of the SELECT's output, or ""
  std::string updated;                     // Compare kind: the "Updated" output column
  // The "Created" output column: a value that never changes, by which a chunked first
  // load reads newest first and resumes (a row's Updated moves while the load runs).
  std::string created;
  ReplicateKind kind = ReplicateKind::Reload;

  // Child kind: the parent's table, id column, cursor column; our column holding the id.
  std::string parent_table, parent_id, parent_cursor, parent_key;
  std::string parent_created;              // the parent's "Created" column, if it has one

  // Deletions announced in SpaceUpdates (empty types: not tracked).
  std::vector<int> deleted_types;          // of this resource (key = keys[0])
  std::string deleted_key_json;
  std::vector<int> parent_deleted_types;   // of the parent (cascade on parent_key)
  std::string parent_deleted_key_json;

  ReplicateOptions options;
  std::string hash;                        // select + shape: a change forces a full reload

  bool windowed() const { return options.interval > 0 && kind == ReplicateKind::Cursor; }
  bool tracks_deletions() const { return !deleted_types.empty() || !parent_deleted_types.empty(); }
};

// Resolves a REPLICATE statement against the source connection (prepares the SELECT, no
// rows are read). Throws EngineError (e.g. a KeyColumns column not in the SELECT).
ReplicatePlan make_replicate_plan(const grammar::Statement& st, const ReplicateOptions& options,
                                  sqlite3* source, const ResourceLookup& resources);

// The activity table deletions are read from, and its columns.
inline constexpr const char* kActivityTable = "SpaceUpdates";

}  // namespace backlog::engine
