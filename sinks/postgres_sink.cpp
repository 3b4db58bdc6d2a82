// The PostgreSQL destination (see postgres_sink.h for connecting, types and the write path).
#include "sinks/postgres_sink.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sinks/pg_binary_copy.h"

#include "sinks/postgres_connect.h"
#include "sinks/postgres_types.h"
#include "sinks/sql_identifier.h"

namespace backlog::sinks {

namespace {

constexpr const char* kCheckpointTable = "_backlogsql_checkpoints";
constexpr const char* kRowColumn = "\"_backlogsql_row\"";  // batch order in a load table

std::string stage_table(const std::string& set) {
  return "pg_temp." + quote_identifier("_backlogsql_stage_" + set);
}

// A load table per batch width: text columns c1…cN plus the row's position in the batch.
std::string load_table(size_t width) {
  return quote_identifier(fmt::format("_backlogsql_load_{}", width));
}
std::string load_column(size_t i) { return quote_identifier(fmt::format("c{}", i + 1)); }

// `ROW(t."a", t."b")` — the row-valued side of IS DISTINCT FROM.
std::string row_of(const std::string& alias, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + alias + "." + quote_identifier(n);
  return "ROW(" + out + ")";
}

}  // namespace

// --- connecting ---

PostgresSink::PostgresSink(PgConn conn, std::string conninfo)
    : conn_(std::move(conn)),
      conninfo_(std::move(conninfo)),
      describe_(describe_pg_destination(conninfo_)),
      secrets_(pg_secrets(conninfo_)) {}

std::unique_ptr<PostgresSink> PostgresSink::open(const std::string& conninfo) {
  PgConn conn = pg_connect(conninfo);  // throws SinkError with the reason
  return std::unique_ptr<PostgresSink>(new PostgresSink(std::move(conn), conninfo));
}

bool PostgresSink::is_keyword_string(std::string_view text) { return is_pg_keyword_string(text); }

std::string PostgresSink::describe() const { return describe_; }

std::string PostgresSink::scrub(std::string text) const { return scrub_secrets(std::move(text), secrets_); }

std::string PostgresSink::fail(const TableName& table, const std::string& what) const {
  return scrub(fmt::format("{}: table {}: {}", describe_, table.display(), what));
}

std::string PostgresSink::test() {
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    PQreset(conn_.get());
    if (PQstatus(conn_.get()) != CONNECTION_OK)
      throw SinkError(scrub(fmt::format("{}: cannot connect: {}", describe_,
                                        explain_connect_failure(PQerrorMessage(conn_.get())))));
  }
  if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE)
    throw SinkError(describe_ + ": test() inside a transaction");
  std::string step = "round trip (SELECT 1)";
  try {
    pg_exec(conn_.get(), "SELECT 1");
    // The scratch table lives in a transaction that is always rolled back: nothing is
    // left behind whichever step fails, and the privileges are still checked.
    pg_exec(conn_.get(), "BEGIN");
    step = "CREATE TABLE";
    pg_exec(conn_.get(), "CREATE TABLE \"_backlogsql_test\" (x integer)");
    step = "INSERT";
    pg_exec(conn_.get(), "INSERT INTO \"_backlogsql_test\" VALUES (1)");
    step = "DROP TABLE";
    pg_exec(conn_.get(), "DROP TABLE \"_backlogsql_test\"");
    pg_exec(conn_.get(), "ROLLBACK");
  } catch (const PgError& e) {
    if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) PQclear(PQexec(conn_.get(), "ROLLBACK"));
    std::string why = e.sqlstate() == "42501" ? "missing privilege: " : "";
    throw SinkError(scrub(fmt::format("{}: {}{} failed: {}", describe_, why, step, e.what())));
  }
  const char* version = PQparameterStatus(conn_.get(), "server_version");
  std::string v = version ? version : "?";
  return "PostgreSQL " + v.substr(0, v.find(' '));  // "15.14 (Debian 15.14-0+deb12u1)"
}

// --- schemas and transactions ---

