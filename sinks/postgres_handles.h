// RAII for libpq handles plus the few calls every PostgreSQL statement of the sink goes
// through: run SQL (plain, with text parameters, or prepared), COPY rows in, and turn a
// failed result into the server's own message.
//
//   PgResult r = pg_exec(conn, "SELECT 1");
//   PgResult n = pg_exec_params(conn, "SELECT $1::text", {std::string("x")});
//   pg_copy_rows(conn, "COPY t FROM STDIN", batch.size(),
//                [&](std::string& out, size_t r) { append_copy_row(out, batch.row(r)); });
//
// Every value crosses as text (libpq's text format): the SQL casts it to the column's type,
// so one code path serves every type and nothing is interpolated into SQL.
#pragma once

#include <memory>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "sinks/sink.h"

namespace backlog::sinks {

struct PgConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultClearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

// A failed statement: the server's message (primary text plus DETAIL/HINT) and SQLSTATE.
class PgError : public SinkError {
 public:
  PgError(const std::string& message, std::string sqlstate)
      : SinkError(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

using PgParams = std::vector<std::optional<std::string>>;  // nullopt = NULL

// Runs SQL without parameters (may hold several statements); throws PgError.
PgResult pg_exec(PGconn* conn, const std::string& sql);
// One statement with text parameters $1, $2, …; throws PgError.
PgResult pg_exec_params(PGconn* conn, const std::string& sql, const PgParams& params);
// Prepares `sql` as `name`; throws PgError.
void pg_prepare(PGconn* conn, const std::string& name, const std::string& sql);
PgResult pg_exec_prepared(PGconn* conn, const std::string& name, const PgParams& params);

// `COPY … FROM STDIN` (text format) of `rows` rows, `append(out, r)` writing row r's line.
// The lines go out in chunks as they are written, so the server parses one chunk while
// the next is being made (instead of waiting for the whole batch, then making us wait).
// Throws PgError.
void pg_copy_rows(PGconn* conn, const std::string& copy_sql, size_t rows,
                  const std::function<void(std::string& out, size_t row)>& append);

// A value as libpq text: NULL stays nullopt, numbers in decimal (doubles shortest exact).
std::optional<std::string> pg_text(const Value& v);
// Appends one field in COPY's text format (\N for NULL; \\ \t \n \r escaped).
void append_copy_field(std::string& out, const Value& v);
// Appends `row` as one COPY line: the fields, tab-separated, then a newline.
void append_copy_row(std::string& out, std::span<const Value> row);

// The message of a failed result or connection, trimmed, without libpq's "ERROR:  ".
std::string pg_error_text(PGconn* conn, const PGresult* r);

}  // namespace backlog::sinks
