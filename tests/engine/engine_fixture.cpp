// The engine tests' fixture (see engine_fixture.h).
#include "engine_fixture.h"

#include "engine/source_rows.h"
#include "sinks/sqlite_handles.h"

namespace backlog::engine::testing {

ResourceLookup fixture_resources() {
  return [](std::string_view table) -> std::optional<ResourceInfo> {
    if (same_name(table, "Issues"))
      return ResourceInfo{"Issues", {"Id"}, "Updated", "", "", {4}, "id"};
    if (same_name(table, "IssueComments"))
      return ResourceInfo{"IssueComments", {"Id"}, "", "Issues", "IssueId", {}, ""};
    if (same_name(table, "Statuses")) return ResourceInfo{"Statuses", {"Id"}, "", "", "", {}, ""};
    if (same_name(table, "Wikis")) return ResourceInfo{"Wikis", {"Id"}, "", "", "", {}, ""};
    return std::nullopt;
  };
}

namespace {
int trace_hook(unsigned type, void* ctx, void* p, void*) {
  if (type == SQLITE_TRACE_STMT) {
    char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(p));
    if (sql) static_cast<std::vector<std::string>*>(ctx)->push_back(sql);
    sqlite3_free(sql);
  }
  return 0;
}
}  // namespace

EngineTest::EngineTest() : source_path(dir.file("source.db")), dest_path(dir.file("out.db")) {
  sqlite3_open(source_path.c_str(), &source);
  source_exec(R"(
    PRAGMA synchronous=OFF;
    CREATE TABLE Issues (Id INTEGER PRIMARY KEY, Summary TEXT, StatusId INTEGER,
                         Hours REAL, Updated TIMESTAMP);
    CREATE TABLE IssueComments (Id INTEGER PRIMARY KEY, IssueId INTEGER, Content TEXT,
                                Updated TIMESTAMP);
    CREATE TABLE Statuses (Id INTEGER PRIMARY KEY, Name TEXT);
    CREATE TABLE Wikis (Id INTEGER PRIMARY KEY, Name TEXT, Content TEXT, Updated TIMESTAMP);
    INSERT INTO Wikis VALUES (1, 'Home', 'welcome', '2024-01-01T00:00:00Z'),
                             (2, 'Rules', 'be nice', '2024-01-02T00:00:00Z'),
                             (3, 'FAQ', 'none yet', '2024-01-03T00:00:00Z');
    CREATE TABLE SpaceUpdates (Id INTEGER PRIMARY KEY, Type INTEGER, Content JSON);
    INSERT INTO Issues VALUES
      (1, 'first', 1, 1.5, '2024-01-05T10:00:00Z'),
      (2, 'second; DROP TABLE x', 1, NULL, '2024-02-10T11:00:00Z'),
      (3, 'it''s third', 2, 3.0, '2024-03-15T12:00:00Z'),
      (4, 'fourth', 1, 0.5, '2024-04-20T13:00:00Z'),
      (5, 'fifth', 3, 2.0, '2024-05-25T14:00:00Z');
    INSERT INTO IssueComments VALUES
      (10, 1, 'c10', '2024-01-05T10:00:00Z'), (11, 1, 'c11', '2024-01-06T10:00:00Z'),
      (20, 2, 'c20', '2024-02-10T11:00:00Z'), (30, 3, 'c30', '2024-03-15T12:00:00Z');
    INSERT INTO Statuses VALUES (1, 'Open'), (2, 'In Progress'), (3, 'Closed');
    INSERT INTO SpaceUpdates VALUES (100, 1, '{"id": 1}'), (101, 2, '{"id": 2}');
  )");
  sqlite3_trace_v2(source, SQLITE_TRACE_STMT, trace_hook, &traced);
}

EngineTest::~EngineTest() { sqlite3_close(source); }

void EngineTest::source_exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(source, sql.c_str(), nullptr, nullptr, &err);
  ASSERT_EQ(rc, SQLITE_OK) << (err ? err : "") << "\n" << sql;
}

namespace {
Rows query(sqlite3* db, const std::string& sql) {
  sinks::SqliteStmt s = sinks::prepare(db, sql);
  Rows rows;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    std::vector<sinks::Value> row;
    for (int i = 0; i < sqlite3_column_count(s.get()); ++i) row.push_back(sinks::column_value(s.get(), i));
    rows.push_back(std::move(row));
  }
  return rows;
}
}  // namespace

Rows EngineTest::source_rows(const std::string& sql) { return query(source, sql); }

Rows EngineTest::dest_rows(const std::string& sql, const std::string& file) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2((file.empty() ? dest_path : file).c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  sinks::SqliteDb db(raw);
  return query(db.get(), sql);
}

ScriptResult EngineTest::run(const std::string& script, size_t batch_rows) {
  std::vector<std::unique_ptr<sinks::Sink>> dests;
  dests.push_back(sinks::SqliteSink::open(dest_path));
  for (const auto& p : extra_dest_paths) dests.push_back(sinks::SqliteSink::open(p));
  SessionOptions options;
  options.batch_rows = batch_rows;
  options.overlap_writes = true;  // as backlogsql runs them (backlog.so's inline path: tests/ext)
  options.resources = fixture_resources();
  Session session(source, std::move(dests), options);
  observer = RecordingObserver{};
  return session.run_script(script, observer);
}

void EngineTest::delete_issue(int id) {
  source_exec("INSERT INTO SpaceUpdates (Type, Content) VALUES (4, json_object('id', " +
              std::to_string(id) + ")); DELETE FROM Issues WHERE Id = " + std::to_string(id) + ";");
}

std::vector<std::string> EngineTest::take_source_sql() {
  std::vector<std::string> out;
  out.swap(traced);
  return out;
}

}  // namespace backlog::engine::testing
