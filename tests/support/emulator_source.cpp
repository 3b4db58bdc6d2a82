// The Backlog side of end-to-end REPLICATE tests (see emulator_source.h).
#include "support/emulator_source.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "vtab/register.h"

namespace backlog::testing {

EmulatorSource::EmulatorSource(const EmulatorProcess& emu) {
  api::ClientOptions o;
  o.base_url = emu.url();
  o.api_key = emu.api_key();
  client = std::make_shared<api::Client>(o);
  sqlite3* raw = nullptr;
  sqlite3_open(":memory:", &raw);
  db.reset(raw);
  std::string err;
  EXPECT_EQ(vtab::register_tables(db.get(), client, &err), SQLITE_OK) << err;
}

engine::ScriptResult replicate(EmulatorSource& src, std::vector<std::unique_ptr<sinks::Sink>> dests,
                               const std::string& script, engine::SessionOptions options) {
  auto client = src.client;
  if (!options.api_calls) options.api_calls = [client] { return client->stats().calls; };
  engine::Session session(src.get(), std::move(dests), std::move(options));
  ErrorCollector errors;
  return session.run_script(script, errors);
}

engine::ScriptResult replicate(EmulatorSource& src, std::unique_ptr<sinks::Sink> dest,
                               const std::string& script, engine::SessionOptions options) {
  std::vector<std::unique_ptr<sinks::Sink>> dests;
  dests.push_back(std::move(dest));
  return replicate(src, std::move(dests), script, std::move(options));
}

httplib::Result emulator_send(const EmulatorProcess& emu, const std::string& method, const std::string& path,
                              const httplib::Params& form) {
  httplib::Client http("127.0.0.1", emu.port());
  const std::string target = "/api/v2" + path + "?apiKey=" + emu.api_key();
  if (method == "POST") return http.Post(target, form);
  if (method == "PATCH")
    return http.Patch(target, httplib::detail::params_to_query_str(form), "application/x-www-form-urlencoded");
  return http.Delete(target);
}

bool same_json(const sinks::Value& a, const sinks::Value& b) {
  const auto* ta = std::get_if<std::string>(&a);
  const auto* tb = std::get_if<std::string>(&b);
  if (!ta || !tb) return false;
  rapidjson::Document da, db;
  da.Parse(ta->c_str(), ta->size());
  db.Parse(tb->c_str(), tb->size());
  // rapidjson's operator== compares objects member by member, in any order.
  return !da.HasParseError() && !db.HasParseError() && da == db;
}

int64_t expect_same_as_source(EmulatorSource& src, sinks::Sink& sink, const sinks::TableName& target,
                              const std::string& select) {
  sink.prepare_schema(target.schema);
  auto shape = sink.describe_table(target);
  EXPECT_TRUE(shape) << sink.describe() << ": no table " << target.display();
  if (!shape) return 0;
  sinks::SqliteStmt s = sinks::prepare(src.get(), select);
  std::vector<std::string> names;
  std::vector<bool> json;
  for (int i = 0; i < sqlite3_column_count(s.get()); ++i) {
    names.emplace_back(sqlite3_column_name(s.get(), i));
    auto c = std::find_if(shape->columns.begin(), shape->columns.end(),
                          [&](const sinks::ColumnSpec& col) { return col.name == names.back(); });
    EXPECT_NE(c, shape->columns.end()) << target.display() << " has no column " << names.back();
    if (c == shape->columns.end()) return 0;
    json.push_back(c->type == "JSON");
  }
  std::vector<size_t> key_at;
  for (const auto& k : shape->keys) {
    auto at = std::find(names.begin(), names.end(), k);
    EXPECT_NE(at, names.end()) << "key column " << k << " is not in: " << select;
    if (at == names.end()) return 0;
    key_at.push_back(static_cast<size_t>(at - names.begin()));
  }
  int64_t rows = 0;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    ++rows;
    std::vector<sinks::Value> row, key;
    for (int i = 0; i < static_cast<int>(names.size()); ++i) row.push_back(sinks::column_value(s.get(), i));
    for (size_t k : key_at) key.push_back(row[k]);
    auto stored = sink.lookup(target, shape->keys, key, names);
    if (!stored) {
      ADD_FAILURE() << sink.describe() << " " << target.display() << ": row " << sinks::to_display(key[0])
                    << " is missing";
      continue;
    }
    for (size_t c = 0; c < names.size(); ++c) {
      const auto& want = row[c];
      const auto& got = (*stored)[c];
      const bool same = sinks::same_value(want, got) ||
                        (json[c] && !sinks::is_null(want) && same_json(want, got));
      EXPECT_TRUE(same) << sink.describe() << " " << target.display() << " " << sinks::to_display(key[0])
                        << "." << names[c] << ": source " << sinks::to_display(want) << ", destination "
                        << sinks::to_display(got);
    }
  }
  EXPECT_EQ(sink.count_rows(target, {}), rows) << sink.describe() << " " << target.display();
  return rows;
}

}  // namespace backlog::testing
