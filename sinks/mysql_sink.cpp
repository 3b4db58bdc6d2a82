// The MySQL/MariaDB destination (see mysql_sink.h for the layout, the write strategy and
// how DDL is kept out of the way of a statement's transaction).
#include "sinks/mysql_sink.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <unistd.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include <fmt/format.h>

#include "sinks/bulk_text.h"

namespace backlog::sinks {

namespace {

constexpr const char* kCheckpointTable = "_backlogsql_checkpoints";
// Past this many bytes of data statements in one transaction the journal is dropped: a
// transaction that large has long passed the point where the engine changes shapes.
constexpr size_t kJournalLimit = size_t{64} << 20;
// Statements larger than this gain nothing in speed and cost memory.
constexpr size_t kStatementCap = size_t{16} << 20;

const std::string& text_of(const Value& v) {
  static const std::string empty;
  auto* s = std::get_if<std::string>(&v);
  return s ? *s : empty;
}

// "No such table" and "no such database": a checkpoint that cannot exist yet.
bool is_missing(const MysqlError& e) { return e.code() == ER_NO_SUCH_TABLE || e.code() == ER_BAD_DB_ERROR; }

// `a`, or (`a`, `b`): the left side of a row-value IN.
std::string row_value(const std::vector<std::string>& columns) {
  return columns.size() == 1 ? mysql_quote_identifier(columns[0]) : "(" + mysql_quote_list(columns) + ")";
}

// Why a statement of test() failed, in the contract's words.
std::string privilege_reason(const MysqlError& e) {
  switch (e.code()) {
    case ER_TABLEACCESS_DENIED_ERROR:
    case ER_DBACCESS_DENIED_ERROR:
    case ER_SPECIFIC_ACCESS_DENIED_ERROR:
      return fmt::format("missing privilege ({})", e.what());
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
      return fmt::format("connection lost ({})", e.what());
    default:
      return e.what();
  }
}

// A refused LOAD DATA LOCAL INFILE: local_infile=OFF on the server (MariaDB 10.11: 4166,
// older MariaDB: 1148) or on either side (MySQL 8: 3948, ER_CLIENT_LOCAL_FILES_DISABLED).
bool is_local_infile_refusal(const MysqlError& e) {
  return e.code() == ER_LOAD_INFILE_CAPABILITY_DISABLED || e.code() == ER_NOT_ALLOWED_COMMAND ||
         e.code() == 3948;
}

// One field in LOAD DATA's text format as first_load() declares it (fields end at a tab,
// lines at a newline, escapes start with a backslash, nothing encloses): \N is NULL, and
// the characters that would end a field or line early are escaped. Numbers are written as
// append_literal() writes them into an INSERT.
void append_load_field(std::string& out, const Value& v) {
  if (std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v)) {
    append_mysql_number(out, v);
  } else if (auto* t = std::get_if<std::string>(&v)) {
    append_bulk_escaped(out, *t, /*escape_nul=*/true);
  } else {
    out += "\\N";
  }
}

}  // namespace

