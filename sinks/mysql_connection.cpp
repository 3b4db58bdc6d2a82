// A libmariadb connection (see mysql_connection.h).
#include "sinks/mysql_connection.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>

#include <errmsg.h>
#include <mysqld_error.h>

#include <fmt/format.h>

#include "sinks/bulk_text.h"

namespace backlog::sinks {

namespace {

bool is_integer_type(enum_field_types t) {
  switch (t) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
      return true;
    default:
      return false;
  }
}

bool is_real_type(enum_field_types t) {
  return t == MYSQL_TYPE_DOUBLE || t == MYSQL_TYPE_FLOAT || t == MYSQL_TYPE_DECIMAL ||
         t == MYSQL_TYPE_NEWDECIMAL;
}

// Why connecting failed, in the words of the "test connection" contract.
std::string connect_reason(unsigned code, const std::string& message, const MysqlUri& uri) {
  switch (code) {
    case CR_UNKNOWN_HOST:
      return fmt::format("unknown host {}", uri.host);
    case CR_CONN_HOST_ERROR:
    case CR_CONNECTION_ERROR:
      if (!uri.socket.empty())
        return fmt::format("cannot connect through the socket {} ({})", uri.socket, message);
      // libmariadb reports a refused TCP connect as errno 111, or 115 from its
      // non-blocking connect; 110 is a timeout.
      if (message.find("(111)") != std::string::npos || message.find("(115)") != std::string::npos)
        return fmt::format("connection refused by {}:{} (is the server running?)", uri.host, uri.port);
      if (message.find("(110)") != std::string::npos)
        return fmt::format("cannot reach {}:{} (timed out)", uri.host, uri.port);
      return fmt::format("cannot connect to {}:{} ({})", uri.host, uri.port, message);
    case ER_ACCESS_DENIED_ERROR:
      return fmt::format("wrong user name or password ({})", message);
    case ER_BAD_DB_ERROR:
      return fmt::format("database {} does not exist (create it, or name another one)", uri.database);
    case ER_DBACCESS_DENIED_ERROR:
      return fmt::format("missing privilege: no access to database {} ({})", uri.database, message);
    case CR_SSL_CONNECTION_ERROR:
      return fmt::format("TLS failure ({})", message);
    default:
      return message;
  }
}

}  // namespace

// What LOCAL INFILE requests are answered with: the bytes of the load in progress, or a
// refusal when none is (`active` false).
struct MysqlConnection::Infile {
  std::string_view data;
  size_t pos = 0;
  bool active = false;
  bool refused = false;
  // Streaming (load_local_rows): `data` is `chunk`, refilled with rows [next, rows).
  const std::function<void(std::string&, size_t)>* append = nullptr;
  size_t rows = 0, next = 0;
  std::string chunk;
  std::exception_ptr failed;  // from `append`: C code must not see it
};

void MysqlConnection::InfileDelete::operator()(Infile* f) const { delete f; }

namespace {

int infile_init(void** state, const char*, void* userdata) {
  // libmariadb calls error() and end() with *state even when init fails.
  *state = userdata;
  auto* f = static_cast<MysqlConnection::Infile*>(userdata);
  f->pos = 0;
  f->refused = !f->active;
  return f->refused ? 1 : 0;
}

int infile_read(void* state, char* buf, unsigned int len) {
  auto* f = static_cast<MysqlConnection::Infile*>(state);
  if (f->pos == f->data.size() && f->append && f->next < f->rows) {
    f->chunk.clear();
    try {
      while (f->next < f->rows && f->chunk.size() < kBulkChunkBytes) (*f->append)(f->chunk, f->next++);
    } catch (...) {
      f->failed = std::current_exception();
      return -1;
    }
    f->data = f->chunk;
    f->pos = 0;
  }
  size_t n = std::min<size_t>(len, f->data.size() - f->pos);
  std::memcpy(buf, f->data.data() + f->pos, n);
  f->pos += n;
  return static_cast<int>(n);
}

void infile_end(void*) {}

int infile_error(void* state, char* message, unsigned int len) {
  auto* f = static_cast<MysqlConnection::Infile*>(state);
  if (f && f->failed) {
    std::snprintf(message, len, "the rows of the bulk load could not be written");
    return CR_UNKNOWN_ERROR;
  }
  std::snprintf(message, len, "the server asked for a local file outside a bulk load (refused)");
  return CR_UNKNOWN_ERROR;
}

}  // namespace