void PostgresSink::prepare_schema(const std::string& schema) {
  if (schema.empty() || schemas_.count(schema)) return;
  try {
    // Look first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database
    // even when the schema exists, which a loader role often lacks.
    auto found = pg_exec_params(conn_.get(), "SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema});
    if (PQntuples(found.get()) == 0)
      pg_exec(conn_.get(), "CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema));
  } catch (const SinkError& e) {
    throw SinkError(scrub(fmt::format("{}: schema {}: {}", describe_, schema, e.what())));
  }
  schemas_.insert(schema);
}

void PostgresSink::expect_full_load(const TableName& table) { filling_ = table; }

void PostgresSink::begin() {
  try {
    pg_exec(conn_.get(), "BEGIN");
  } catch (const SinkError& e) {
    filling_.reset();
    throw SinkError(scrub(fmt::format("{}: begin: {}", describe_, e.what())));
  }
  // A table being filled takes COPY first; a key it already holds fails the COPY, which
  // upsert() then undoes and redoes as an upsert (see there).
  if (filling_) mark_fresh(*filling_);
  filling_.reset();
}

void PostgresSink::commit() {
  // After a failed statement the server answers COMMIT with ROLLBACK: never report that
  // as a success.
  if (PQtransactionStatus(conn_.get()) == PQTRANS_INERROR)
    throw SinkError(describe_ + ": commit: the transaction failed earlier; nothing was written");
  fresh_.clear();
  try {
    PgResult r = pg_exec(conn_.get(), "COMMIT");
    if (std::string(PQcmdStatus(r.get())) != "COMMIT")
      throw SinkError(fmt::format("the server answered {}", PQcmdStatus(r.get())));
  } catch (const SinkError& e) {
    throw SinkError(scrub(fmt::format("{}: commit: {}", describe_, e.what())));
  }
}

void PostgresSink::rollback() noexcept {
  try {
    PGconn* c = conn_.get();
    auto status = PQtransactionStatus(c);
    if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) PQclear(PQexec(c, "ROLLBACK"));
    // Staged sets do not survive a rollback (those made before the transaction included).
    std::string drop;
    for (const auto& [name, columns] : staged_) drop += "DROP TABLE IF EXISTS " + stage_table(name) + ";";
    if (!drop.empty() && PQtransactionStatus(c) == PQTRANS_IDLE) PQclear(PQexec(c, drop.c_str()));
    staged_.clear();
    fresh_.clear();
    forget_shapes();  // DDL of the transaction is undone too
  } catch (...) {
    staged_.clear();
  }
}

// --- shape ---

std::string PostgresSink::qualified(const TableName& table) {
  if (table.schema.empty()) return quote_identifier(table.table);
  return quote_identifier(table.schema) + "." + quote_identifier(table.table);
}

void PostgresSink::mark_fresh(const TableName& table) {
  if (PQtransactionStatus(conn_.get()) == PQTRANS_INTRANS) fresh_.insert(qualified(table));
}

void PostgresSink::forget_shapes() {
  shapes_.clear();
  // A recreated table may give the same SQL text other result types: prepare afresh.
  if (!statements_.empty() && PQtransactionStatus(conn_.get()) != PQTRANS_INERROR) {
    PQclear(PQexec(conn_.get(), "DEALLOCATE ALL"));
    statements_.clear();
  }
}

PgResult PostgresSink::run_cached(const std::string& sql, const PgParams& params) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    std::string name = fmt::format("backlogsql_{}", ++next_statement_);
    pg_prepare(conn_.get(), name, sql);
    it = statements_.emplace(sql, name).first;
  }
  return pg_exec_prepared(conn_.get(), it->second, params);
}

bool PostgresSink::table_exists(const TableName& table) {
  auto r = run_cached("SELECT to_regclass($1) IS NOT NULL", {qualified(table)});
  return std::string(PQgetvalue(r.get(), 0, 0)) == "t";
}

const PostgresSink::Columns& PostgresSink::columns(const TableName& table, bool fresh) {
  std::string name = qualified(table);
  auto it = shapes_.find(name);
  if (it != shapes_.end() && !fresh) return it->second;
  auto r = run_cached(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
      "       coalesce(col_description(a.attrelid, a.attnum), ''), "
      "       coalesce((SELECT k.ord FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
      "                 WHERE k.attnum = a.attnum), 0) "
      "FROM pg_attribute a "
      "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY a.attnum",
      {name});
  Columns cols;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    Column c{PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1), "",
             std::atoi(PQgetvalue(r.get(), i, 3))};
    auto declared = declared_from_comment(PQgetvalue(r.get(), i, 2));
    c.declared = declared ? *declared : declared_from_pg(c.pg_type);
    cols.push_back(std::move(c));
  }
  return shapes_[name] = std::move(cols);
}

