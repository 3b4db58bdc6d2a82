// A MySQL or MariaDB database as a REPLICATE destination.
//
//   --dest mysql://app:secret@db.example:3306/replica      (or mariadb://…, see mysql_uri.h)
//   REPLICATE Issues;                       → table `replica`.`Issues`
//   REPLICATE PROD.Issues SELECT * FROM …;  → table `PROD`.`Issues` (database PROD, created
//                                              if missing, with its own checkpoints table)
//
// Tables are InnoDB, DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin (Japanese and emoji
// round-trip; keys compare exactly); types are mapped as mysql_types.h describes and the
// declared types are kept in column comments, so describe_table() answers with the
// source's own types.
//
// Writes: multi-row `INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c), …`, each statement
// kept below the server's max_allowed_packet. Inserted and updated rows are counted from
// what the server reports per statement: the affected-row count is 1 per insert + 2 per
// changed row + 0 per identical row (the connection does not ask for CLIENT_FOUND_ROWS),
// and "Duplicates: D" in mysql_info() is the rows an update changed, so updated = D and
// inserted = affected − 2·D.
//
// First loads: a table created or emptied in the current transaction holds only rows this
// transaction wrote (and a chunk of a first load, named by expect_full_load(), seldom
// repeats a row of the earlier chunks), so its batches go in by the cheapest plain insert
// the server has, each inside a savepoint, without ON DUPLICATE KEY work:
//   - MariaDB: one prepared INSERT executed for many rows at once, values in binary
//     (array binding, mysql_bulk_rows.h): nothing to parse, no text to scan (the server
//     spends ~30% less CPU than on LOAD DATA of the same rows);
//   - MySQL: `LOAD DATA LOCAL INFILE`, the rows as text streamed from memory. With LOCAL
//     the server skips duplicate keys and turns bad values into warnings instead of
//     failing, so a load is kept only when every row went in without a warning;
//   - a server that refuses LOCAL INFILE (local_infile=OFF): plain multi-row INSERTs.
// A repeated key (or a LOAD DATA warning) rolls the batch back to the savepoint, and it
// and the rest of the transaction take the upsert path, where strict mode reports bad
// values as errors (the INSERTs report them at once, naming the table either way).
//
// Transactions and DDL: MySQL commits implicitly before any CREATE/ALTER/DROP/RENAME, but
// the engine may create or widen a table after it began a statement's transaction (and
// after, say, emptying the table for a reload). So the sink keeps a journal of the data
// statements run since begin(); a DDL statement then rolls the transaction back, runs on
// its own and replays the journal in a new transaction: data and checkpoint still commit
// together or not at all. Tables created inside a transaction are dropped again by
// rollback() (a failed first load leaves no table), and drop_table() inside a transaction
// only renames the table aside: commit() drops it, rollback() puts it back. Columns added
// by a rolled-back statement stay (empty), which the next run accepts as they are.
// Staged key sets are TEMPORARY tables: creating or dropping those never commits.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sinks/mysql_connection.h"
#include "sinks/mysql_types.h"
#include "sinks/mysql_uri.h"
#include "sinks/sink.h"

namespace backlog::sinks {

class MysqlSink final : public Sink {
 public:
  // Connects (mysql:// or mariadb:// URI); throws SinkError naming the reason: unknown
  // host, connection refused, wrong user or password, missing database.
  static std::unique_ptr<MysqlSink> open(std::string_view uri);

  std::string describe() const override;
  std::string test() override;
  void prepare_schema(const std::string& schema) override;
  void expect_full_load(const TableName& table) override;
  // A first load's batch is one bulk statement (or as few as fit a packet), and the
  // server's cost per statement shows: with LOAD DATA, 5000-row batches loaded 100k issues
  // ~6% faster than 1000-row ones (bench/destinations_vs_bulk.sh), for ~57 MB more peak
  // memory (69 -> 126 MB over 100k issues: two batches of values in flight). 5000 is also
  // the default ChunkSize, past which a first load commits anyway.
  size_t preferred_batch_rows() const override { return 5000; }
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

  // Largest statement the bulk paths build (below max_allowed_packet); tests lower it.
  size_t statement_limit() const { return statement_limit_; }
  void set_statement_limit(size_t bytes) { statement_limit_ = bytes; }
  // Whether first loads use LOAD DATA LOCAL INFILE (until the server refuses it); tests
  // turn it off to reach the INSERT fallback on a server that allows it.
  bool local_infile() const { return local_infile_; }
  void set_local_infile(bool on) { local_infile_ = on; }
  // Whether first loads use array-bound INSERTs (MariaDB; MySQL has no such protocol);
  // tests turn it off to reach LOAD DATA on MariaDB.
  bool bulk() const { return bulk_; }
  void set_bulk(bool on) { bulk_ = on && conn_.bulk_supported(); }
  // How the batches of first loads went in, counted since open (for tests).
  struct FirstLoads {
    int64_t bulk = 0, load_data = 0, insert = 0;
  };
  const FirstLoads& first_loads() const { return first_loads_; }

