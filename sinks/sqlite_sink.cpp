// The SQLite destination (see sqlite_sink.h for the file layout and write strategy).
#include "sinks/sqlite_sink.h"

#include <algorithm>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "sinks/sql_identifier.h"

namespace backlog::sinks {

namespace {

constexpr const char* kCheckpointTable = "_backlogsql_checkpoints";

std::string stage_table(const std::string& set) {
  return quote_identifier("_backlogsql_stage_" + set);
}

std::string schema_or_main(const std::string& schema) { return schema.empty() ? "main" : schema; }

// `"a" = ? AND "b" = ?`
std::string key_match(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out += " AND ";
    out += quote_identifier(k) + " = ?";
  }
  return out;
}

// `"a"` or `("a", "b")`: the left side of a row-value IN.
std::string row_value(const std::vector<std::string>& columns) {
  return columns.size() == 1 ? quote_identifier(columns[0]) : "(" + quote_list(columns) + ")";
}

}  // namespace

std::unique_ptr<SqliteSink> SqliteSink::open(const std::string& path) {
  sqlite3* raw = nullptr;
  // NOMUTEX: a sink is used by one thread, so SQLite's lock around every call is pure cost.
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK)
    throw SinkError(fmt::format("sqlite:{}: cannot open: {}", path,
                                raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), 10000);
  sqlite3_extended_result_codes(db.get(), 1);
  try {
    // WAL: readers (the stock CLI, a dashboard) never block a replication; NORMAL sync is
    // still safe against a killed process (only power loss may drop the last commit).
    exec(db.get(), "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("sqlite:{}: {}", path, e.what()));
  }
  return std::unique_ptr<SqliteSink>(new SqliteSink(std::move(db), path));
}

std::unique_ptr<SqliteSink> SqliteSink::borrow(sqlite3* db, std::string path) {
  std::unique_ptr<SqliteSink> sink(new SqliteSink(SqliteDb(db), std::move(path)));
  sink->borrowed_ = true;
  SqliteStmt list = prepare(db, "SELECT name FROM pragma_database_list WHERE name NOT IN ('main', 'temp')");
  while (sqlite3_step(list.get()) == SQLITE_ROW)
    sink->attached_.insert(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
  return sink;
}

SqliteSink::~SqliteSink() {
  if (borrowed_) (void)db_.release();  // the prepared statements still finalize below
}

std::string SqliteSink::schema_file(const std::string& dest_path, const std::string& schema) {
  std::filesystem::path p(dest_path);
  std::string stem = p.stem().string();
  if (stem.empty()) stem = p.filename().string();
  return (p.parent_path() / (stem + "." + schema + ".db")).string();
}

std::string SqliteSink::describe() const { return "sqlite:" + path_; }

std::string SqliteSink::test() {
  std::string step = "read the schema";  // fails on a file that is not a database
  try {
    exec(db_.get(), "SELECT count(*) FROM sqlite_master");
    step = "CREATE TABLE";
    exec(db_.get(), "CREATE TABLE IF NOT EXISTS \"_backlogsql_test\"(x INTEGER)");
    step = "INSERT";
    exec(db_.get(), "INSERT INTO \"_backlogsql_test\" VALUES (1)");
    step = "DROP TABLE";
    exec(db_.get(), "DROP TABLE \"_backlogsql_test\"");
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("{}: {} failed: {}", describe(), step, e.what()));
  }
  return std::string("SQLite ") + sqlite3_libversion();
}

std::string SqliteSink::fail(const TableName& table, const std::string& what) const {
  return fmt::format("{}: table {}: {}", describe(), table.display(), what);
}

void SqliteSink::prepare_schema(const std::string& schema) {
  if (schema.empty() || attached_.count(schema)) return;
  if (path_ == ":memory:" || path_.empty())
    throw SinkError(fmt::format("{}: schema {} needs a destination file", describe(), schema));
  if (!sqlite3_get_autocommit(db_.get()))
    throw SinkError(fmt::format("{}: cannot attach schema {} inside a transaction", describe(), schema));
  std::string file = schema_file(path_, schema);
  try {
    SqliteStmt attach = prepare(db_.get(), "ATTACH DATABASE ? AS " + quote_identifier(schema));
    bind_value(attach.get(), 1, file);
    step_done(db_.get(), attach.get());
    exec(db_.get(), "PRAGMA " + quote_identifier(schema) + ".journal_mode=WAL");
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("{}: schema {} ({}): {}", describe(), schema, file, e.what()));
  }
  attached_.insert(schema);
}

