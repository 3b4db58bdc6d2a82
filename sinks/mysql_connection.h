// One connection to a MySQL/MariaDB server through libmariadb: RAII for MYSQL*,
// MYSQL_RES* and MYSQL_STMT*, plain statements, prepared statements with every value
// bound, and the messages a user sees when connecting fails (unknown host, connection
// refused, wrong password, missing database — never the password itself).
//
//   auto conn = MysqlConnection::connect(uri);       // utf8mb4, strict mode, UTC session
//   conn.exec("CREATE DATABASE IF NOT EXISTS `PROD`");
//   auto rows = conn.query("SELECT `Id` FROM `db`.`Issues` WHERE `Id` = ?", {int64_t{7}});
#pragma once

#include <map>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <mysql.h>

#include "sinks/mysql_bulk_rows.h"
#include "sinks/mysql_uri.h"
#include "sinks/sink.h"

namespace backlog::sinks {

struct MysqlCloser {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
struct MysqlResultFree {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
struct MysqlStmtClose {
  void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
};
using MysqlHandle = std::unique_ptr<MYSQL, MysqlCloser>;
using MysqlResult = std::unique_ptr<MYSQL_RES, MysqlResultFree>;
using MysqlStmt = std::unique_ptr<MYSQL_STMT, MysqlStmtClose>;

// A failed statement or connection: the server's (or client library's) error code, so
// callers can tell "no such table" (1146) from real failures.
class MysqlError : public SinkError {
 public:
  MysqlError(unsigned code, const std::string& message) : SinkError(message), code_(code) {}
  unsigned code() const { return code_; }

 private:
  unsigned code_;
};

// `name` → `name` with embedded backticks doubled: MySQL's own identifier quoting, which
// does not depend on the session's sql_mode (ANSI_QUOTES).
std::string mysql_quote_identifier(std::string_view name);
std::string mysql_quote_list(const std::vector<std::string>& names);

class MysqlConnection {
 public:
  // Connects and sets the session up; throws MysqlError whose message names the reason.
  static MysqlConnection connect(const MysqlUri& uri);

  MysqlConnection(MysqlConnection&&) = default;
  MysqlConnection& operator=(MysqlConnection&&) = default;

  MYSQL* get() const { return db_.get(); }
  // "10.11.19-MariaDB-0+deb12u1" → "MariaDB 10.11.19"; a MySQL server → "MySQL 8.0.36".
  std::string server_name() const;
  // The server's max_allowed_packet, read at connect: no statement may be larger.
  size_t max_packet() const { return max_packet_; }

  // Runs one statement without parameters; returns the affected rows.
  uint64_t exec(std::string_view sql);
  // mysql_info() of the last statement ("Records: 3  Duplicates: 1  Warnings: 0"), or "".
  std::string info() const;
  // Warnings the last statement raised (mysql_warning_count).
  unsigned warnings() const;
  // Runs `LOAD DATA LOCAL INFILE …` (`sql`) with `data` as the file's contents, streamed
  // from memory; returns the affected rows. The connection serves LOCAL INFILE requests
  // only from here: a request at any other time (a hostile server asking for a file) is
  // refused, and no file on disk is ever read.
  uint64_t load_local(std::string_view sql, std::string_view data);
  // The same, the file being `rows` lines that `append(out, r)` writes, made as the server
  // asks for them: it parses one chunk while the next is being made. An exception of
  // `append` aborts the load and is rethrown.
  uint64_t load_local_rows(std::string_view sql, size_t rows,
                           const std::function<void(std::string& out, size_t row)>& append);
  struct Infile;  // opaque: the data a load_local() in progress serves

  // Prepared (cached by SQL text) and executed with `params` bound in order; returns the
  // rows (empty for statements without results) and sets *affected if given.
  std::vector<std::vector<Value>> query(const std::string& sql, std::span<const Value> params = {},
                                        uint64_t* affected = nullptr);
  // Whether the server takes array-bound executions (MariaDB 10.2+; not MySQL).
  bool bulk_supported() const;
  // Runs a prepared `INSERT … VALUES (?, …)` once for all of `rows` (array binding, see
  // mysql_bulk_rows.h); returns the affected rows. The caller keeps the statement below
  // max_packet(): the client library does not split it.
  uint64_t execute_bulk(const std::string& sql, const MysqlBulkRows& rows);
  // Forgets cached statements whose SQL contains `needle` (before a table is dropped).
  void forget_statements(std::string_view needle);

  // A value as an SQL literal: NULL, 12, 1.5, or '…' escaped for the connection's
  // character set (utf8mb4, fixed at connect), for the multi-row bulk statements.
  void append_literal(std::string& out, const Value& v) const;

 private:
  MysqlConnection() = default;
  MysqlError error(std::string_view what) const;
  MYSQL_STMT* prepared(const std::string& sql);  // cached by SQL text
  MysqlError stmt_error(MYSQL_STMT* s, std::string_view what) const;

  struct InfileDelete {
    void operator()(Infile* f) const;
  };

  MysqlHandle db_;
  std::unique_ptr<Infile, InfileDelete> infile_;  // stable address: the handler's userdata
  size_t max_packet_ = 1 << 20;
  std::string version_;
  std::map<std::string, MysqlStmt, std::less<>> statements_;
};

}  // namespace backlog::sinks
