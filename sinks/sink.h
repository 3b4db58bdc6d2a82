// The destination interface: where REPLICATE writes rows, keys and checkpoints.
//
// One Sink = one destination database (a SQLite file, later PostgreSQL or MySQL). The
// engine drives every sink through the same sequence, one transaction per statement (or
// per date window of a first load):
//
//   sink->prepare_schema("PROD");                 // outside a transaction (SQLite: ATTACH)
//   sink->begin();
//   sink->ensure_table(spec);                     // CREATE TABLE IF NOT EXISTS …
//   sink->upsert(table, keys, batch);             // INSERT … ON CONFLICT DO UPDATE
//   sink->stage("seen", batch_of_keys);           // key sets live in the destination,
//   sink->delete_rows(table, {.not_in = …});      //   never in memory
//   sink->write_checkpoint(table, checkpoint);    // same transaction as the data
//   sink->commit();                               // or rollback(): nothing happened
//
// Errors are thrown as SinkError (the engine catches them per statement; sinks never call
// back into C code that could see an exception). Messages name the table and never
// contain a password.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace backlog::sinks {

// One typed value: NULL, integer, real or text (blobs are not produced by the sources).
using Value = std::variant<std::monostate, int64_t, double, std::string>;

bool is_null(const Value& v);
// Equality as a replica sees it: numbers compare numerically (1 == 1.0), text exactly,
// a number and a text equal when the text spells the number (affinity may convert).
bool same_value(const Value& a, const Value& b);
// For messages and tests: NULL, 12, 1.5, 'text'.
std::string to_display(const Value& v);

// A table in a destination: `schema` is empty for the default one.
struct TableName {
  std::string schema{};
  std::string table{};
  std::string display() const { return schema.empty() ? table : schema + "." + table; }
  bool operator==(const TableName&) const = default;
};

struct ColumnSpec {
  std::string name{};  // unquoted
  std::string type{};  // declared type as the source declares it (INTEGER, TIMESTAMP, …);
                     // may be empty (no declared type)
};

// What the target table looks like (or must look like).
struct TableSpec {
  TableName name{};
  std::vector<ColumnSpec> columns{};
  std::vector<std::string> keys{};  // primary key columns; empty: no key (append/reload)
};

// Rows travelling to a sink, stored row-wise in one flat vector so a batch of 1000 rows
// is one allocation for the values (plus their strings).
class SinkBatch {
 public:
  SinkBatch() = default;
  explicit SinkBatch(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  const std::vector<std::string>& columns() const { return columns_; }
  size_t width() const { return columns_.size(); }
  size_t size() const { return width() == 0 ? 0 : values_.size() / width(); }
  bool empty() const { return values_.empty(); }

  // Appends one row; `row.size()` must equal width().
  void add_row(std::vector<Value> row);
  // Appends a value to the row being built; a row is complete after width() values.
  void push(Value v) { values_.push_back(std::move(v)); }
  std::span<const Value> row(size_t i) const {
    return {values_.data() + i * width(), width()};
  }
  void clear() { values_.clear(); }

 private:
  std::vector<std::string> columns_;
  std::vector<Value> values_;
};

// Where an incremental REPLICATE stopped, stored in the destination next to the data
// (table "_backlogsql_checkpoints" of the target's database/schema) and written in the
// same transaction as the rows it describes.
struct Checkpoint {
  std::string target{};          // "schema.table" or "table" (the row's key)
  std::string source{};          // source table the rows come from ("" if unknown)
  std::string select_hash{};     // hash of the SELECT + shaping options: a change → full reload
  std::string cursor{};          // max cursor column value seen (e.g. max Updated), "" if none
  int64_t activity_id = 0;     // SpaceUpdates id up to which deletions were applied
  std::string window_next{};     // first load in progress: where it resumes (a windowed
                               // load's next window start, or a chunked load's marker:
                               // engine/load_marker.h); "" once the first load is complete
  std::string run_at{};          // UTC time of the run that wrote it (ISO-8601)
  int64_t rows = 0;            // rows written by that run
};

// A set of rows selected by staged key sets (see Sink::stage); used for deletes and counts.
//   in:      only rows whose `columns` appear in the staged set
//   not_in:  only rows whose `columns` do not appear in the staged set
//   range:   only rows with range_column >= range_from (if set) and < range_to (if set)
struct StagedSetRef {
  std::string set{};                   // staged set name
  std::vector<std::string> columns{};  // target columns matched against the set's columns
};
struct RowFilter {
  std::optional<StagedSetRef> in{};
  std::optional<StagedSetRef> not_in{};
  std::string range_column{};
  std::string range_from{}, range_to{};
};

class SinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Sink {
 public:
  virtual ~Sink() = default;

