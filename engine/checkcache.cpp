// CHECKCACHE (see checkcache.h).
#include "engine/checkcache.h"

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "engine/engine_error.h"
#include "engine/select_text.h"
#include "engine/source_rows.h"
#include "sinks/sql_identifier.h"

namespace backlog::engine {

using sinks::Value;

namespace {

// True when `text` starts (after blanks) like a JSON object or array.
bool looks_like_json_container(const std::string& text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  return i != std::string::npos && (text[i] == '{' || text[i] == '[');
}

// Equal as a replica sees it (sinks::same_value), except that JSON compares by parsed
// value: PostgreSQL's jsonb gives an object's keys back sorted and spaced, so its text
// differs from what Backlog sent while the value is the same. `json` is true for a column
// declared JSON; otherwise two texts that both parse as JSON objects or arrays compare
// as JSON too (a target made with another declared type).
bool same_cell(const Value& source, const Value& stored, bool json) {
  if (sinks::same_value(source, stored)) return true;
  const auto* a = std::get_if<std::string>(&source);
  const auto* b = std::get_if<std::string>(&stored);
  if (!a || !b) return false;
  if (!json && !(looks_like_json_container(*a) && looks_like_json_container(*b))) return false;
  rapidjson::Document da, db;
  da.Parse(a->c_str(), a->size());
  if (da.HasParseError()) return false;
  db.Parse(b->c_str(), b->size());
  // operator== compares objects member by member whatever their order, numbers by value.
  return !db.HasParseError() && da == db;
}

}  // namespace

CheckCacheCounts run_checkcache(const grammar::Statement& st, RunContext& ctx,
                                const ResourceLookup& resources) {
  sinks::Sink& sink = *ctx.sink;
  sinks::TableName target{st.schema, st.target};
  sink.prepare_schema(target.schema);
  auto shape = sink.describe_table(target);
  if (!shape) throw EngineError(fmt::format("target {} does not exist in {}", target.display(), sink.describe()));

  std::string source_table = st.source_table.empty() && st.select.empty() ? st.target : st.source_table;
  std::string select = st.select.empty() ? "SELECT * FROM " + sinks::quote_identifier(source_table) : st.select;
  if (source_table.empty()) source_table = from_clause_table(select);
  auto resource = source_table.empty() ? std::nullopt : resources(source_table);

  std::vector<std::string> keys = shape->keys;
  if (keys.empty() && resource) keys = resource->key;
  if (keys.empty())
    throw EngineError(fmt::format("target {} has no primary key to compare by", target.display()));

  std::string cursor;
  std::vector<Value> params;
  if (!st.start.empty() || !st.end.empty()) {
    if (!resource || resource->cursor.empty())
      throw EngineError(fmt::format("START/END need a cursor column; {} has none", source_table));
    cursor = resource->cursor;
    std::string cond;
    if (!st.start.empty()) {
      cond += sinks::quote_identifier(cursor) + " >= ?";
      params.push_back(st.start);
    }
    if (!st.end.empty()) {
      cond += (cond.empty() ? "" : " AND ") + sinks::quote_identifier(cursor) + " < ?";
      params.push_back(st.end);
    }
    select = "SELECT * FROM (" + select + ") WHERE " + cond;
  }

  CheckCacheCounts counts;
  sink.begin();
  try {
    SourceRows rows(ctx.source, select, params);
    std::vector<int> take;           // source column per compared target column
    std::vector<std::string> names;  // compared target columns
    std::vector<bool> json;          // per compared column: declared JSON
    for (const auto& c : shape->columns) {
      int i = rows.find(c.name);
      if (i >= 0) {
        take.push_back(i);
        names.push_back(c.name);
        json.push_back(same_name(c.type, "JSON"));
      }
    }
    std::vector<int> key_src;
    for (const auto& k : keys) {
      int i = rows.find(k);
      if (i < 0) throw EngineError(fmt::format("key column {} is not in the source", k));
      key_src.push_back(i);
    }
    sinks::SinkBatch repair(names), seen(keys);
    auto flush = [&] {
      if (st.repair && !repair.empty()) sink.upsert(target, keys, repair);
      if (!seen.empty()) sink.stage("checked", seen);
      repair.clear();
      seen.clear();
      if (ctx.progress) ctx.progress(counts.rows_read);
    };
    std::vector<Value> row, key;
    while (rows.next(row)) {
      ++counts.rows_read;
      key.clear();
      for (int i : key_src) key.push_back(row[i]);
      auto stored = sink.lookup(target, keys, key, names);
      bool fix = false;
      if (!stored) {
        ++counts.missing;
        fix = true;
      } else if (!st.skip_modified) {
        for (size_t c = 0; c < take.size() && !fix; ++c)
          if (!same_cell(row[take[c]], (*stored)[c], json[c])) fix = true;
        if (fix) ++counts.stale;
      }
      if (fix)
        for (int i : take) repair.push(row[i]);
      for (auto& v : key) seen.push(std::move(v));
      if (seen.size() >= ctx.batch_rows) flush();
    }
    flush();
    if (!st.skip_deleted) {
      sinks::RowFilter extra{.not_in = sinks::StagedSetRef{"checked", keys},
                             .range_column = cursor,
                             .range_from = st.start,
                             .range_to = st.end};
      counts.extra = st.repair ? sink.delete_rows(target, extra) : sink.count_rows(target, extra);
    }
    sink.clear_stage("checked");
    if (st.repair) {
      sink.commit();
      counts.repaired = true;
    } else {
      sink.rollback();
    }
  } catch (...) {
    sink.rollback();
    throw;
  }
  return counts;
}

}  // namespace backlog::engine
