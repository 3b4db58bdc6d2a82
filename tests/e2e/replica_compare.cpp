// See replica_compare.h.
#include "replica_compare.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace backlog::testing {

namespace {

// Own small RAII types rather than sinks/sqlite_handles.h: the oracle shares no code with
// the sinks whose writes it checks.
struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Db open_db(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) throw std::runtime_error(fmt::format("cannot open {}: {}", path, sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(fmt::format("{}: {}", sql, sqlite3_errmsg(db)));
  return Stmt(raw);
}

std::string quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string cell(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL: return "NULL";
    case SQLITE_INTEGER: return fmt::format("i:{}", sqlite3_column_int64(s, i));
    case SQLITE_FLOAT: return fmt::format("r:{}", sqlite3_column_double(s, i));
    case SQLITE_BLOB: {
      const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(s, i));
      std::string hex = "b:";
      for (int k = 0; k < sqlite3_column_bytes(s, i); ++k) hex += fmt::format("{:02x}", p[k]);
      return hex;
    }
    default:
      return "t:" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i)),
                                static_cast<size_t>(sqlite3_column_bytes(s, i)));
  }
}

// The key cells of a row, for messages.
std::string key_text(const TableDump& t, const std::vector<std::string>& row, const std::vector<size_t>& key) {
  std::string out;
  for (size_t k : key) out += (out.empty() ? "" : ", ") + t.columns[k] + "=" + row[k];
  return out;
}

std::string shorten(const std::string& s) { return s.size() > 120 ? s.substr(0, 117) + "..." : s; }

}  // namespace

TableDump dump_table(const std::string& path, const std::string& table) {
  TableDump t;
  Db db = open_db(path, SQLITE_OPEN_READWRITE);
  std::vector<std::pair<int, std::string>> key;  // (position in the key, column)
  {
    Stmt info = prepare(db.get(), "SELECT name, pk FROM pragma_table_info(?1)");
    sqlite3_bind_text(info.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(info.get()) == SQLITE_ROW) {
      std::string name = reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 0));
      t.columns.push_back(name);
      if (int pk = sqlite3_column_int(info.get(), 1); pk > 0) key.emplace_back(pk, name);
    }
  }
  t.exists = !t.columns.empty();
  if (!t.exists) return t;
  std::sort(key.begin(), key.end());
  std::string order;
  for (const auto& [pos, name] : key) {
    order += (order.empty() ? "" : ", ") + quote(name);
    t.key.push_back(std::find(t.columns.begin(), t.columns.end(), name) - t.columns.begin());
  }
  if (key.empty()) {
    for (const auto& c : t.columns) order += (order.empty() ? "" : ", ") + quote(c);
    for (size_t i = 0; i < t.columns.size(); ++i) t.key.push_back(i);
  }
  Stmt rows = prepare(db.get(), "SELECT * FROM " + quote(table) + " ORDER BY " + order);
  int rc;
  while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(rows.get()); ++i) row.push_back(cell(rows.get(), i));
    t.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(fmt::format("reading {} from {}: {}", table, path, sqlite3_errmsg(db.get())));
  return t;
}

std::string describe_difference(const std::string& table, const TableDump& actual, const TableDump& expected) {
  if (actual == expected) return "";
  if (!actual.exists || !expected.exists)
    return fmt::format("{}: table {} in the replica, {} in the fresh copy\n", table, actual.exists ? "present" : "absent",
                       expected.exists ? "present" : "absent");
  if (actual.columns != expected.columns)
    return fmt::format("{}: columns ({}) vs fresh ({})\n", table, fmt::join(actual.columns, ","),
                       fmt::join(expected.columns, ","));
  // Rows are in key order: walk both like a merge, by key.
  const std::vector<size_t>& key = actual.key;
  std::string out = fmt::format("{}: {} rows vs {} in the fresh copy\n", table, actual.rows.size(), expected.rows.size());
  int shown = 0;
  size_t i = 0, j = 0;
  auto cell_less = [](const std::string& a, const std::string& b) {
    // Integer keys compare numerically ("i:10" after "i:9"), as SQLite ordered them.
    if (a.rfind("i:", 0) == 0 && b.rfind("i:", 0) == 0) return std::stoll(a.substr(2)) < std::stoll(b.substr(2));
    return a < b;
  };
  auto key_of = [&](const std::vector<std::string>& r) {
    std::vector<std::string> k;
    for (size_t p : key) k.push_back(r[p]);
    return k;
  };
  auto less = [&](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), cell_less);
  };
  while ((i < actual.rows.size() || j < expected.rows.size()) && shown < 8) {
    if (j == expected.rows.size() || (i < actual.rows.size() && less(key_of(actual.rows[i]), key_of(expected.rows[j])))) {
      out += fmt::format("  extra row {}\n", key_text(actual, actual.rows[i++], key));
      ++shown;
    } else if (i == actual.rows.size() || less(key_of(expected.rows[j]), key_of(actual.rows[i]))) {
      out += fmt::format("  missing row {}\n", key_text(expected, expected.rows[j++], key));
      ++shown;
    } else {
      if (actual.rows[i] != expected.rows[j]) {
        out += fmt::format("  row {}:", key_text(actual, actual.rows[i], key));
        for (size_t c = 0; c < actual.columns.size(); ++c)
          if (actual.rows[i][c] != expected.rows[j][c])
            out += fmt::format(" {} = {} (fresh: {})", actual.columns[c], shorten(actual.rows[i][c]),
                               shorten(expected.rows[j][c]));
        out += "\n";
        ++shown;
      }
      ++i, ++j;
    }
  }
  return out;
}

std::string compare_replicas(const std::string& actual_db, const std::string& expected_db,
                             const std::vector<std::string>& tables) {
  std::string out;
  for (const auto& t : tables) out += describe_difference(t, dump_table(actual_db, t), dump_table(expected_db, t));
  return out;
}

void copy_database(const std::string& from, const std::string& to) {
  Db src = open_db(from, SQLITE_OPEN_READWRITE);
  Db dst = open_db(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
  if (!b) throw std::runtime_error(fmt::format("backup {} → {}: {}", from, to, sqlite3_errmsg(dst.get())));
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw std::runtime_error(fmt::format("backup {} → {}: {}", from, to, sqlite3_errstr(rc)));
}

void exec_sql(const std::string& path, const std::string& sql) {
  Db db = open_db(path, SQLITE_OPEN_READWRITE);
  char* err = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(fmt::format("{} on {}: {}", sql, path, m));
  }
}

}  // namespace backlog::testing
