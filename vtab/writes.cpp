#include "vtab/writes.h"

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <stdexcept>

#include "vtab/scan.h"

namespace backlog::vtab {
namespace {

constexpr size_t kMaxRemembered = 100000;  // bound memory on huge UPDATE/DELETE scans

// Columns any write path needs (placeholders of insert/update/remove templates).
std::vector<int> path_columns(const CompiledResource& r) {
  std::vector<int> cols;
  for (const PathTemplate* t : {&r.update_path, &r.remove_path})
    for (int c : t->placeholders)
      if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
  return cols;
}

}  // namespace

void WriteKeys::remember(const CompiledResource& r, sqlite3_int64 rowid, const Scan& scan) {
  if (!r.decl->update.method && !r.decl->remove.method) return;
  if (rows_.size() >= kMaxRemembered) rows_.clear();
  auto& values = rows_[rowid];
  values.clear();
  for (int c : path_columns(r)) values.emplace_back(c, scan.column_text(c));
}

std::string WriteKeys::lookup(sqlite3_int64 rowid, int col) const {
  auto it = rows_.find(rowid);
  if (it == rows_.end()) return {};
  for (const auto& [c, v] : it->second)
    if (c == col) return v;
  return {};
}

void write_row(const CompiledResource& r, api::Client& client, WriteKeys& keys, int argc,
               sqlite3_value** argv, sqlite3_int64* rowid) {
  const Resource& res = *r.decl;
  const bool is_delete = argc == 1;
  const bool is_insert = !is_delete && sqlite3_value_type(argv[0]) == SQLITE_NULL;
  const WriteCall& call = is_delete ? res.remove : is_insert ? res.insert : res.update;
  const PathTemplate& path = is_delete ? r.remove_path : is_insert ? r.insert_path : r.update_path;
  const char* verb = is_delete ? "DELETE from" : is_insert ? "INSERT into" : "UPDATE of";
  if (!call.method)
    throw std::runtime_error(fmt::format("{} {} is not supported by the Backlog API", verb, res.table));

  sqlite3_int64 old_rowid = is_insert ? 0 : sqlite3_value_int64(argv[0]);
  std::string target = path.fill([&](int col) {
    std::string v;
    if (is_insert) v = value_text(argv[2 + col]);
    else if (r.rowid_column == col) v = std::to_string(old_rowid);
    else v = keys.lookup(old_rowid, col);
    if (v.empty())
      throw std::runtime_error(fmt::format("{} {}: {} is required", verb, res.table, r.columns[col].decl->name));
    return v;
  });

  api::Params form;
  if (!is_delete) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
      sqlite3_value* v = argv[2 + i];
      const Column& col = *r.columns[i].decl;
      if (sqlite3_value_nochange(v)) continue;
      bool is_path = std::find(path.placeholders.begin(), path.placeholders.end(), static_cast<int>(i)) !=
                     path.placeholders.end();
      if (!col.write) {
        if (is_insert && (sqlite3_value_type(v) == SQLITE_NULL || is_path)) continue;
        if (!is_insert && !is_path)
          throw std::runtime_error(fmt::format("{} {}: column {} is read-only", verb, res.table, col.name));
        if (is_insert)
          throw std::runtime_error(fmt::format("{} {}: column {} cannot be set", verb, res.table, col.name));
        continue;
      }
      if (sqlite3_value_type(v) == SQLITE_NULL) {
        if (!is_insert) form.push_back({col.write, ""});  // clears the field
        continue;
      }
      std::string text = col.type == Type::Boolean ? (sqlite3_value_int(v) ? "true" : "false") : value_text(v);
      form.push_back({col.write, std::move(text)});
    }
  }

  api::Response resp = client.send(call.method, target, form);
  if (is_insert && rowid) {
    rapidjson::Document doc;
    doc.Parse(resp.body.c_str());
    if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("id") && doc["id"].IsInt64())
      *rowid = doc["id"].GetInt64();
  }
}

}  // namespace backlog::vtab