const MysqlSink::ColumnShape* MysqlSink::Shape::find(std::string_view name) const {
  // MySQL column names are case-insensitive.
  for (const auto& c : columns) {
    if (c.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; same && i < name.size(); ++i)
      same = std::tolower(static_cast<unsigned char>(c.name[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    if (same) return &c;
  }
  return nullptr;
}

std::unique_ptr<MysqlSink> MysqlSink::open(std::string_view text) {
  std::string error;
  auto uri = parse_mysql_uri(text, &error);
  if (!uri) throw SinkError(error);
  return std::unique_ptr<MysqlSink>(new MysqlSink(MysqlConnection::connect(*uri), *uri));
}

MysqlSink::MysqlSink(MysqlConnection conn, MysqlUri uri)
    : conn_(std::move(conn)), uri_(std::move(uri)) {
  // Room below max_allowed_packet for the protocol header and the ON DUPLICATE KEY part.
  size_t packet = conn_.max_packet();
  statement_limit_ = std::min(kStatementCap, packet > 8192 ? packet - 4096 : packet / 2);
  bulk_ = conn_.bulk_supported();
}

std::string MysqlSink::describe() const { return uri_.display(); }

std::string MysqlSink::fail(const TableName& table, const std::string& what) const {
  return fmt::format("{}: table {}: {}", describe(), table.display(), what);
}

std::string MysqlSink::database(const std::string& schema) const {
  return schema.empty() ? uri_.database : schema;
}

std::string MysqlSink::qualified(const TableName& table) const {
  return mysql_quote_identifier(database(table.schema)) + "." + mysql_quote_identifier(table.table);
}

std::string MysqlSink::stage_table(const std::string& set) const {
  return mysql_quote_identifier(uri_.database) + "." + mysql_quote_identifier("_backlogsql_stage_" + set);
}

std::string MysqlSink::test() {
  if (in_transaction_) throw SinkError(describe() + ": test inside a transaction");
  static std::atomic<int> counter{0};
  std::string scratch = mysql_quote_identifier(uri_.database) + "." +
                        mysql_quote_identifier(fmt::format("_backlogsql_test_{}_{}", getpid(), counter++));
  std::string step = "round trip";
  try {
    conn_.query("SELECT VERSION()");
    step = "CREATE TABLE";
    conn_.exec("CREATE TABLE " + scratch + " (x BIGINT) ENGINE=InnoDB");
    step = "INSERT";
    conn_.exec("INSERT INTO " + scratch + " VALUES (1)");
    step = "DROP TABLE";
    conn_.exec("DROP TABLE " + scratch);
  } catch (const MysqlError& e) {
    // Leave nothing behind when DROP was the only thing allowed to fail.
    if (step == "INSERT") {
      try { conn_.exec("DROP TABLE IF EXISTS " + scratch); } catch (const SinkError&) {}
    }
    throw SinkError(fmt::format("{}: {} failed: {}", describe(), step, privilege_reason(e)));
  }
  return conn_.server_name();
}

void MysqlSink::prepare_schema(const std::string& schema) {
  if (schema.empty() || schemas_.count(schema)) return;
  if (in_transaction_)
    throw SinkError(fmt::format("{}: cannot create database {} inside a transaction", describe(), schema));
  try {
    // Check first: a user may use an existing database without the right to create one.
    std::vector<Value> name{schema};
    if (conn_.query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name).empty())
      conn_.exec("CREATE DATABASE IF NOT EXISTS " + mysql_quote_identifier(schema) +
                 " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  } catch (const MysqlError& e) {
    throw SinkError(fmt::format("{}: database {}: {}", describe(), schema, privilege_reason(e)));
  }
  schemas_.insert(schema);
}

// --- transactions ---

void MysqlSink::expect_full_load(const TableName& table) { filling_ = table; }

void MysqlSink::begin() {
  std::optional<TableName> filling = std::move(filling_);
  filling_.reset();
  if (in_transaction_) throw SinkError(describe() + ": begin: a transaction is already open");
  try {
    conn_.exec("START TRANSACTION");
  } catch (const MysqlError& e) {
    throw SinkError(fmt::format("{}: begin: {}", describe(), e.what()));
  }
  end_transaction();
  in_transaction_ = true;
  // A chunk of a first load takes LOAD DATA first; a key the table already holds makes
  // the load come out short, and first_load() redoes the batch as an upsert.
  if (filling) fresh_.insert(qualified(*filling));
}

void MysqlSink::end_transaction() {
  in_transaction_ = false;
  written_ = false;
  journal_.clear();
  journal_bytes_ = 0;
  journal_broken_.clear();
  created_.clear();
  fresh_.clear();
  set_aside_.clear();
}

void MysqlSink::commit() {
  try {
    conn_.exec("COMMIT");
  } catch (const MysqlError& e) {
    throw SinkError(fmt::format("{}: commit: {}", describe(), e.what()));
  }
  // The replacements are committed: the tables set aside by drop_table() can go. A
  // failure here leaves a harmless "_backlogsql_old_…" table that the next drop removes.
  for (const auto& [table, backup] : set_aside_) {
    try {
      conn_.exec("DROP TABLE IF EXISTS " + qualified({table.schema, backup}));
    } catch (const SinkError&) {
    }
  }
  end_transaction();
}

void MysqlSink::rollback() noexcept {
  auto quietly = [&](const std::string& sql) {
    try {
      conn_.exec(sql);
    } catch (...) {
    }
  };
  if (in_transaction_) quietly("ROLLBACK");
  // DDL committed on its own: undo it by hand, newest first.
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
    quietly("DROP TABLE IF EXISTS " + qualified(*it));
    forget_shape(*it);
  }
  for (auto it = set_aside_.rbegin(); it != set_aside_.rend(); ++it) {
    quietly("DROP TABLE IF EXISTS " + qualified(it->first));
    quietly("RENAME TABLE " + qualified({it->first.schema, it->second}) + " TO " + qualified(it->first));
    forget_shape(it->first);
  }
  end_transaction();
  drop_stages();
}

uint64_t MysqlSink::run_data(std::string sql, std::vector<Value> params, std::set<std::string> stages) {
  uint64_t affected = 0;
  if (params.empty()) affected = conn_.exec(sql);
  else conn_.query(sql, params, &affected);
  remember({std::move(sql), std::move(params), std::move(stages), false, {}, {}});
  return affected;
}

void MysqlSink::remember(Journaled j) {
  if (!in_transaction_) return;
  written_ = true;
  if (!journal_broken_.empty()) return;
  journal_bytes_ += j.sql.size() + j.infile.size() + (j.bulk ? j.bulk->bytes() : 0);
  for (const auto& p : j.params) journal_bytes_ += text_of(p).size() + 16;
  if (journal_bytes_ > kJournalLimit) {
    journal_.clear();
    journal_broken_ = fmt::format("more than {} MiB of rows were written before it", kJournalLimit >> 20);
  } else {
    journal_.push_back(std::move(j));
  }
}

void MysqlSink::run_ddl(const std::vector<std::string>& statements) {
  if (!in_transaction_ || !written_) {
    // Outside a transaction, or nothing written yet: the implicit commit is harmless.
    for (const auto& sql : statements) conn_.exec(sql);
    if (in_transaction_) conn_.exec("START TRANSACTION");
    return;
  }
  if (!journal_broken_.empty())
    throw SinkError(fmt::format("cannot change a table's shape in this transaction: MySQL commits "
                                "before DDL and {}", journal_broken_));
  // Undo what was written, run the DDL alone, then write it again in a new transaction.
  conn_.exec("ROLLBACK");
  for (const auto& sql : statements) conn_.exec(sql);
  conn_.exec("START TRANSACTION");
  for (const auto& j : journal_) {
    if (j.bulk) conn_.execute_bulk(j.sql, *j.bulk);
    else if (j.load) conn_.load_local(j.sql, j.infile);
    else if (j.params.empty()) conn_.exec(j.sql);
    else conn_.query(j.sql, j.params);
  }
}

// --- shapes ---

const MysqlSink::Shape* MysqlSink::shape(const TableName& table) {
  std::string key = qualified(table);
  if (auto it = shapes_.find(key); it != shapes_.end()) return &it->second;
  std::vector<Value> where{database(table.schema), table.table};
  auto columns = conn_.query(
      "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COLUMN_COMMENT FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
      where);
  if (columns.empty()) return nullptr;  // absence is not cached: someone may create it
  Shape s;
  for (const auto& row : columns) {
    ColumnShape c;
    c.name = text_of(row[0]);
    if (!declared_from_comment(text_of(row[3]), &c.declared))
      c.declared = declared_from_mysql(text_of(row[1]), text_of(row[2]));
    c.kind = mysql_kind_of_column(text_of(row[1]), text_of(row[2]), c.declared);
    s.columns.push_back(std::move(c));
  }
  auto keys = conn_.query(
      "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND "
      "TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
      where);
  for (const auto& row : keys) s.keys.push_back(text_of(row[0]));
  return &shapes_.emplace(key, std::move(s)).first->second;
}

void MysqlSink::forget_shape(const TableName& table) { shapes_.erase(qualified(table)); }

std::optional<TableSpec> MysqlSink::describe_table(const TableName& table) {
  try {
    const Shape* s = shape(table);
    if (!s) return std::nullopt;
    TableSpec spec{table, {}, s->keys};
    for (const auto& c : s->columns) spec.columns.push_back({c.name, c.declared});
    return spec;
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void MysqlSink::ensure_checkpoint_table(const std::string& schema) {
  std::string db = database(schema);
  if (checkpoint_tables_.count(db)) return;
  std::vector<Value> where{db, std::string(kCheckpointTable)};
  if (conn_.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", where)
          .empty())
    run_ddl({"CREATE TABLE IF NOT EXISTS " + qualified({schema, kCheckpointTable}) +
             " (`target` VARCHAR(255) NOT NULL PRIMARY KEY, `source` LONGTEXT, `select_hash` LONGTEXT,"
             " `cursor` LONGTEXT, `activity_id` BIGINT, `window_next` LONGTEXT, `run_at` LONGTEXT,"
             " `rows` BIGINT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"});
  checkpoint_tables_.insert(db);
}

void MysqlSink::ensure_table(const TableSpec& spec) {
  try {
    if (shape(spec.name)) return;
    std::string sql = "CREATE TABLE IF NOT EXISTS " + qualified(spec.name) + " (";
    for (size_t i = 0; i < spec.columns.size(); ++i) {
      const auto& c = spec.columns[i];
      bool key = std::find(spec.keys.begin(), spec.keys.end(), c.name) != spec.keys.end();
      if (i) sql += ", ";
      sql += mysql_quote_identifier(c.name) + " " + mysql_column_type(c.type, key);
      if (key) sql += " NOT NULL";
      sql += " COMMENT ";
      conn_.append_literal(sql, mysql_type_comment(c.type));
    }
    if (!spec.keys.empty()) sql += ", PRIMARY KEY (" + mysql_quote_list(spec.keys) + ")";
    sql += ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    // The checkpoints table first, while this is DDL time anyway (see mysql_sink.h).
    ensure_checkpoint_table(spec.name.schema);
    run_ddl({sql});
    if (in_transaction_) {
      created_.push_back(spec.name);
      fresh_.insert(qualified(spec.name));
    }
  } catch (const SinkError& e) {
    throw SinkError(fail(spec.name, e.what()));
  }
}

void MysqlSink::add_column(const TableName& table, const ColumnSpec& column) {
  std::string sql = "ALTER TABLE " + qualified(table) + " ADD COLUMN " + mysql_quote_identifier(column.name) +
                    " " + mysql_column_type(column.type, false) + " COMMENT ";
  conn_.append_literal(sql, mysql_type_comment(column.type));
  try {
    run_ddl({sql});
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
  forget_shape(table);
}

void MysqlSink::drop_table(const TableName& table) {
  try {
    forget_shape(table);
    fresh_.erase(qualified(table));
    auto made = std::find(created_.begin(), created_.end(), table);
    if (!in_transaction_ || made != created_.end()) {
      if (made != created_.end()) created_.erase(made);
      run_ddl({"DROP TABLE IF EXISTS " + qualified(table)});
      return;
    }
    if (!shape(table)) return;
    forget_shape(table);
    // Inside a transaction: set the table aside so rollback() can put it back.
    std::string backup = ("_backlogsql_old_" + table.table).substr(0, 64);
    run_ddl({"DROP TABLE IF EXISTS " + qualified({table.schema, backup}),
             "RENAME TABLE " + qualified(table) + " TO " + qualified({table.schema, backup})});
    set_aside_.emplace_back(table, backup);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void MysqlSink::truncate_table(const TableName& table) { delete_rows(table, {}); }

// --- rows ---

template <class OnStatement>
void MysqlSink::bulk_insert(const std::string& target, const SinkBatch& batch,
                            const std::vector<MysqlKind>& kinds, const std::string& suffix,
                            const std::set<std::string>& stages, OnStatement&& on_statement) {
  const std::string head = "INSERT INTO " + target + " (" + mysql_quote_list(batch.columns()) + ") VALUES ";
  std::string sql = head, row;
  size_t rows_in = 0;
  auto flush = [&] {
    if (rows_in == 0) return;
    sql += suffix;
    uint64_t affected = run_data(std::move(sql), {}, stages);
    on_statement(rows_in, affected);
    sql = head;
    rows_in = 0;
  };
  for (size_t r = 0; r < batch.size(); ++r) {
    auto values = batch.row(r);
    row = "(";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) row += ", ";
      if (kinds[i] == MysqlKind::Datetime || kinds[i] == MysqlKind::Date)
        conn_.append_literal(row, mysql_column_value(values[i], kinds[i]));
      else
        conn_.append_literal(row, values[i]);
    }
    row += ")";
    if (rows_in > 0 && sql.size() + 1 + row.size() + suffix.size() > statement_limit_) flush();
    if (head.size() + row.size() + suffix.size() + 1024 > conn_.max_packet())
      throw SinkError(fmt::format("row {} of the batch is {} bytes: more than the server's "
                                  "max_allowed_packet ({} bytes)", r + 1, row.size(), conn_.max_packet()));
    if (rows_in++ > 0) sql += ",";
    sql += row;
  }
  flush();
}

Sink::UpsertCount MysqlSink::upsert(const TableName& table, const std::vector<std::string>& keys,
                                    const SinkBatch& batch) {
  UpsertCount count;
  if (batch.empty()) return count;
  try {
    const Shape* s = shape(table);
    if (!s) throw SinkError("does not exist");
    const auto& cols = batch.columns();
    std::vector<MysqlKind> kinds;
    for (const auto& c : cols) {
      const ColumnShape* col = s->find(c);
      if (!col) throw SinkError("has no column " + c);
      kinds.push_back(col->kind);
    }
    for (const auto& k : keys)
      if (std::find(cols.begin(), cols.end(), k) == cols.end())
        throw SinkError("key column " + k + " is not in the rows");
    if (in_transaction_ && fresh_.count(qualified(table))) {
      if (auto inserted = first_load(table, batch, kinds)) {
        count.inserted = *inserted;
        return count;
      }
    }
    std::string suffix;
    if (!keys.empty()) {
      for (const auto& c : cols) {
        if (std::find(keys.begin(), keys.end(), c) != keys.end()) continue;
        std::string q = mysql_quote_identifier(c);
        suffix += (suffix.empty() ? " ON DUPLICATE KEY UPDATE " : ", ") + q + " = VALUES(" + q + ")";
      }
      // Only keys: a duplicate changes nothing (0 affected rows).
      if (suffix.empty()) {
        std::string q = mysql_quote_identifier(keys[0]);
        suffix = " ON DUPLICATE KEY UPDATE " + q + " = " + q;
      }
    }
    bulk_insert(qualified(table), batch, kinds, suffix, {}, [&](size_t rows, uint64_t affected) {
      auto n = static_cast<int64_t>(rows), a = static_cast<int64_t>(affected);
      if (keys.empty()) {
        count.inserted += a;
        return;
      }
      // "Records: 3  Duplicates: 1  Warnings: 0" (multi-row statements only): without
      // CLIENT_FOUND_ROWS, Duplicates counts the rows an update actually changed. A single
      // row's affected count alone tells: 1 inserted, 2 changed, 0 identical.
      int64_t changed = a == 2 ? 1 : 0;
      std::string info = conn_.info();
      if (auto at = info.find("Duplicates:"); at != std::string::npos)
        changed = std::strtoll(info.c_str() + at + 11, nullptr, 10);
      else if (n > 1)
        throw SinkError("the server did not report duplicates for a multi-row insert");
      count.inserted += a - 2 * changed;
      count.updated += changed;
    });
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
  return count;
}

std::optional<int64_t> MysqlSink::first_load(const TableName& table, const SinkBatch& batch,
                                             const std::vector<MysqlKind>& kinds) {
  const std::string target = qualified(table);
  size_t journal_size = journal_.size(), journal_bytes = journal_bytes_;
  conn_.exec("SAVEPOINT `backlogsql_load`");
  std::optional<bool> clean;
  if (bulk_) {
    clean = bulk_batch(target, batch, kinds);
    if (*clean) ++first_loads_.bulk;
  } else if (local_infile_) {
    clean = load_batch(target, batch, kinds);
    if (clean && *clean) ++first_loads_.load_data;
  }
  if (!clean) {
    // No LOCAL INFILE: plain INSERTs, which fail (in strict mode) on a repeated key.
    try {
      bulk_insert(target, batch, kinds, "", {}, [](size_t, uint64_t) {});
      clean = true;
      ++first_loads_.insert;
    } catch (const MysqlError& e) {
      if (e.code() != ER_DUP_ENTRY) throw;
      clean = false;
    }
  }
  if (*clean) {
    conn_.exec("RELEASE SAVEPOINT `backlogsql_load`");
    return static_cast<int64_t>(batch.size());
  }
  // A key repeats (or a value wants the strict path): undo this batch, forget what it
  // journaled and let it and the rest of the transaction upsert.
  conn_.exec("ROLLBACK TO SAVEPOINT `backlogsql_load`");
  if (journal_broken_.empty() && journal_.size() >= journal_size) {
    journal_.erase(journal_.begin() + static_cast<std::ptrdiff_t>(journal_size), journal_.end());
    journal_bytes_ = journal_bytes;
  }
  fresh_.erase(target);
  return std::nullopt;
}

bool MysqlSink::bulk_batch(const std::string& target, const SinkBatch& batch,
                           const std::vector<MysqlKind>& kinds) {
  std::string sql = "INSERT INTO " + target + " (" + mysql_quote_list(batch.columns()) + ") VALUES (";
  for (size_t i = 0; i < batch.width(); ++i) sql += i ? ", ?" : "?";
  sql += ")";
  // As many rows per execution as fit below the packet limit: the client library sends
  // one execution as one packet.
  for (size_t begin = 0, end = 0; begin < batch.size(); begin = end) {
    size_t bytes = sql.size();
    for (; end < batch.size(); ++end) {
      size_t row = MysqlBulkRows::row_bytes(batch.row(end));
      if (sql.size() + row + 1024 > conn_.max_packet())
        throw SinkError(fmt::format("row {} of the batch is {} bytes: more than the server's "
                                    "max_allowed_packet ({} bytes)", end + 1, row, conn_.max_packet()));
      if (end > begin && bytes + row > statement_limit_) break;
      bytes += row;
    }
    auto rows = std::make_shared<const MysqlBulkRows>(batch, begin, end, kinds);
    uint64_t affected = 0;
    try {
      affected = conn_.execute_bulk(sql, *rows);
    } catch (const MysqlError& e) {
      if (e.code() != ER_DUP_ENTRY) throw;
      return false;
    }
    if (affected != rows->size()) return false;
    Journaled j;
    j.sql = sql;
    j.bulk = std::move(rows);  // (kept only while the journal may be replayed)
    remember(std::move(j));
  }
  return true;
}

std::optional<bool> MysqlSink::load_batch(const std::string& target, const SinkBatch& batch,
                                          const std::vector<MysqlKind>& kinds) {
  // The lines are made as the server asks for them; a copy is kept only while the
  // transaction's journal may still need it (see remember()).
  const bool keep = in_transaction_ && journal_broken_.empty();
  std::string kept;
  auto append = [&](std::string& data, size_t r) {
    auto values = batch.row(r);
    size_t row_start = data.size();
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) data += '\t';
      // Dates and timestamps in the form the column takes, as on the INSERT path.
      if (kinds[i] == MysqlKind::Datetime || kinds[i] == MysqlKind::Date)
        append_load_field(data, mysql_column_value(values[i], kinds[i]));
      else
        append_load_field(data, values[i]);
    }
    data += '\n';
    // The INSERT path's limit, kept here too: such a row could not be upserted or read
    // back later anyway.
    if (data.size() - row_start + 1024 > conn_.max_packet())
      throw SinkError(fmt::format("row {} of the batch is {} bytes: more than the server's "
                                  "max_allowed_packet ({} bytes)", r + 1, data.size() - row_start,
                                  conn_.max_packet()));
    if (keep && kept.size() <= kJournalLimit) kept.append(data, row_start, std::string::npos);
  };
  std::string sql = "LOAD DATA LOCAL INFILE 'backlogsql-batch' INTO TABLE " + target +
                    " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\'"
                    " LINES STARTING BY '' TERMINATED BY '\\n' (" +
                    mysql_quote_list(batch.columns()) + ")";
  uint64_t affected = 0;
  try {
    affected = conn_.load_local_rows(sql, batch.size(), append);
  } catch (const MysqlError& e) {
    if (!is_local_infile_refusal(e)) throw;
    local_infile_ = false;
    return std::nullopt;
  }
  // LOCAL means IGNORE: skipped duplicates and converted values show only here.
  if (affected != batch.size() || conn_.warnings() != 0) return false;
  Journaled j;
  j.sql = std::move(sql);
  j.load = true;
  j.infile = std::move(kept);  // (remember() gives up on the journal if this is too much)
  remember(std::move(j));
  return true;
}

void MysqlSink::stage(const std::string& set, const SinkBatch& rows) {
  try {
    auto it = staged_.find(set);
    if (it == staged_.end()) {
      // Column types from the first rows: whole numbers, reals, otherwise text (a key's
      // length limit). TEMPORARY: private to this connection and never an implicit commit.
      std::string cols;
      size_t index_bytes = 0;
      for (size_t i = 0; i < rows.width(); ++i) {
        std::string type = "VARCHAR(255)";
        for (size_t r = 0; r < rows.size(); ++r) {
          const Value& v = rows.row(r)[i];
          if (is_null(v)) continue;
          if (std::holds_alternative<int64_t>(v)) type = "BIGINT";
          else if (std::holds_alternative<double>(v)) type = "DOUBLE";
          break;
        }
        index_bytes += type == "VARCHAR(255)" ? 1020 : 8;
        cols += (cols.empty() ? "" : ", ") + mysql_quote_identifier(rows.columns()[i]) + " " + type;
      }
      // An index makes IN / NOT IN a lookup; InnoDB keys are at most 3072 bytes.
      if (index_bytes <= 3072) cols += ", INDEX (" + mysql_quote_list(rows.columns()) + ")";
      conn_.exec("DROP TEMPORARY TABLE IF EXISTS " + stage_table(set));
      conn_.exec("CREATE TEMPORARY TABLE " + stage_table(set) + " (" + cols +
                 ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
      it = staged_.emplace(set, rows.columns()).first;
    }
    if (it->second != rows.columns()) throw SinkError("staged set " + set + " was created with other columns");
    std::vector<MysqlKind> kinds(rows.width(), MysqlKind::Text);
    bulk_insert(stage_table(set), rows, kinds, "", {set}, [](size_t, uint64_t) {});
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("{}: staging {}: {}", describe(), set, e.what()));
  }
}

void MysqlSink::clear_stage(const std::string& set) {
  conn_.forget_statements(stage_table(set));
  try {
    conn_.exec("DROP TEMPORARY TABLE IF EXISTS " + stage_table(set));
  } catch (const SinkError& e) {
    throw SinkError(fmt::format("{}: clearing staged set {}: {}", describe(), set, e.what()));
  }
  staged_.erase(set);
  for (const auto& j : journal_)
    if (j.stages.count(set)) journal_broken_ = "staged set " + set + " was dropped since";
}

void MysqlSink::drop_stages() noexcept {
  for (const auto& [set, columns] : staged_) {
    conn_.forget_statements(stage_table(set));
    try {
      conn_.exec("DROP TEMPORARY TABLE IF EXISTS " + stage_table(set));
    } catch (...) {
    }
  }
  staged_.clear();
}

std::string MysqlSink::where_clause(const RowFilter& filter, const Shape& shape, std::vector<Value>& binds,
                                    std::set<std::string>& stages) const {
  std::vector<std::string> terms;
  auto membership = [&](const StagedSetRef& ref, bool in) {
    auto it = staged_.find(ref.set);
    if (it == staged_.end()) {  // nothing was staged: an empty set
      terms.push_back(in ? "FALSE" : "TRUE");
      return;
    }
    if (it->second.size() != ref.columns.size())
      throw SinkError("staged set " + ref.set + " does not match the columns compared with it");
    stages.insert(ref.set);
    terms.push_back(row_value(ref.columns) + (in ? " IN " : " NOT IN ") + "(SELECT " +
                    mysql_quote_list(it->second) + " FROM " + stage_table(ref.set) + ")");
  };
  if (filter.in) membership(*filter.in, true);
  if (filter.not_in) membership(*filter.not_in, false);
  MysqlKind kind = MysqlKind::Text;
  if (!filter.range_column.empty()) {
    const ColumnShape* c = shape.find(filter.range_column);
    if (!c) throw SinkError("has no column " + filter.range_column);
    kind = c->kind;
  }
  if (!filter.range_column.empty() && !filter.range_from.empty()) {
    terms.push_back(mysql_quote_identifier(filter.range_column) + " >= ?");
    binds.push_back(mysql_column_value(filter.range_from, kind));
  }
  if (!filter.range_column.empty() && !filter.range_to.empty()) {
    terms.push_back(mysql_quote_identifier(filter.range_column) + " < ?");
    binds.push_back(mysql_column_value(filter.range_to, kind));
  }
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? " WHERE " : " AND ") + t;
  return out;
}

int64_t MysqlSink::filtered(const TableName& table, const RowFilter& filter, bool remove) {
  try {
    const Shape* s = shape(table);
    if (!s) throw SinkError("does not exist");
    std::vector<Value> binds;
    std::set<std::string> stages;
    std::string where = where_clause(filter, *s, binds, stages);
    if (remove) {
      auto removed = run_data("DELETE FROM " + qualified(table) + where, binds, stages);
      bool everything = !filter.in && !filter.not_in && filter.range_column.empty();
      if (everything && in_transaction_) fresh_.insert(qualified(table));
      return static_cast<int64_t>(removed);
    }
    auto rows = conn_.query("SELECT COUNT(*) FROM " + qualified(table) + where, binds);
    return rows.empty() ? 0 : std::get<int64_t>(rows[0][0]);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

int64_t MysqlSink::delete_rows(const TableName& table, const RowFilter& filter) {
  return filtered(table, filter, true);
}

int64_t MysqlSink::count_rows(const TableName& table, const RowFilter& filter) {
  return filtered(table, filter, false);
}

std::optional<std::vector<Value>> MysqlSink::lookup(const TableName& table, const std::vector<std::string>& keys,
                                                    std::span<const Value> key_values,
                                                    const std::vector<std::string>& columns) {
  try {
    const Shape* s = shape(table);
    if (!s) throw SinkError("does not exist");
    if (keys.size() != key_values.size()) throw SinkError("lookup: as many key values as keys needed");
    std::string select;
    for (const auto& c : columns) {
      const ColumnShape* col = s->find(c);
      if (!col) throw SinkError("has no column " + c);
      select += (select.empty() ? "" : ", ") + mysql_read_expression(mysql_quote_identifier(c), col->kind);
    }
    std::string where;
    std::vector<Value> binds;
    for (size_t i = 0; i < keys.size(); ++i) {
      const ColumnShape* col = s->find(keys[i]);
      if (!col) throw SinkError("has no column " + keys[i]);
      where += (where.empty() ? "" : " AND ") + mysql_quote_identifier(keys[i]) + " = ?";
      binds.push_back(mysql_column_value(key_values[i], col->kind));
    }
    auto rows = conn_.query("SELECT " + select + " FROM " + qualified(table) + " WHERE " + where + " LIMIT 1", binds);
    if (rows.empty()) return std::nullopt;
    return std::move(rows[0]);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

// --- checkpoints ---

std::optional<Checkpoint> MysqlSink::read_checkpoint(const TableName& target) {
  try {
    std::vector<Value> key{target.display()};
    auto rows = conn_.query("SELECT `source`, `select_hash`, `cursor`, `activity_id`, `window_next`, `run_at`, "
                            "`rows` FROM " + qualified({target.schema, kCheckpointTable}) +
                                " WHERE `target` = ?",
                            key);
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    auto integer = [](const Value& v) { return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : 0; };
    return Checkpoint{target.display(), text_of(r[0]), text_of(r[1]), text_of(r[2]), integer(r[3]),
                      text_of(r[4]), text_of(r[5]), integer(r[6])};
  } catch (const MysqlError& e) {
    if (is_missing(e)) return std::nullopt;
    throw SinkError(fail(target, std::string("reading checkpoint: ") + e.what()));
  }
}

void MysqlSink::write_checkpoint(const TableName& target, const Checkpoint& c) {
  try {
    ensure_checkpoint_table(target.schema);
    run_data("INSERT INTO " + qualified({target.schema, kCheckpointTable}) +
                 " (`target`, `source`, `select_hash`, `cursor`, `activity_id`, `window_next`, `run_at`, `rows`)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `source` = VALUES(`source`),"
                 " `select_hash` = VALUES(`select_hash`), `cursor` = VALUES(`cursor`),"
                 " `activity_id` = VALUES(`activity_id`), `window_next` = VALUES(`window_next`),"
                 " `run_at` = VALUES(`run_at`), `rows` = VALUES(`rows`)",
             {target.display(), c.source, c.select_hash, c.cursor, c.activity_id, c.window_next, c.run_at, c.rows});
  } catch (const SinkError& e) {
    throw SinkError(fail(target, std::string("writing checkpoint: ") + e.what()));
  }
}

void MysqlSink::delete_checkpoint(const TableName& target) {
  try {
    run_data("DELETE FROM " + qualified({target.schema, kCheckpointTable}) + " WHERE `target` = ?",
             {target.display()});
  } catch (const MysqlError& e) {
    if (is_missing(e)) return;
    throw SinkError(fail(target, std::string("deleting checkpoint: ") + e.what()));
  }
}

}  // namespace backlog::sinks