void SqliteSink::expect_full_load(const TableName& table) {
  if (!borrowed_) full_load_schema_ = schema_or_main(table.schema);  // a host's file keeps its mode
}

// Switches the full load's file to a rollback journal (see sqlite_sink.h). Best effort:
// SQLite answers the mode it is in, which stays "wal" while another connection is open.
static bool use_rollback_journal(sqlite3* db, const std::string& schema) {
  sqlite3_stmt* raw = nullptr;
  std::string sql = "PRAGMA " + quote_identifier(schema) + ".journal_mode=DELETE";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return false;
  SqliteStmt s(raw);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return false;
  auto* mode = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
  return mode && std::string(mode) == "delete";
}

void SqliteSink::end_full_load() noexcept {
  full_load_schema_.reset();
  if (!rollback_journal_) return;
  // Back to WAL (cheap: the file has no WAL content now). Should it fail, the file is
  // merely left in rollback mode; open() asks for WAL again.
  sqlite3_exec(db_.get(), ("PRAGMA " + quote_identifier(*rollback_journal_) + ".journal_mode=WAL").c_str(),
               nullptr, nullptr, nullptr);
  rollback_journal_.reset();
}

void SqliteSink::begin() {
  if (full_load_schema_ && use_rollback_journal(db_.get(), *full_load_schema_))
    rollback_journal_ = full_load_schema_;
  try {
    // IMMEDIATE: take the write lock now rather than fail half-way on SQLITE_BUSY.
    exec(db_.get(), "BEGIN IMMEDIATE");
  } catch (const SinkError& e) {
    end_full_load();
    throw SinkError(fmt::format("{}: begin: {}", describe(), e.what()));
  }
}

void SqliteSink::commit() {
  try {
    exec(db_.get(), "COMMIT");
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("{}: commit: {}", describe(), e.what()));
  }
  end_full_load();
}

void SqliteSink::rollback() noexcept {
  if (!sqlite3_get_autocommit(db_.get()))
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  end_full_load();
  // A set created inside the transaction is gone now; forget every set so that none is
  // believed to exist (staged sets do not survive a rollback).
  std::vector<std::string> sets;
  for (const auto& [name, columns] : staged_) sets.push_back(name);
  for (const auto& name : sets) {
    try {
      clear_stage(name);
    } catch (...) {
      staged_.erase(name);
    }
  }
}

sqlite3_stmt* SqliteSink::cached(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(sql, prepare(db_.get(), sql)).first;
  sqlite3_reset(it->second.get());
  sqlite3_clear_bindings(it->second.get());
  return it->second.get();
}

std::string SqliteSink::qualified(const TableName& table) const {
  return quote_identifier(schema_or_main(table.schema)) + "." + quote_identifier(table.table);
}

std::optional<TableSpec> SqliteSink::describe_table(const TableName& table) {
  try {
    // Real tables only: in backlog.so's host connection pragma_table_info('Issues') would
    // also describe the eponymous Backlog table of that name.
    sqlite3_stmt* s = cached("SELECT name, type, pk FROM pragma_table_info(?1, ?2) "
                             "WHERE EXISTS (SELECT 1 FROM pragma_table_list(?1) WHERE schema = ?2) ORDER BY cid");
    bind_value(s, 1, table.table);
    bind_value(s, 2, schema_or_main(table.schema));
    TableSpec spec{table, {}, {}};
    std::vector<std::pair<int, std::string>> pk;
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      const unsigned char* type = sqlite3_column_text(s, 1);
      spec.columns.push_back({name, type ? reinterpret_cast<const char*>(type) : ""});
      if (int order = sqlite3_column_int(s, 2); order > 0) pk.emplace_back(order, name);
    }
    sqlite3_reset(s);
    if (spec.columns.empty()) return std::nullopt;
    std::sort(pk.begin(), pk.end());
    for (auto& [order, name] : pk) spec.keys.push_back(name);
    return spec;
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void SqliteSink::ensure_table(const TableSpec& spec) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + qualified(spec.name) + " (";
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) sql += ", ";
    sql += quote_identifier(spec.columns[i].name);
    if (!spec.columns[i].type.empty()) sql += " " + spec.columns[i].type;
  }
  if (!spec.keys.empty()) sql += ", PRIMARY KEY (" + quote_list(spec.keys) + ")";
  sql += ")";
  try {
    exec(db_.get(), sql);
  } catch (const SinkError& e) {
    throw SinkError(fail(spec.name, e.what()));
  }
}