std::string mysql_quote_identifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string mysql_quote_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += mysql_quote_identifier(n);
  }
  return out;
}

MysqlConnection MysqlConnection::connect(const MysqlUri& uri) {
  // mysql_init() initialises the library on first use, which is not thread-safe.
  static std::once_flag library;
  std::call_once(library, [] { mysql_library_init(0, nullptr, nullptr); });
  MysqlConnection c;
  c.db_.reset(mysql_init(nullptr));
  if (!c.db_) throw MysqlError(CR_OUT_OF_MEMORY, uri.display() + ": out of memory");
  unsigned timeout = 10;
  mysql_options(c.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  // The character set is fixed here, before the handshake, so that the client library
  // knows what the server parses: escaping (append_literal) depends on it.
  mysql_options(c.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // LOCAL INFILE for the first-load path (mysql_sink.h), served only by our handler from
  // memory (see load_local), never from files.
  c.infile_.reset(new Infile);
  unsigned local_infile = 1;
  mysql_options(c.get(), MYSQL_OPT_LOCAL_INFILE, &local_infile);
  mysql_set_local_infile_handler(c.get(), infile_init, infile_read, infile_end, infile_error, c.infile_.get());
  // No CLIENT_FOUND_ROWS: an upsert that changes nothing must report 0 affected rows.
  const char* host = uri.socket.empty() ? uri.host.c_str() : nullptr;
  if (!mysql_real_connect(c.get(), host, uri.user.empty() ? nullptr : uri.user.c_str(),
                          uri.password.empty() ? nullptr : uri.password.c_str(),
                          uri.database.c_str(), uri.port,
                          uri.socket.empty() ? nullptr : uri.socket.c_str(), 0)) {
    unsigned code = mysql_errno(c.get());
    throw MysqlError(code, uri.display() + ": " + connect_reason(code, mysql_error(c.get()), uri));
  }
  try {
    // Strict: a value that does not fit is an error, never silently truncated. UTC: DATETIME
    // columns hold UTC and NOW() agrees with them.
    c.exec("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
           "NO_ENGINE_SUBSTITUTION', time_zone = '+00:00', autocommit = 1");
    auto rows = c.query("SELECT @@max_allowed_packet, VERSION()");
    if (rows.size() == 1) {
      if (auto* n = std::get_if<int64_t>(&rows[0][0])) c.max_packet_ = static_cast<size_t>(*n);
      if (auto* v = std::get_if<std::string>(&rows[0][1])) c.version_ = *v;
    }
  } catch (const MysqlError& e) {
    throw MysqlError(e.code(), uri.display() + ": setting up the session: " + e.what());
  }
  return c;
}

std::string MysqlConnection::server_name() const {
  std::string number = version_.substr(0, version_.find('-'));
  bool maria = version_.find("MariaDB") != std::string::npos;
  return (maria ? "MariaDB " : "MySQL ") + number;
}

MysqlError MysqlConnection::error(std::string_view what) const {
  return MysqlError(mysql_errno(get()), fmt::format("{}: {}", what, mysql_error(get())));
}

MysqlError MysqlConnection::stmt_error(MYSQL_STMT* s, std::string_view what) const {
  return MysqlError(mysql_stmt_errno(s), fmt::format("{}: {}", what, mysql_stmt_error(s)));
}

uint64_t MysqlConnection::exec(std::string_view sql) {
  if (mysql_real_query(get(), sql.data(), sql.size()) != 0) {
    std::string head(sql.substr(0, 60));
    throw error(head.size() < sql.size() ? head + "…" : head);
  }
  uint64_t affected = mysql_affected_rows(get());
  if (mysql_field_count(get()) > 0) MysqlResult discard(mysql_store_result(get()));
  return affected == static_cast<uint64_t>(-1) ? 0 : affected;
}

std::string MysqlConnection::info() const {
  const char* i = mysql_info(get());
  return i ? i : "";
}

unsigned MysqlConnection::warnings() const { return mysql_warning_count(get()); }

uint64_t MysqlConnection::load_local(std::string_view sql, std::string_view data) {
  infile_->data = data;
  infile_->active = true;
  int rc = mysql_real_query(get(), sql.data(), sql.size());
  infile_->active = false;
  infile_->data = {};
  if (rc != 0) throw error("LOAD DATA LOCAL INFILE");
  uint64_t affected = mysql_affected_rows(get());
  return affected == static_cast<uint64_t>(-1) ? 0 : affected;
}

uint64_t MysqlConnection::load_local_rows(std::string_view sql, size_t rows,
                                          const std::function<void(std::string& out, size_t row)>& append) {
  Infile& f = *infile_;
  f.append = &append;
  f.rows = rows;
  f.next = 0;
  f.failed = nullptr;
  uint64_t affected = 0;
  std::exception_ptr failed;
  try {
    affected = load_local(sql, {});
  } catch (...) {
    failed = f.failed ? f.failed : std::current_exception();
  }
  f.append = nullptr;
  f.failed = nullptr;
  f.chunk.clear();
  if (failed) std::rethrow_exception(failed);
  return affected;
}

void MysqlConnection::forget_statements(std::string_view needle) {
  for (auto it = statements_.begin(); it != statements_.end();) {
    if (it->first.find(needle) != std::string::npos) it = statements_.erase(it);
    else ++it;
  }
}

MYSQL_STMT* MysqlConnection::prepared(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    MysqlStmt s(mysql_stmt_init(get()));
    if (!s) throw error("preparing a statement");
    if (mysql_stmt_prepare(s.get(), sql.data(), sql.size()) != 0) throw stmt_error(s.get(), "prepare");
    it = statements_.emplace(sql, std::move(s)).first;
  }
  return it->second.get();
}

bool MysqlConnection::bulk_supported() const {
  // MariaDB 10.2+ announces it; MySQL servers do not (CLIENT_MYSQL).
  unsigned long caps = 0, extended = 0;
  mariadb_get_infov(get(), MARIADB_CONNECTION_SERVER_CAPABILITIES, &caps);
  mariadb_get_infov(get(), MARIADB_CONNECTION_EXTENDED_SERVER_CAPABILITIES, &extended);
  return !(caps & CLIENT_MYSQL) && (extended & (MARIADB_CLIENT_STMT_BULK_OPERATIONS >> 32));
}

uint64_t MysqlConnection::execute_bulk(const std::string& sql, const MysqlBulkRows& rows) {
  MYSQL_STMT* s = prepared(sql);
  std::vector<MYSQL_BIND> binds = rows.binds();
  if (mysql_stmt_param_count(s) != binds.size())
    throw SinkError(fmt::format("statement has {} parameters, rows have {} columns",
                                mysql_stmt_param_count(s), binds.size()));
  auto array_size = static_cast<unsigned>(rows.size());
  mysql_stmt_attr_set(s, STMT_ATTR_ARRAY_SIZE, &array_size);
  bool ok = mysql_stmt_bind_param(s, binds.data()) == 0 && mysql_stmt_execute(s) == 0;
  // The statement stays cached: back to one row per execution for any later use.
  MysqlError failure = ok ? MysqlError(0, "") : stmt_error(s, "bulk insert");
  unsigned one = 0;
  mysql_stmt_attr_set(s, STMT_ATTR_ARRAY_SIZE, &one);
  if (!ok) throw failure;
  return mysql_stmt_affected_rows(s);
}

std::vector<std::vector<Value>> MysqlConnection::query(const std::string& sql,
                                                       std::span<const Value> params,
                                                       uint64_t* affected) {
  MYSQL_STMT* s = prepared(sql);
  if (mysql_stmt_param_count(s) != params.size())
    throw SinkError(fmt::format("statement has {} parameters, {} values given",
                                mysql_stmt_param_count(s), params.size()));

  // Parameters: every value bound, typed as the engine holds it.
  std::vector<MYSQL_BIND> binds(params.size());
  std::vector<int64_t> ints(params.size());
  std::vector<double> reals(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    MYSQL_BIND& b = binds[i];
    std::memset(&b, 0, sizeof b);
    const Value& v = params[i];
    if (auto* n = std::get_if<int64_t>(&v)) {
      ints[i] = *n;
      b.buffer_type = MYSQL_TYPE_LONGLONG;
      b.buffer = &ints[i];
    } else if (auto* d = std::get_if<double>(&v)) {
      reals[i] = *d;
      b.buffer_type = MYSQL_TYPE_DOUBLE;
      b.buffer = &reals[i];
    } else if (auto* t = std::get_if<std::string>(&v)) {
      b.buffer_type = MYSQL_TYPE_STRING;
      b.buffer = const_cast<char*>(t->data());
      b.buffer_length = t->size();
    } else {
      b.buffer_type = MYSQL_TYPE_NULL;
    }
  }
  if (!binds.empty() && mysql_stmt_bind_param(s, binds.data()) != 0) throw stmt_error(s, "bind");
  if (mysql_stmt_execute(s) != 0) throw stmt_error(s, "execute");
  if (affected) *affected = mysql_stmt_affected_rows(s);

  MysqlResult meta(mysql_stmt_result_metadata(s));
  std::vector<std::vector<Value>> rows;
  if (!meta) return rows;
  unsigned n = mysql_num_fields(meta.get());
  MYSQL_FIELD* fields = mysql_fetch_fields(meta.get());
  // Results: integers and doubles in their binary form (no text round trip that could
  // lose digits), everything else as text.
  struct Column {
    int64_t integer = 0;
    double real = 0;
    std::vector<char> text = std::vector<char>(256);
    unsigned long length = 0;
    my_bool null = 0, truncated = 0;
  };
  std::vector<Column> cols(n);
  std::vector<MYSQL_BIND> out(n);
  for (unsigned i = 0; i < n; ++i) {
    MYSQL_BIND& b = out[i];
    std::memset(&b, 0, sizeof b);
    b.is_null = &cols[i].null;
    b.length = &cols[i].length;
    b.error = &cols[i].truncated;
    if (is_integer_type(fields[i].type)) {
      b.buffer_type = MYSQL_TYPE_LONGLONG;
      b.buffer = &cols[i].integer;
      b.is_unsigned = (fields[i].flags & UNSIGNED_FLAG) != 0;
    } else if (is_real_type(fields[i].type)) {
      b.buffer_type = MYSQL_TYPE_DOUBLE;
      b.buffer = &cols[i].real;
    } else {
      b.buffer_type = MYSQL_TYPE_STRING;
      b.buffer = cols[i].text.data();
      b.buffer_length = cols[i].text.size();
    }
  }
  if (mysql_stmt_bind_result(s, out.data()) != 0) throw stmt_error(s, "bind result");
  for (;;) {
    int rc = mysql_stmt_fetch(s);
    if (rc == MYSQL_NO_DATA) break;
    if (rc == 1) {
      MysqlError e = stmt_error(s, "fetch");
      mysql_stmt_free_result(s);
      throw e;
    }
    std::vector<Value> row;
    row.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
      Column& c = cols[i];
      if (c.null) {
        row.emplace_back();
      } else if (out[i].buffer_type == MYSQL_TYPE_LONGLONG) {
        row.emplace_back(c.integer);
      } else if (out[i].buffer_type == MYSQL_TYPE_DOUBLE) {
        row.emplace_back(c.real);
      } else if (c.length <= c.text.size()) {
        row.emplace_back(std::string(c.text.data(), c.length));
      } else {
        // Longer than the buffer: fetch this column again into one of the right size.
        std::string whole(c.length, '\0');
        MYSQL_BIND again;
        std::memset(&again, 0, sizeof again);
        unsigned long got = 0;
        again.buffer_type = MYSQL_TYPE_STRING;
        again.buffer = whole.data();
        again.buffer_length = whole.size();
        again.length = &got;
        if (mysql_stmt_fetch_column(s, &again, i, 0) != 0) {
          MysqlError e = stmt_error(s, "fetch column");
          mysql_stmt_free_result(s);
          throw e;
        }
        row.emplace_back(std::move(whole));
      }
    }
    rows.push_back(std::move(row));
  }
  mysql_stmt_free_result(s);
  return rows;
}

void MysqlConnection::append_literal(std::string& out, const Value& v) const {
  if (std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v)) {
    append_mysql_number(out, v);
  } else if (auto* t = std::get_if<std::string>(&v)) {
    // Escaping instead of binding on the bulk path: a multi-row statement with one bound
    // parameter per value would need a prepared statement per batch shape. Escaping is
    // exact here because the connection's character set was fixed to utf8mb4 before the
    // handshake and is never changed (no SET NAMES), so the library escapes with the
    // same multibyte rules the server parses with.
    size_t start = out.size();
    out.resize(start + 2 * t->size() + 3);
    out[start] = '\'';
    unsigned long len = mysql_real_escape_string(get(), out.data() + start + 1, t->data(), t->size());
    out[start + 1 + len] = '\'';
    out.resize(start + len + 2);
  } else {
    out += "NULL";
  }
}

}  // namespace backlog::sinks
