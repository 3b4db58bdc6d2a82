// A PostgreSQL database as a REPLICATE destination (libpq).
//
//   --dest postgresql://user:pass@host:5432/db?sslmode=require
//   --dest "host=db.example.com dbname=replica user=loader"      (libpq keyword string)
//   REPLICATE Issues;                               → table public."Issues" (the search_path's first schema)
//   REPLICATE PROD.Issues SELECT * FROM Issues;     → table "PROD"."Issues"; schema created if missing
//
// Connecting: the destination text goes to libpq as it is, so PGPASSWORD, ~/.pgpass,
// PGSSLMODE, service files and every connection keyword work as they do for psql. The
// password is never parsed by us except to scrub it from messages; describe() shows the
// destination with the password replaced by ***.
//
// Session: TimeZone UTC (timestamps come back as '2024-05-20T00:00:00Z'), client encoding
// UTF8, notices off. Types: see postgres_types.h (declared types kept in column comments).
//
// Writes: a batch for a table that was created or emptied in the current transaction (a
// first load), or that expect_full_load() named (a chunk of a first load: a repeated key
// makes the batch take the upsert path), or for a table without a key, goes by COPY
// straight into the table, in the binary format when every value has an exact binary form
// in its column's type (pg_binary_copy.h: the server then parses no numbers, timestamps
// or dates; a 100k-issue first load ~10% faster), else as text. Any other batch goes by
// COPY (text format) into a temporary load table of text columns, then one
//   INSERT INTO t SELECT CAST(…) FROM load ON CONFLICT (keys) DO UPDATE SET …
//     WHERE (t.cols) IS DISTINCT FROM (EXCLUDED.cols) RETURNING (xmax = 0)
// so an identical row is neither inserted nor updated, and inserted vs updated rows are
// counted by the server. Staged key sets are temporary tables filled the same way; deletes
// and counts compare them with EXISTS / NOT EXISTS (anti-joins, fast for large sets).
// Checkpoints: table "_backlogsql_checkpoints" in the target's schema, written in the
// caller's transaction.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sinks/postgres_handles.h"
#include "sinks/sink.h"

namespace backlog::sinks {

class PostgresSink final : public Sink {
 public:
  // Connects (URI or keyword string); throws SinkError naming the reason (unknown host,
  // connection refused, wrong password, missing database, TLS failure, …).
  static std::unique_ptr<PostgresSink> open(const std::string& conninfo);

  // True for a libpq keyword string ("host=… dbname=…"): its first word is a libpq keyword.
  static bool is_keyword_string(std::string_view text);

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

  PGconn* handle() const { return conn_.get(); }
  // The COPYs of rows into tables (first loads, keyless tables) by format, since open.
  struct Copies {
    int64_t binary = 0, text = 0;
  };
  const Copies& copies() const { return copies_; }

 private:
  // One column of an existing table, as the catalog and our comment describe it.
  struct Column {
    std::string name;
    std::string pg_type;   // format_type(): "bigint", "timestamp with time zone", …
    std::string declared;  // the source's declared type
    int key_order = 0;     // 1-based position in the primary key, 0 if not a key
  };
  using Columns = std::vector<Column>;

  PostgresSink(PgConn conn, std::string conninfo);

  static std::string qualified(const TableName& table);
  // The catalog's view of `table` (empty if it does not exist); `fresh` skips the cache.
  const Columns& columns(const TableName& table, bool fresh = false);
  const Column& column(const TableName& table, const std::string& name);
  bool table_exists(const TableName& table);
  // Forgets what DDL or a rollback may have changed (column cache, prepared statements).
  void forget_shapes();
  // Runs `sql` prepared once per connection and reused (keyed by its text).
  PgResult run_cached(const std::string& sql, const PgParams& params);
  // Rows straight into `target` (a qualified, quoted table) by COPY, in the batch's column
  // order (no conversion step: the column types' own input functions read what
  // pg_from_text() would cast).
  void copy_into(const std::string& target, const SinkBatch& batch);
  // Rows straight into `table` by COPY, in binary when every value has its binary form in
  // its column's type (pg_binary_copy.h), else as text.
  void copy_rows(const TableName& table, const SinkBatch& batch);
  // COPY into a load table, then INSERT … ON CONFLICT … DO UPDATE (see the header comment).
  UpsertCount upsert_through_load(const TableName& table, const std::vector<std::string>& keys,
                                  const SinkBatch& batch);
  // Remembers that `table` is empty as of now in the current transaction.
  void mark_fresh(const TableName& table);
  std::string where_clause(const TableName& table, const RowFilter& filter, PgParams& params);
  int64_t filtered(const TableName& table, const RowFilter& filter, bool remove);
  // "<destination>: table <t>: <what>", with any secret scrubbed.
  std::string fail(const TableName& table, const std::string& what) const;
  std::string scrub(std::string text) const;

  PgConn conn_;
  std::string conninfo_;
  std::string describe_;
  std::vector<std::string> secrets_;                        // scrubbed from every message
  std::map<std::string, std::string> statements_;           // SQL text → prepared name
  int next_statement_ = 0;
  std::map<std::string, Columns> shapes_;                   // qualified name → columns
  std::map<std::string, std::vector<std::string>> staged_;  // staged set → its columns
  std::set<std::string> schemas_;                           // schemas known to exist
  std::set<std::string> fresh_;  // tables emptied or created in this transaction (COPY straight in)
  std::optional<TableName> filling_;  // expect_full_load()'s table, fresh_ from the next begin()
  Copies copies_;
};

}  // namespace backlog::sinks