 private:
  MysqlSink(MysqlConnection conn, MysqlUri uri);

  // One column of an existing table, as the write and read paths need it.
  struct ColumnShape {
    std::string name;
    std::string declared;
    MysqlKind kind = MysqlKind::Text;
  };
  struct Shape {
    std::vector<ColumnShape> columns;
    std::vector<std::string> keys;
    const ColumnShape* find(std::string_view name) const;
  };
  // A data statement run in the current transaction, for replay after DDL.
  struct Journaled {
    std::string sql;
    std::vector<Value> params;
    std::set<std::string> stages;  // staged sets it reads or fills
    bool load = false;             // LOAD DATA LOCAL INFILE with `infile` as the file
    std::string infile;
    std::shared_ptr<const MysqlBulkRows> bulk;  // array-bound INSERT `sql` of these rows
  };

  std::string database(const std::string& schema) const;
  std::string qualified(const TableName& table) const;
  std::string fail(const TableName& table, const std::string& what) const;

  const Shape* shape(const TableName& table);  // nullptr: no such table (cached)
  void forget_shape(const TableName& table);
  // Data statements (journaled inside a transaction); return affected rows.
  uint64_t run_data(std::string sql, std::vector<Value> params = {}, std::set<std::string> stages = {});
  void remember(Journaled statement);  // journals a data statement that ran
  // CREATE/ALTER/DROP/RENAME: see "Transactions and DDL" above.
  void run_ddl(const std::vector<std::string>& statements);
  // First load of `batch` into a fresh table (see "First loads"): the rows inserted, or
  // nullopt when a key repeats or a value needs the strict path (nothing then remains).
  std::optional<int64_t> first_load(const TableName& table, const SinkBatch& batch,
                                    const std::vector<MysqlKind>& kinds);
  // first_load() by array-bound INSERTs (mysql_bulk_rows.h): false when a key repeats.
  bool bulk_batch(const std::string& target, const SinkBatch& batch, const std::vector<MysqlKind>& kinds);
  // The LOAD DATA LOCAL INFILE half of first_load(); nullopt if the server refused it.
  std::optional<bool> load_batch(const std::string& target, const SinkBatch& batch,
                                 const std::vector<MysqlKind>& kinds);
  void end_transaction();  // forgets the journal and the DDL to undo
  void ensure_checkpoint_table(const std::string& schema);
  // Multi-row INSERT of `batch` into `target`, in statements below statement_limit_;
  // `suffix` follows the VALUES (ON DUPLICATE KEY UPDATE …). Per-statement callback gets
  // the statement's row count and affected rows.
  template <class OnStatement>
  void bulk_insert(const std::string& target, const SinkBatch& batch,
                   const std::vector<MysqlKind>& kinds, const std::string& suffix,
                   const std::set<std::string>& stages, OnStatement&& on_statement);
  std::string where_clause(const RowFilter& filter, const Shape& shape, std::vector<Value>& binds,
                           std::set<std::string>& stages) const;
  int64_t filtered(const TableName& table, const RowFilter& filter, bool remove);
  std::string stage_table(const std::string& set) const;
  void drop_stages() noexcept;

  MysqlConnection conn_;
  MysqlUri uri_;
  size_t statement_limit_;
  std::map<std::string, Shape> shapes_;                     // by qualified name
  std::map<std::string, std::vector<std::string>> staged_;  // staged set → its columns
  std::set<std::string> schemas_;                           // databases made usable
  std::set<std::string> checkpoint_tables_;                 // databases known to have one

  bool in_transaction_ = false;
  bool written_ = false;  // a data statement ran in this transaction
  std::vector<Journaled> journal_;
  size_t journal_bytes_ = 0;
  std::string journal_broken_;  // why the journal cannot be replayed ("" if it can)
  std::vector<TableName> created_;                          // created in this transaction
  std::set<std::string> fresh_;  // qualified names: created or emptied in this transaction
  std::optional<TableName> filling_;  // expect_full_load()'s table, fresh_ from the next begin()
  bool bulk_ = false;            // the server takes array-bound INSERTs (MariaDB)
  bool local_infile_ = true;     // false once the server refused LOCAL INFILE
  FirstLoads first_loads_;
  std::vector<std::pair<TableName, std::string>> set_aside_;  // dropped: table, backup name
};

}  // namespace backlog::sinks
