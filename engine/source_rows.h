// A SELECT on the source connection, read one row at a time (sqlite3_step), so a
// replication's memory stays flat however many rows the source has.
//
//   SourceRows rows(db, "SELECT * FROM (SELECT * FROM Issues) WHERE \"Updated\" >= ?",
//                   {std::string("2024-05-06")});
//   rows.columns();        // names and declared types (TIMESTAMP…), known before the loop
//   while (rows.next(row)) …
#pragma once

#include <string>
#include <vector>

#include "sinks/sink.h"
#include "sinks/sqlite_handles.h"

namespace backlog::engine {

class SourceRows {
 public:
  // Prepares, binds and steps to the first row. Throws EngineError with SQLite's message
  // (for a virtual table: the API error text).
  SourceRows(sqlite3* db, const std::string& sql, const std::vector<sinks::Value>& params = {});

  // Result columns: declared type from sqlite3_column_decltype, else from the first row's
  // value (INTEGER/REAL/TEXT), else none.
  const std::vector<sinks::ColumnSpec>& columns() const { return columns_; }
  // Index of a result column by name (case-insensitive), -1 if absent.
  int find(const std::string& name) const;
  // The one table every direct column reference comes from, or "" (needs column metadata).
  std::string origin_table() const;

  // Fills `row` (all columns) and returns true, or returns false at the end. Text goes
  // into the strings `row` already holds: keep them (or put recycled ones back) to read
  // without allocating.
  bool next(std::vector<sinks::Value>& row);
  // Runs the statement again with other parameters, without preparing it again (the
  // children of one parent after another). Throws EngineError like the constructor.
  void restart(const std::vector<sinks::Value>& params);

 private:
  sqlite3* db_;
  sinks::SqliteStmt stmt_;
  std::vector<sinks::ColumnSpec> columns_;
  bool has_row_ = false;  // a stepped row waits to be read
  bool utf8_ = true;      // the connection's text is UTF-8: read it as bytes (see next())
};

// Prepares `sql` without running it and returns its result columns' names (for planning).
std::vector<std::string> result_columns(sqlite3* db, const std::string& sql);
// True if `table` can be queried on the connection (a table, view or eponymous vtab).
bool source_has_table(sqlite3* db, const std::string& table);
// Case-insensitive equality of SQL identifiers.
bool same_name(std::string_view a, std::string_view b);

}  // namespace backlog::engine
