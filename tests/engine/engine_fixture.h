// A source connection with plain tables shaped like Backlog's (Issues, IssueComments,
// Statuses, Wikis, SpaceUpdates), a resource lookup describing them like the vtab catalog does,
// and a SQLite destination file — so the engine's strategies run without the API.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/session.h"
#include "sinks/sqlite_sink.h"
#include "support/temp_dir.h"

namespace backlog::engine::testing {

using Rows = std::vector<std::vector<sinks::Value>>;

// Collects what a script produced.
struct RecordingObserver : Observer {
  std::vector<std::string> columns;
  Rows rows;
  std::vector<std::string> errors;
  int64_t progress_calls = 0;
  void on_columns(const StatementSummary&, const std::vector<std::string>& names) override { columns = names; }
  void on_row(std::span<const sinks::Value> row) override { rows.emplace_back(row.begin(), row.end()); }
  void on_progress(const StatementSummary&, int64_t) override { ++progress_calls; }
  void on_error(const std::string& m) override { errors.push_back(m); }
};

// Resources as the catalog would describe the fixture's tables.
ResourceLookup fixture_resources();

class EngineTest : public ::testing::Test {
 protected:
  EngineTest();
  ~EngineTest() override;

  // Runs SQL on the source (setup and changes); fails the test on error.
  void source_exec(const std::string& sql);
  // A query's rows, on the source or on a destination file.
  Rows source_rows(const std::string& sql);
  Rows dest_rows(const std::string& sql, const std::string& file = "");
  // Runs a script into the destination(s) and returns the result.
  ScriptResult run(const std::string& script, size_t batch_rows = 1000);
  // Adds a deletion activity (type 4: issue deleted) for an issue and deletes it.
  void delete_issue(int id);
  // SQL statements the engine ran on the source (expanded, with bound values) since the
  // last call.
  std::vector<std::string> take_source_sql();

  ::backlog::testing::TempDir dir;
  std::string source_path;           // source database file (a file so children can open it)
  sqlite3* source = nullptr;
  std::string dest_path;             // out.db
  std::vector<std::string> traced;   // source statements seen by the trace hook
  RecordingObserver observer;
  std::vector<std::string> extra_dest_paths;  // more destinations for run()
};

}  // namespace backlog::engine::testing