void SqliteSink::add_column(const TableName& table, const ColumnSpec& column) {
  std::string sql = "ALTER TABLE " + qualified(table) + " ADD COLUMN " + quote_identifier(column.name);
  if (!column.type.empty()) sql += " " + column.type;
  try {
    exec(db_.get(), sql);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void SqliteSink::drop_table(const TableName& table) {
  try {
    exec(db_.get(), "DROP TABLE IF EXISTS " + qualified(table));
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void SqliteSink::truncate_table(const TableName& table) { delete_rows(table, {}); }

Sink::UpsertCount SqliteSink::upsert(const TableName& table, const std::vector<std::string>& keys,
                                     const SinkBatch& batch) {
  UpsertCount count;
  if (batch.empty()) return count;
  const auto& cols = batch.columns();
  std::vector<int> key_pos;  // where each key column sits in the batch
  for (const auto& k : keys) {
    auto it = std::find(cols.begin(), cols.end(), k);
    if (it == cols.end()) throw SinkError(fail(table, "key column " + k + " is not in the rows"));
    key_pos.push_back(static_cast<int>(it - cols.begin()));
  }

  std::string insert = "INSERT INTO " + qualified(table) + " (" + quote_list(cols) + ") VALUES (";
  for (size_t i = 0; i < cols.size(); ++i) insert += i ? ", ?" : "?";
  insert += ")";
  bool keyed = !keys.empty();
  if (keyed) {
    // Only rows whose values differ are rewritten, so "updated" counts real changes.
    std::string set, changed;
    for (const auto& c : cols) {
      if (std::find(keys.begin(), keys.end(), c) != keys.end()) continue;
      std::string q = quote_identifier(c);
      set += (set.empty() ? "" : ", ") + q + " = excluded." + q;
      changed += (changed.empty() ? "" : " OR ") + q + " IS NOT excluded." + q;
    }
    insert += " ON CONFLICT (" + quote_list(keys) + ") DO ";
    insert += set.empty() ? "NOTHING" : "UPDATE SET " + set + " WHERE " + changed;
  }

  try {
    // Inserted or updated? In a rowid table an insert sets the last insert rowid and an
    // update does not, so a sentinel set before each row tells them apart without a
    // lookup. WITHOUT ROWID tables (made by hand) are probed by key instead.
    sqlite3_stmt* probe = nullptr;
    if (keyed && !has_rowid(table))
      probe = cached("SELECT 1 FROM " + qualified(table) + " WHERE " + key_match(keys));
    constexpr sqlite3_int64 kNoInsert = std::numeric_limits<sqlite3_int64>::min();
    sqlite3_stmt* ins = cached(insert);
    for (size_t r = 0; r < batch.size(); ++r) {
      auto row = batch.row(r);
      bool existed = false;
      if (probe) {
        sqlite3_reset(probe);
        for (size_t k = 0; k < key_pos.size(); ++k)
          bind_value(probe, static_cast<int>(k + 1), row[key_pos[k]], false);
        int rc = sqlite3_step(probe);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw SinkError(sqlite3_errmsg(db_.get()));
        existed = rc == SQLITE_ROW;
        sqlite3_reset(probe);
      }
      // The batch outlives each step: bind its text in place.
      for (size_t i = 0; i < row.size(); ++i) bind_value(ins, static_cast<int>(i + 1), row[i], false);
      sqlite3_set_last_insert_rowid(db_.get(), kNoInsert);
      step_done(db_.get(), ins);
      if (sqlite3_changes(db_.get()) == 0) continue;  // identical row (or DO NOTHING)
      if (probe ? !existed : (!keyed || sqlite3_last_insert_rowid(db_.get()) != kNoInsert)) ++count.inserted;
      else ++count.updated;
    }
    sqlite3_clear_bindings(ins);  // no pointer into the batch stays behind
    if (probe) sqlite3_clear_bindings(probe);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
  return count;
}

bool SqliteSink::has_rowid(const TableName& table) {
  sqlite3_stmt* s = cached("SELECT wr FROM pragma_table_list(?1) WHERE schema = ?2");
  bind_value(s, 1, table.table);
  bind_value(s, 2, schema_or_main(table.schema));
  bool without_rowid = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) != 0;
  sqlite3_reset(s);
  return !without_rowid;
}

void SqliteSink::stage(const std::string& set, const SinkBatch& rows) {
  try {
    auto it = staged_.find(set);
    if (it == staged_.end()) {
      // Untyped columns: values keep the exact type they had in the source.
      exec(db_.get(), "CREATE TEMP TABLE IF NOT EXISTS " + stage_table(set) + " (" +
                          quote_list(rows.columns()) + ")");
      it = staged_.emplace(set, rows.columns()).first;
    }
    if (it->second != rows.columns())
      throw SinkError("staged set " + set + " was created with other columns");
    std::string sql = "INSERT INTO temp." + stage_table(set) + " VALUES (";
    for (size_t i = 0; i < rows.width(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    sqlite3_stmt* s = cached(sql);
    for (size_t r = 0; r < rows.size(); ++r) {
      auto row = rows.row(r);
      for (size_t i = 0; i < row.size(); ++i) bind_value(s, static_cast<int>(i + 1), row[i], false);
      step_done(db_.get(), s);
    }
    sqlite3_clear_bindings(s);
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("{}: staging {}: {}", describe(), set, e.what()));
  }
}

void SqliteSink::clear_stage(const std::string& set) {
  // Drop the cached statements that name the table before dropping it.
  for (auto it = statements_.begin(); it != statements_.end();) {
    if (it->first.find(stage_table(set)) != std::string::npos) it = statements_.erase(it);
    else ++it;
  }
  exec(db_.get(), "DROP TABLE IF EXISTS temp." + stage_table(set));
  staged_.erase(set);
}

std::string SqliteSink::where_clause(const RowFilter& filter, std::vector<Value>& binds) const {
  std::vector<std::string> terms;
  auto membership = [&](const StagedSetRef& ref, const char* op) {
    auto it = staged_.find(ref.set);
    if (it == staged_.end()) {
      // Nothing was staged: an empty set.
      terms.push_back(std::string(op) == "IN" ? "0" : "1");
      return;
    }
    if (it->second.size() != ref.columns.size())
      throw SinkError("staged set " + ref.set + " does not match the columns compared with it");
    terms.push_back(row_value(ref.columns) + " " + op + " (SELECT " + quote_list(it->second) +
                    " FROM temp." + stage_table(ref.set) + ")");
  };
  if (filter.in) membership(*filter.in, "IN");
  if (filter.not_in) membership(*filter.not_in, "NOT IN");
  if (!filter.range_column.empty() && !filter.range_from.empty()) {
    terms.push_back(quote_identifier(filter.range_column) + " >= ?");
    binds.push_back(filter.range_from);
  }
  if (!filter.range_column.empty() && !filter.range_to.empty()) {
    terms.push_back(quote_identifier(filter.range_column) + " < ?");
    binds.push_back(filter.range_to);
  }
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? " WHERE " : " AND ") + t;
  return out;
}

// DELETE or count(*) over the rows `filter` selects.
int64_t SqliteSink::filtered(const TableName& table, const RowFilter& filter, bool remove) {
  try {
    std::vector<Value> binds;
    std::string sql = (remove ? "DELETE FROM " : "SELECT count(*) FROM ") + qualified(table) +
                      where_clause(filter, binds);
    SqliteStmt s = prepare(db_.get(), sql);
    for (size_t i = 0; i < binds.size(); ++i) bind_value(s.get(), static_cast<int>(i + 1), binds[i]);
    if (remove) {
      step_done(db_.get(), s.get());
      return sqlite3_changes64(db_.get());
    }
    if (sqlite3_step(s.get()) != SQLITE_ROW) throw SinkError(sqlite3_errmsg(db_.get()));
    return sqlite3_column_int64(s.get(), 0);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

int64_t SqliteSink::delete_rows(const TableName& table, const RowFilter& filter) {
  return filtered(table, filter, true);
}

int64_t SqliteSink::count_rows(const TableName& table, const RowFilter& filter) {
  return filtered(table, filter, false);
}

std::optional<std::vector<Value>> SqliteSink::lookup(const TableName& table,
                                                     const std::vector<std::string>& keys,
                                                     std::span<const Value> key_values,
                                                     const std::vector<std::string>& columns) {
  try {
    sqlite3_stmt* s = cached("SELECT " + quote_list(columns) + " FROM " + qualified(table) +
                             " WHERE " + key_match(keys));
    for (size_t i = 0; i < key_values.size(); ++i) bind_value(s, static_cast<int>(i + 1), key_values[i]);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) throw SinkError(sqlite3_errmsg(db_.get()));
    std::vector<Value> row;
    for (size_t i = 0; i < columns.size(); ++i) row.push_back(column_value(s, static_cast<int>(i)));
    sqlite3_reset(s);
    return row;
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

bool SqliteSink::has_checkpoint_table(const std::string& schema) {
  sqlite3_stmt* s = cached("SELECT 1 FROM pragma_table_info(?, ?)");
  bind_value(s, 1, std::string(kCheckpointTable));
  bind_value(s, 2, schema_or_main(schema));
  bool found = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_reset(s);
  return found;
}

std::optional<Checkpoint> SqliteSink::read_checkpoint(const TableName& target) {
  try {
    if (!has_checkpoint_table(target.schema)) return std::nullopt;
    sqlite3_stmt* s = cached(
        "SELECT source, select_hash, cursor, activity_id, window_next, run_at, rows FROM " +
        qualified({target.schema, kCheckpointTable}) + " WHERE target = ?");
    bind_value(s, 1, target.display());
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) throw SinkError(sqlite3_errmsg(db_.get()));
    auto text = [&](int i) {
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      return std::string(p ? p : "");
    };
    Checkpoint c{target.display(), text(0), text(1), text(2), sqlite3_column_int64(s, 3),
                 text(4), text(5), sqlite3_column_int64(s, 6)};
    sqlite3_reset(s);
    return c;
  } catch (const SinkError& e) {
    throw SinkError(fail(target, std::string("reading checkpoint: ") + e.what()));
  }
}

void SqliteSink::write_checkpoint(const TableName& target, const Checkpoint& c) {
  try {
    std::string table = qualified({target.schema, kCheckpointTable});
    exec(db_.get(), "CREATE TABLE IF NOT EXISTS " + table +
                        " (target TEXT PRIMARY KEY, source TEXT, select_hash TEXT, cursor TEXT,"
                        " activity_id INTEGER, window_next TEXT, run_at TEXT, rows INTEGER)");
    sqlite3_stmt* s = cached("INSERT OR REPLACE INTO " + table +
                             " (target, source, select_hash, cursor, activity_id, window_next,"
                             " run_at, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    bind_value(s, 1, target.display());
    bind_value(s, 2, c.source);
    bind_value(s, 3, c.select_hash);
    bind_value(s, 4, c.cursor);
    bind_value(s, 5, c.activity_id);
    bind_value(s, 6, c.window_next);
    bind_value(s, 7, c.run_at);
    bind_value(s, 8, c.rows);
    step_done(db_.get(), s);
  } catch (const SinkError& e) {
    throw SinkError(fail(target, std::string("writing checkpoint: ") + e.what()));
  }
}

void SqliteSink::delete_checkpoint(const TableName& target) {
  if (!has_checkpoint_table(target.schema)) return;
  SqliteStmt s = prepare(db_.get(), "DELETE FROM " + qualified({target.schema, kCheckpointTable}) +
                                        " WHERE target = ?");
  bind_value(s.get(), 1, target.display());
  step_done(db_.get(), s.get());
}

}  // namespace backlog::sinks
