// libpq calls shared by the PostgreSQL sink (see postgres_handles.h).
#include "sinks/postgres_handles.h"

#include <algorithm>

#include <fmt/format.h>

#include "sinks/bulk_text.h"

namespace backlog::sinks {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// Throws PgError unless `r` finished as one of the accepted statuses.
PgResult checked(PGconn* conn, PGresult* raw, std::initializer_list<ExecStatusType> ok) {
  PgResult r(raw);
  ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  for (auto s : ok)
    if (status == s) return r;
  const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
  throw PgError(pg_error_text(conn, r.get()), state ? state : "");
}

std::vector<const char*> param_pointers(const PgParams& params) {
  std::vector<const char*> out;
  out.reserve(params.size());
  for (const auto& p : params) out.push_back(p ? p->c_str() : nullptr);
  return out;
}

constexpr std::initializer_list<ExecStatusType> kDone = {PGRES_COMMAND_OK, PGRES_TUPLES_OK};

}  // namespace

std::string pg_error_text(PGconn* conn, const PGresult* r) {
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (!primary) {
    // Client-side failures (connection lost, out of memory) only reach the connection.
    std::string text = trimmed(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r)
                                                              : PQerrorMessage(conn));
    if (text.rfind("ERROR:  ", 0) == 0) text.erase(0, 8);
    return text.empty() ? "unknown libpq error" : text;
  }
  std::string text = primary;
  if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL))
    text += fmt::format(" ({})", trimmed(detail));
  if (const char* hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT))
    text += fmt::format(" [hint: {}]", trimmed(hint));
  return text;
}

PgResult pg_exec(PGconn* conn, const std::string& sql) {
  return checked(conn, PQexec(conn, sql.c_str()), kDone);
}

PgResult pg_exec_params(PGconn* conn, const std::string& sql, const PgParams& params) {
  auto values = param_pointers(params);
  return checked(conn,
                 PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 kDone);
}

void pg_prepare(PGconn* conn, const std::string& name, const std::string& sql) {
  checked(conn, PQprepare(conn, name.c_str(), sql.c_str(), 0, nullptr), {PGRES_COMMAND_OK});
}

PgResult pg_exec_prepared(PGconn* conn, const std::string& name, const PgParams& params) {
  auto values = param_pointers(params);
  return checked(conn,
                 PQexecPrepared(conn, name.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0),
                 kDone);
}

void pg_copy_rows(PGconn* conn, const std::string& copy_sql, size_t rows,
                  const std::function<void(std::string& out, size_t row)>& append) {
  checked(conn, PQexec(conn, copy_sql.c_str()), {PGRES_COPY_IN});
  std::string chunk;
  chunk.reserve(kBulkChunkBytes + (kBulkChunkBytes >> 2));
  const char* error = nullptr;
  auto send = [&] {
    if (!error && !chunk.empty() && PQputCopyData(conn, chunk.data(), static_cast<int>(chunk.size())) != 1)
      error = "sending COPY data failed";
    chunk.clear();
  };
  try {
    for (size_t r = 0; r < rows && !error; ++r) {
      append(chunk, r);
      if (chunk.size() >= kBulkChunkBytes) send();
    }
    send();
  } catch (...) {
    // Abandon the COPY (the server discards it) and keep the connection usable.
    PQputCopyEnd(conn, "backlogsql: could not write the rows");
    while (PGresult* more = PQgetResult(conn)) PQclear(more);
    throw;
  }
  if (PQputCopyEnd(conn, error) != 1) error = "ending COPY failed";
  // The COPY's own result, then nothing: draining keeps the connection usable.
  PgResult first(PQgetResult(conn));
  while (PGresult* more = PQgetResult(conn)) PQclear(more);
  checked(conn, first.release(), {PGRES_COMMAND_OK});
  if (error) throw PgError(fmt::format("{}: {}", error, trimmed(PQerrorMessage(conn))), "");
}

std::optional<std::string> pg_text(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}

void append_copy_field(std::string& out, const Value& v) {
  auto* s = std::get_if<std::string>(&v);
  if (!s) {
    auto text = pg_text(v);
    out += text ? *text : "\\N";
    return;
  }
  append_bulk_escaped(out, *s, /*escape_nul=*/false);
}

void append_copy_row(std::string& out, std::span<const Value> row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += '\t';
    append_copy_field(out, row[i]);
  }
  out += '\n';
}

}  // namespace backlog::sinks
