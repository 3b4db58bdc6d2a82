// Turning a REPLICATE statement into a ReplicatePlan (see replicate_plan.h).
#include "engine/replicate_plan.h"

#include <fmt/format.h>

#include "engine/engine_error.h"
#include "engine/select_text.h"
#include "engine/source_rows.h"
#include "sinks/sql_identifier.h"

namespace backlog::engine {

const char* kind_name(ReplicateKind kind) {
  switch (kind) {
    case ReplicateKind::Reload: return "reload";
    case ReplicateKind::Cursor: return "cursor";
    case ReplicateKind::Child: return "child";
    case ReplicateKind::FullRefresh: return "full-refresh";
    case ReplicateKind::Compare: return "compare";
  }
  return "?";
}

namespace {

// The output column spelled like `name` (case-insensitive), or "" if absent.
std::string output_column(const std::vector<std::string>& outputs, const std::string& name) {
  for (const auto& o : outputs)
    if (same_name(o, name)) return o;
  return "";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

ReplicatePlan make_replicate_plan(const grammar::Statement& st, const ReplicateOptions& options,
                                  sqlite3* source, const ResourceLookup& resources) {
  ReplicatePlan plan;
  plan.options = options;
  plan.target = {st.schema, st.target};
  for (const auto& c : st.columns) plan.columns.push_back({c.name, c.type});

  if (!st.select.empty()) {
    plan.select = st.select;
    plan.user_filtered = has_top_level_where(st.select);
  } else {
    plan.source_table = st.source_table.empty() ? st.target : st.source_table;
    plan.select = "SELECT * FROM " + sinks::quote_identifier(plan.source_table);
  }

  std::vector<std::string> outputs;
  if (st.select.empty()) {
    outputs = result_columns(source, plan.select);
  } else {
    // Prepared, not stepped: the origin table comes from SQLite's column metadata when
    // every column is a direct reference, else from the FROM clause's text.
    SourceRows probe(source, "SELECT * FROM (" + plan.select + ") LIMIT 0");
    for (const auto& c : probe.columns()) outputs.push_back(c.name);
    plan.source_table = probe.origin_table();
    if (plan.source_table.empty()) plan.source_table = from_clause_table(plan.select);
  }

  std::optional<ResourceInfo> resource;
  if (!plan.source_table.empty()) resource = resources(plan.source_table);

  // Key: column list's PRIMARY KEY, KeyColumns=, or the resource's key.
  std::vector<std::string> keys = st.primary_key;
  bool explicit_keys = !keys.empty() || !options.key_columns.empty();
  if (keys.empty()) keys = options.key_columns;
  if (keys.empty() && resource) keys = resource->key;
  for (const auto& k : keys) {
    std::string col = output_column(outputs, k);
    if (col.empty()) {
      if (explicit_keys)
        throw EngineError(fmt::format("key column {} is not a column of the SELECT", k));
      plan.keys.clear();  // the resource's key was not selected: no incremental run
      break;
    }
    plan.keys.push_back(col);
  }

  // Cursor: ReplicateTimeCheckColumn= or the resource's cursor.
  if (!options.time_check_column.empty()) {
    plan.cursor = output_column(outputs, options.time_check_column);
    if (plan.cursor.empty())
      throw EngineError(fmt::format("ReplicateTimeCheckColumn {} is not a column of the SELECT",
                                    options.time_check_column));
  } else if (resource && !resource->cursor.empty()) {
    plan.cursor = output_column(outputs, resource->cursor);
  }
  if ((!options.start_date.empty() || options.interval > 0) && plan.cursor.empty())
    throw EngineError("ReplicateStartDate and ReplicateInterval need a cursor column "
                      "(set ReplicateTimeCheckColumn)");

  // Child of a parent with a cursor?
  std::optional<ResourceInfo> parent;
  if (resource && !resource->parent_table.empty() && options.time_check_column.empty()) {
    parent = resources(resource->parent_table);
    std::string pkey = output_column(outputs, resource->parent_key);
    if (parent && !parent->cursor.empty() && parent->key.size() == 1 && !pkey.empty() &&
        source_has_table(source, parent->table)) {
      plan.parent_table = parent->table;
      plan.parent_id = parent->key[0];
      plan.parent_cursor = parent->cursor;
      plan.parent_key = pkey;
      plan.parent_created =
          output_column(result_columns(source, "SELECT * FROM " + sinks::quote_identifier(parent->table)), "Created");
    } else {
      parent.reset();
    }
  }

  plan.created = output_column(outputs, "Created");

  if (plan.keys.empty()) plan.kind = ReplicateKind::Reload;
  else if (!plan.parent_table.empty()) plan.kind = ReplicateKind::Child;
  else if (!plan.cursor.empty()) plan.kind = ReplicateKind::Cursor;
  else plan.kind = ReplicateKind::FullRefresh;
  // An Updated column lets a refresh fetch whole rows (detail columns cost one request
  // per row) only for keys whose Updated differs from the replica's.
  if (plan.kind == ReplicateKind::FullRefresh && plan.keys.size() == 1) {
    plan.updated = output_column(outputs, "Updated");
    if (!plan.updated.empty()) plan.kind = ReplicateKind::Compare;
  }

  // Deletions announced by activities (a full refresh finds them by key scan anyway).
  bool activities = options.capture_deletes && source_has_table(source, kActivityTable);
  if (activities && resource && plan.keys.size() == 1 && !resource->deleted_activity_types.empty() &&
      !resource->deleted_key_json.empty() &&
      (plan.kind == ReplicateKind::Cursor || plan.kind == ReplicateKind::Child)) {
    plan.deleted_types = resource->deleted_activity_types;
    plan.deleted_key_json = resource->deleted_key_json;
  }
  if (activities && parent && !parent->deleted_activity_types.empty() &&
      !parent->deleted_key_json.empty()) {
    plan.parent_deleted_types = parent->deleted_activity_types;
    plan.parent_deleted_key_json = parent->deleted_key_json;
  }

  std::string shape;
  for (const auto& c : plan.columns) shape += c.name + " " + c.type + ",";
  plan.hash = text_hash(fmt::format("{}|{}|{}|{}|{}", plan.select, join(plan.keys), plan.cursor,
                                    shape, kind_name(plan.kind)));
  return plan;
}

}  // namespace backlog::engine