  // "sqlite:/path/out.db" — for messages (never contains a password).
  virtual std::string describe() const = 0;

  // "Test connection": a round trip, then CREATE, INSERT and DROP of a scratch table
  // (the privileges REPLICATE needs). Returns the server's name and version
  // ("SQLite 3.40.1", "PostgreSQL 15.18"); throws SinkError naming the reason (unknown
  // host, connection refused, wrong password, missing database, which privilege failed).
  virtual std::string test() = 0;

  // Makes `schema` usable (SQLite: ATTACH the schema's file). Must be called outside a
  // transaction; idempotent; an empty schema is a no-op.
  virtual void prepare_schema(const std::string& schema) = 0;

  // A hint given before begin(): the coming transaction fills `table` from empty (a first
  // load or a full reload) or goes on filling it (a chunk of a first load: rows of the
  // earlier chunks may repeat), so the destination may choose a faster way to write it
  // (SQLite: a rollback journal instead of WAL, so every page is written once;
  // PostgreSQL: COPY straight into the table). Lasts until that transaction ends.
  // Default: nothing.
  virtual void expect_full_load(const TableName& /*table*/) {}

  // Rows per upsert() batch this destination works best with; 0: no preference (the
  // engine's default). A batch size set by the caller wins (SessionOptions::batch_rows).
  virtual size_t preferred_batch_rows() const { return 0; }

  virtual void begin() = 0;
  virtual void commit() = 0;
  // Undoes everything since begin(); never throws; a no-op outside a transaction.
  virtual void rollback() noexcept = 0;  // staged sets (below) are dropped too

  // The table's current shape, or nullopt if it does not exist.
  virtual std::optional<TableSpec> describe_table(const TableName& table) = 0;
  // Creates the table if it does not exist (an existing table is left as it is).
  virtual void ensure_table(const TableSpec& spec) = 0;
  virtual void add_column(const TableName& table, const ColumnSpec& column) = 0;
  virtual void drop_table(const TableName& table) = 0;
  virtual void truncate_table(const TableName& table) = 0;

  // Inserts or updates rows by `keys` (every key column must be in the batch). With no
  // keys: plain inserts. Returns how many rows were inserted and how many existing rows
  // actually changed (an identical row counts as neither).
  struct UpsertCount {
    int64_t inserted = 0;
    int64_t updated = 0;
  };
  virtual UpsertCount upsert(const TableName& table, const std::vector<std::string>& keys,
                             const SinkBatch& batch) = 0;

  // Staged key sets: temporary tables in the destination holding the batch's columns;
  // they live until clear_stage() or the end of the connection.
  virtual void stage(const std::string& set, const SinkBatch& rows) = 0;
  virtual void clear_stage(const std::string& set) = 0;
  // Deletes (or counts) the rows of `table` selected by `filter`; returns their number.
  virtual int64_t delete_rows(const TableName& table, const RowFilter& filter) = 0;
  virtual int64_t count_rows(const TableName& table, const RowFilter& filter) = 0;

  // One row by key: the values of `columns` (in that order), or nullopt if absent.
  virtual std::optional<std::vector<Value>> lookup(const TableName& table,
                                                   const std::vector<std::string>& keys,
                                                   std::span<const Value> key_values,
                                                   const std::vector<std::string>& columns) = 0;

  // Checkpoints live in the target's own database (schema), so that data and checkpoint
  // are committed atomically even when schemas are separate files.
  virtual std::optional<Checkpoint> read_checkpoint(const TableName& target) = 0;
  virtual void write_checkpoint(const TableName& target, const Checkpoint& checkpoint) = 0;
  virtual void delete_checkpoint(const TableName& target) = 0;
};

}  // namespace backlog::sinks
