// A SQLite database file as a REPLICATE destination.
//
//   auto sink = SqliteSink::open("out.db");        // created if missing; WAL mode
//   REPLICATE Issues;                               → table "Issues" in out.db
//   REPLICATE PROD.Issues SELECT * FROM Issues;     → table "Issues" in out.PROD.db
//
// Schemas: SQLite has no schemas, so `schema.table` goes to a separate database file
// beside the destination, named `<destination basename without extension>.<schema>.db`
// (dest `/data/out.db`, schema PROD → `/data/out.PROD.db`), ATTACHed AS "PROD". Both are
// ordinary SQLite files: the stock `sqlite3` CLI opens either, and
// `ATTACH 'out.PROD.db' AS PROD` reproduces the layout. Each file holds its own
// "_backlogsql_checkpoints" table, because a WAL commit is atomic per file only.
//
// Writes: one prepared `INSERT … ON CONFLICT(keys) DO UPDATE SET … WHERE <changed>`
// reused for every row of a statement, values bound without copies; the engine batches
// rows into transactions. Inserted vs updated is told apart by the last insert rowid (no
// lookup before each row) except in WITHOUT ROWID tables.
//
// Journal: WAL, so readers never block a replication. A first load (expect_full_load)
// switches the file to a rollback journal for its one transaction: pages of a new table
// are then written once, not once to the WAL and again at the checkpoint, and a kill -9
// still leaves the previous state (the next opener rolls the hot journal back). If another
// connection holds the file, the switch is not possible and the load runs in WAL.
// Connections are opened without SQLite's per-call mutex: one thread uses a sink.
// Values are always bound, identifiers always quoted; declared types are kept as the
// source declares them (INTEGER, REAL, TEXT, BOOLEAN, TIMESTAMP, DATE, JSON).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sinks/sink.h"
#include "sinks/sqlite_handles.h"

namespace backlog::sinks {

class SqliteSink final : public Sink {
 public:
  // Opens (creating if missing) the database file at `path`; throws SinkError.
  static std::unique_ptr<SqliteSink> open(const std::string& path);
  // Writes into a connection someone else owns (backlog.so: the host's own database) and
  // never closes it. `path` is its main file ("" or ":memory:" if none); the schemas
  // already attached to it are used as they are.
  static std::unique_ptr<SqliteSink> borrow(sqlite3* db, std::string path);
  ~SqliteSink() override;

  // The file a schema is stored in: schema_file("/d/out.db", "PROD") == "/d/out.PROD.db".
  static std::string schema_file(const std::string& dest_path, const std::string& schema);

  std::string describe() const override;
  std::string test() override;
  void prepare_schema(const std::string& schema) override;
  void expect_full_load(const TableName& table) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

  std::optional<TableSpec> describe_table(const TableName& table) override;
  void ensure_table(const TableSpec& spec) override;
  void add_column(const TableName& table, const ColumnSpec& column) override;
  void drop_table(const TableName& table) override;
  void truncate_table(const TableName& table) override;

  UpsertCount upsert(const TableName& table, const std::vector<std::string>& keys,
                     const SinkBatch& batch) override;

  void stage(const std::string& set, const SinkBatch& rows) override;
  void clear_stage(const std::string& set) override;
  int64_t delete_rows(const TableName& table, const RowFilter& filter) override;
  int64_t count_rows(const TableName& table, const RowFilter& filter) override;

  std::optional<std::vector<Value>> lookup(const TableName& table,
                                           const std::vector<std::string>& keys,
                                           std::span<const Value> key_values,
                                           const std::vector<std::string>& columns) override;

  std::optional<Checkpoint> read_checkpoint(const TableName& target) override;
  void write_checkpoint(const TableName& target, const Checkpoint& checkpoint) override;
  void delete_checkpoint(const TableName& target) override;

  sqlite3* handle() const { return db_.get(); }

 private:
  SqliteSink(SqliteDb db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}

  // A statement prepared once and reused (keyed by its SQL text).
  sqlite3_stmt* cached(const std::string& sql);
  std::string qualified(const TableName& table) const;
  std::string where_clause(const RowFilter& filter, std::vector<Value>& binds) const;
  int64_t filtered(const TableName& table, const RowFilter& filter, bool remove);
  bool has_checkpoint_table(const std::string& schema);
  bool has_rowid(const TableName& table);
  void end_full_load() noexcept;
  std::string fail(const TableName& table, const std::string& what) const;

  SqliteDb db_;
  std::string path_;
  std::map<std::string, SqliteStmt> statements_;           // prepared, by SQL text
  std::map<std::string, std::vector<std::string>> staged_;  // staged set → its columns
  std::set<std::string> attached_;                          // schemas ATTACHed so far
  std::optional<std::string> full_load_schema_;  // expect_full_load()'s schema, until its
                                                 // transaction ends
  std::optional<std::string> rollback_journal_;  // schema switched from WAL for that
                                                 // transaction (back to WAL at its end)
  bool borrowed_ = false;                                   // db_ is not ours to close
};

}  // namespace backlog::sinks