const PostgresSink::Column& PostgresSink::column(const TableName& table, const std::string& name) {
  const Columns& cols = columns(table);
  if (cols.empty()) throw SinkError("the table does not exist");
  for (const auto& c : cols)
    if (c.name == name) return c;
  throw SinkError(fmt::format("column {} is not in the table", quote_identifier(name)));
}

std::optional<TableSpec> PostgresSink::describe_table(const TableName& table) {
  try {
    const Columns& cols = columns(table, true);
    if (cols.empty()) return std::nullopt;
    TableSpec spec{table, {}, {}};
    std::vector<std::pair<int, std::string>> pk;
    for (const auto& c : cols) {
      spec.columns.push_back({c.name, c.declared});
      if (c.key_order > 0) pk.emplace_back(c.key_order, c.name);
    }
    std::sort(pk.begin(), pk.end());
    for (auto& [order, name] : pk) spec.keys.push_back(name);
    return spec;
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

namespace {
std::string column_definition(const ColumnSpec& c) {
  return quote_identifier(c.name) + " " + pg_column_type(c.type);
}
std::string comment_on(const std::string& qualified_table, const ColumnSpec& c) {
  return "COMMENT ON COLUMN " + qualified_table + "." + quote_identifier(c.name) + " IS " +
         quote_literal(declared_type_comment(c.type)) + ";";
}
}  // namespace

void PostgresSink::ensure_table(const TableSpec& spec) {
  try {
    // Only a table we create gets our comments: an existing one is left as it is.
    if (table_exists(spec.name)) return;
    std::string q = qualified(spec.name);
    std::string sql = "CREATE TABLE IF NOT EXISTS " + q + " (";
    for (size_t i = 0; i < spec.columns.size(); ++i)
      sql += (i ? ", " : "") + column_definition(spec.columns[i]);
    if (!spec.keys.empty()) sql += ", PRIMARY KEY (" + quote_list(spec.keys) + ")";
    sql += ");";
    for (const auto& c : spec.columns) sql += comment_on(q, c);
    pg_exec(conn_.get(), sql);
    forget_shapes();
    mark_fresh(spec.name);
  } catch (const SinkError& e) {
    throw SinkError(fail(spec.name, e.what()));
  }
}

void PostgresSink::add_column(const TableName& table, const ColumnSpec& column) {
  try {
    std::string q = qualified(table);
    pg_exec(conn_.get(), "ALTER TABLE " + q + " ADD COLUMN " + column_definition(column) + ";" +
                             comment_on(q, column));
    forget_shapes();
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void PostgresSink::drop_table(const TableName& table) {
  try {
    pg_exec(conn_.get(), "DROP TABLE IF EXISTS " + qualified(table));
    forget_shapes();
    fresh_.erase(qualified(table));
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

void PostgresSink::truncate_table(const TableName& table) {
  try {
    pg_exec(conn_.get(), "TRUNCATE TABLE " + qualified(table));
    mark_fresh(table);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

// --- rows ---

Sink::UpsertCount PostgresSink::upsert(const TableName& table, const std::vector<std::string>& keys,
                                       const SinkBatch& batch) {
  UpsertCount count;
  if (batch.empty()) return count;
  try {
    const auto& cols = batch.columns();
    for (const auto& k : keys)
      if (std::find(cols.begin(), cols.end(), k) == cols.end())
        throw SinkError("key column " + k + " is not in the rows");
    if (keys.empty()) {
      copy_rows(table, batch);
      count.inserted = static_cast<int64_t>(batch.size());
      return count;
    }
    if (fresh_.count(qualified(table)) && PQtransactionStatus(conn_.get()) == PQTRANS_INTRANS) {
      // A table that was empty when this transaction began (created or emptied in it)
      // holds only rows this transaction wrote, so a plain COPY is right unless a key
      // repeats: the primary key says so, and the batch then takes the upsert path. The
      // same holds for a chunk of a first load, whose earlier chunks' rows seldom repeat.
      pg_exec(conn_.get(), "SAVEPOINT backlogsql_copy");
      try {
        copy_rows(table, batch);
        pg_exec(conn_.get(), "RELEASE SAVEPOINT backlogsql_copy");
        count.inserted = static_cast<int64_t>(batch.size());
        return count;
      } catch (const PgError& e) {
        if (e.sqlstate() != "23505") throw;  // unique_violation
        pg_exec(conn_.get(), "ROLLBACK TO SAVEPOINT backlogsql_copy; RELEASE SAVEPOINT backlogsql_copy");
        fresh_.erase(qualified(table));
      }
    }
    count = upsert_through_load(table, keys, batch);
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
  return count;
}

void PostgresSink::copy_into(const std::string& target, const SinkBatch& batch) {
  pg_copy_rows(conn_.get(), "COPY " + target + " (" + quote_list(batch.columns()) + ") FROM STDIN",
               batch.size(), [&](std::string& out, size_t r) { append_copy_row(out, batch.row(r)); });
}

void PostgresSink::copy_rows(const TableName& table, const SinkBatch& batch) {
  std::vector<std::string> pg_types;
  for (const auto& c : batch.columns()) pg_types.push_back(column(table, c).pg_type);
  auto types = pg_binary_types(pg_types);
  if (!types || !pg_binary_fits(batch, *types)) {
    copy_into(qualified(table), batch);
    ++copies_.text;
    return;
  }
  pg_copy_rows(conn_.get(), "COPY " + qualified(table) + " (" + quote_list(batch.columns()) + ") FROM STDIN (FORMAT binary)",
               batch.size(), [&](std::string& out, size_t r) {
                 if (r == 0) append_pg_binary_header(out);
                 append_pg_binary_row(out, batch.row(r), *types);
                 if (r + 1 == batch.size()) append_pg_binary_trailer(out);
               });
  ++copies_.binary;
}

Sink::UpsertCount PostgresSink::upsert_through_load(const TableName& table, const std::vector<std::string>& keys,
                                                    const SinkBatch& batch) {
  const auto& cols = batch.columns();
  std::vector<std::string> values;  // the load table's columns cast to the target's types
  for (size_t i = 0; i < cols.size(); ++i)
    values.push_back(pg_from_text("s." + load_column(i), column(table, cols[i]).pg_type));

  std::string load = "pg_temp." + load_table(cols.size());
  std::string create = "CREATE TEMP TABLE IF NOT EXISTS " + load_table(cols.size()) + " (" + kRowColumn + " bigint";
  for (size_t i = 0; i < cols.size(); ++i) create += ", " + load_column(i) + " text";
  pg_exec(conn_.get(), create + "); TRUNCATE " + load);
  pg_copy_rows(conn_.get(), "COPY " + load + " FROM STDIN", batch.size(), [&](std::string& out, size_t r) {
    out += std::to_string(r);
    out += '\t';
    append_copy_row(out, batch.row(r));
  });

  // A key twice in one batch: the last row wins, as it would row by row.
  std::vector<std::string> key_values, set, changed;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (std::find(keys.begin(), keys.end(), cols[i]) != keys.end()) {
      key_values.push_back(values[i]);
      continue;
    }
    std::string q = quote_identifier(cols[i]);
    set.push_back(q + " = EXCLUDED." + q);
    changed.push_back(cols[i]);
  }
  std::string insert = fmt::format(
      "INSERT INTO {0} AS t ({1}) SELECT DISTINCT ON ({2}) {3} FROM {4} AS s ORDER BY {2}, s.{5} DESC "
      "ON CONFLICT ({6}) DO ",
      qualified(table), quote_list(cols), fmt::join(key_values, ", "), fmt::join(values, ", "), load,
      kRowColumn, quote_list(keys));
  if (set.empty()) {
    insert += "NOTHING";
  } else {
    // Only rows whose values differ are rewritten, so "updated" counts real changes.
    insert += fmt::format("UPDATE SET {} WHERE {} IS DISTINCT FROM {}", fmt::join(set, ", "),
                          row_of("t", changed), row_of("EXCLUDED", changed));
  }
  // xmax is 0 on a freshly inserted row version and set on one that replaced a row.
  PgResult r = pg_exec(conn_.get(),
                       "WITH w AS (" + insert + " RETURNING (xmax = 0) AS inserted) "
                       "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w");
  return {std::atoll(PQgetvalue(r.get(), 0, 0)), std::atoll(PQgetvalue(r.get(), 0, 1))};
}

void PostgresSink::stage(const std::string& set, const SinkBatch& rows) {
  try {
    auto it = staged_.find(set);
    if (it == staged_.end()) {
      // Text columns: values are cast to the compared column's type where they are used.
      std::string sql = "CREATE TEMP TABLE IF NOT EXISTS " +
                        quote_identifier("_backlogsql_stage_" + set) + " (";
      for (size_t i = 0; i < rows.width(); ++i)
        sql += (i ? ", " : "") + quote_identifier(rows.columns()[i]) + " text";
      pg_exec(conn_.get(), sql + ")");
      it = staged_.emplace(set, rows.columns()).first;
    }
    if (it->second != rows.columns())
      throw SinkError("staged set " + set + " was created with other columns");
    if (rows.empty()) return;
    copy_into(stage_table(set), rows);
  } catch (const SinkError& e) {
    throw SinkError(scrub(fmt::format("{}: staging {}: {}", describe_, set, e.what())));
  }
}

void PostgresSink::clear_stage(const std::string& set) {
  if (!staged_.count(set)) return;
  try {
    pg_exec(conn_.get(), "DROP TABLE IF EXISTS " + stage_table(set));
  } catch (const SinkError& e) {
    staged_.erase(set);
    throw SinkError(scrub(fmt::format("{}: clearing staged set {}: {}", describe_, set, e.what())));
  }
  staged_.erase(set);
}

std::string PostgresSink::where_clause(const TableName& table, const RowFilter& filter, PgParams& params) {
  std::vector<std::string> terms;
  auto membership = [&](const StagedSetRef& ref, bool in) {
    auto it = staged_.find(ref.set);
    if (it == staged_.end()) {
      terms.push_back(in ? "FALSE" : "TRUE");  // nothing was staged: an empty set
      return;
    }
    if (it->second.size() != ref.columns.size())
      throw SinkError("staged set " + ref.set + " does not match the columns compared with it");
    std::string match;
    for (size_t i = 0; i < ref.columns.size(); ++i) {
      const Column& c = column(table, ref.columns[i]);
      match += fmt::format("{}t.{} = {}", i ? " AND " : "", quote_identifier(c.name),
                           pg_from_text("s." + quote_identifier(it->second[i]), c.pg_type));
    }
    // EXISTS / NOT EXISTS plan as (anti-)joins; NOT IN would rescan the set per row once
    // it outgrows work_mem.
    terms.push_back(fmt::format("{}EXISTS (SELECT 1 FROM {} AS s WHERE {})", in ? "" : "NOT ",
                                stage_table(ref.set), match));
  };
  if (filter.in) membership(*filter.in, true);
  if (filter.not_in) membership(*filter.not_in, false);
  auto bound = [&](const std::string& value, const char* op) {
    const Column& c = column(table, filter.range_column);
    params.emplace_back(value);
    terms.push_back(fmt::format("t.{} {} {}", quote_identifier(c.name), op,
                                pg_from_text(fmt::format("${}::text", params.size()), c.pg_type)));
  };
  if (!filter.range_column.empty() && !filter.range_from.empty()) bound(filter.range_from, ">=");
  if (!filter.range_column.empty() && !filter.range_to.empty()) bound(filter.range_to, "<");
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? " WHERE " : " AND ") + t;
  return out;
}

int64_t PostgresSink::filtered(const TableName& table, const RowFilter& filter, bool remove) {
  try {
    PgParams params;
    std::string sql = (remove ? "DELETE FROM " : "SELECT count(*) FROM ") + qualified(table) +
                      " AS t" + where_clause(table, filter, params);
    PgResult r = pg_exec_params(conn_.get(), sql, params);
    bool everything = !filter.in && !filter.not_in && filter.range_column.empty();
    if (remove && everything) mark_fresh(table);
    return std::atoll(remove ? PQcmdTuples(r.get()) : PQgetvalue(r.get(), 0, 0));
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

int64_t PostgresSink::delete_rows(const TableName& table, const RowFilter& filter) {
  return filtered(table, filter, true);
}

int64_t PostgresSink::count_rows(const TableName& table, const RowFilter& filter) {
  return filtered(table, filter, false);
}

std::optional<std::vector<Value>> PostgresSink::lookup(const TableName& table,
                                                       const std::vector<std::string>& keys,
                                                       std::span<const Value> key_values,
                                                       const std::vector<std::string>& names) {
  try {
    std::vector<std::string> outputs, types, match;
    for (const auto& n : names) {
      const Column& c = column(table, n);
      outputs.push_back(pg_to_source("t." + quote_identifier(c.name), c.pg_type));
      types.push_back(c.pg_type);
    }
    PgParams params;
    for (size_t i = 0; i < keys.size(); ++i) {
      const Column& c = column(table, keys[i]);
      match.push_back(fmt::format("t.{} = {}", quote_identifier(c.name),
                                  pg_from_text(fmt::format("${}::text", i + 1), c.pg_type)));
      params.push_back(i < key_values.size() ? pg_text(key_values[i]) : std::nullopt);
    }
    PgResult r = run_cached(fmt::format("SELECT {} FROM {} AS t WHERE {}", fmt::join(outputs, ", "),
                                        qualified(table), fmt::join(match, " AND ")),
                            params);
    if (PQntuples(r.get()) == 0) return std::nullopt;
    std::vector<Value> row;
    for (size_t i = 0; i < names.size(); ++i) {
      int col = static_cast<int>(i);
      row.push_back(pg_read_value(PQgetvalue(r.get(), 0, col), PQgetisnull(r.get(), 0, col), types[i]));
    }
    return row;
  } catch (const SinkError& e) {
    throw SinkError(fail(table, e.what()));
  }
}

// --- checkpoints ---

std::optional<Checkpoint> PostgresSink::read_checkpoint(const TableName& target) {
  try {
    TableName table{target.schema, kCheckpointTable};
    if (!table_exists(table)) return std::nullopt;
    PgResult r = run_cached("SELECT source, select_hash, \"cursor\", activity_id, window_next, run_at, \"rows\" FROM " +
                                qualified(table) + " WHERE target = $1",
                            {target.display()});
    if (PQntuples(r.get()) == 0) return std::nullopt;
    auto text = [&](int i) { return std::string(PQgetvalue(r.get(), 0, i)); };
    return Checkpoint{target.display(), text(0), text(1), text(2), std::atoll(text(3).c_str()),
                      text(4), text(5), std::atoll(text(6).c_str())};
  } catch (const SinkError& e) {
    throw SinkError(fail(target, std::string("reading checkpoint: ") + e.what()));
  }
}

void PostgresSink::write_checkpoint(const TableName& target, const Checkpoint& c) {
  try {
    TableName table{target.schema, kCheckpointTable};
    std::string q = qualified(table);
    if (!table_exists(table))
      pg_exec(conn_.get(), "CREATE TABLE IF NOT EXISTS " + q +
                               " (target text PRIMARY KEY, source text, select_hash text, \"cursor\" text,"
                               " activity_id bigint, window_next text, run_at text, \"rows\" bigint)");
    run_cached("INSERT INTO " + q +
                   " (target, source, select_hash, \"cursor\", activity_id, window_next, run_at, \"rows\")"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (target) DO UPDATE SET"
                   " source = EXCLUDED.source, select_hash = EXCLUDED.select_hash,"
                   " \"cursor\" = EXCLUDED.\"cursor\", activity_id = EXCLUDED.activity_id,"
                   " window_next = EXCLUDED.window_next, run_at = EXCLUDED.run_at, \"rows\" = EXCLUDED.\"rows\"",
               {target.display(), c.source, c.select_hash, c.cursor, std::to_string(c.activity_id),
                c.window_next, c.run_at, std::to_string(c.rows)});
  } catch (const SinkError& e) {
    throw SinkError(fail(target, std::string("writing checkpoint: ") + e.what()));
  }
}

void PostgresSink::delete_checkpoint(const TableName& target) {
  try {
    TableName table{target.schema, kCheckpointTable};
    if (!table_exists(table)) return;
    run_cached("DELETE FROM " + qualified(table) + " WHERE target = $1", {target.display()});
  } catch (const SinkError& e) {
    throw SinkError(fail(target, std::string("deleting checkpoint: ") + e.what()));
  }
}

}  // namespace backlog::sinks
