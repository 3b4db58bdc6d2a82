// backlog_calls: the API calls this connection has made, oldest first.
//
//   SELECT method, path, status, ms, bytes FROM backlog_calls;
//     GET|/api/v2/space|200|1.9|412
//     GET|/api/v2/issues?count=100&offset=0|200|12.4|51234
//   SELECT count(*), sum(bytes) FROM backlog_calls WHERE seq > 2;
//
// How it works: backlog_connect() gives every client a trace callback that appends to the
// connection's CallLog (the last CallLog::kKeep calls); a scan of this table reads a
// snapshot of it taken by xFilter. `path` is the request target with secrets redacted by
// the client (apiKey=***), never the key. An eponymous-only table, like the Backlog ones.
#include <sqlite3.h>

#include <new>
#include <vector>

#include "ext/ext.h"

namespace backlog::ext {
namespace {

enum Column { kSeq, kMethod, kPath, kStatus, kMs, kBytes, kRetries, kError };

struct CallsTable {
  sqlite3_vtab base;                    // must be first
  std::shared_ptr<CallLog> calls;
};

struct CallsCursor {
  sqlite3_vtab_cursor base;             // must be first
  std::vector<CallLog::Entry> rows;     // snapshot taken by xFilter
  size_t at = 0;
};

int x_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc = sqlite3_declare_vtab(db,
                                "CREATE TABLE x(seq INTEGER, method TEXT, path TEXT, status INTEGER, "
                                "ms REAL, bytes INTEGER, retries INTEGER, error TEXT)");
  if (rc != SQLITE_OK) return rc;
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  auto* t = new (std::nothrow) CallsTable{{}, state_of(aux).calls};
  if (!t) return SQLITE_NOMEM;
  *out = &t->base;
  return SQLITE_OK;
}

int x_disconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<CallsTable*>(vtab);
  return SQLITE_OK;
}

// A full scan is the only plan; SQLite filters. The cost says "small" so joins put it inside.
int x_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = 100;
  info->estimatedRows = 100;
  return SQLITE_OK;
}

int x_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* c = new (std::nothrow) CallsCursor{};
  if (!c) return SQLITE_NOMEM;
  *out = &c->base;
  return SQLITE_OK;
}

int x_close(sqlite3_vtab_cursor* cur) {
  delete reinterpret_cast<CallsCursor*>(cur);
  return SQLITE_OK;
}

int x_filter(sqlite3_vtab_cursor* cur, int, const char*, int, sqlite3_value**) {
  auto* c = reinterpret_cast<CallsCursor*>(cur);
  try {
    c->rows = reinterpret_cast<CallsTable*>(cur->pVtab)->calls->snapshot();
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  c->at = 0;
  return SQLITE_OK;
}

int x_next(sqlite3_vtab_cursor* cur) {
  ++reinterpret_cast<CallsCursor*>(cur)->at;
  return SQLITE_OK;
}

int x_eof(sqlite3_vtab_cursor* cur) {
  auto* c = reinterpret_cast<CallsCursor*>(cur);
  return c->at >= c->rows.size();
}

void result_text(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

int x_column(sqlite3_vtab_cursor* cur, sqlite3_context* ctx, int column) {
  auto* c = reinterpret_cast<CallsCursor*>(cur);
  const CallLog::Entry& e = c->rows[c->at];
  switch (column) {
    case kSeq: sqlite3_result_int64(ctx, e.seq); break;
    case kMethod: result_text(ctx, e.call.method); break;
    case kPath: result_text(ctx, e.call.target); break;
    case kStatus: sqlite3_result_int64(ctx, e.call.status); break;
    case kMs: sqlite3_result_double(ctx, e.call.ms); break;
    case kBytes: sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(e.call.bytes)); break;
    case kRetries: sqlite3_result_int(ctx, e.call.retries); break;
    case kError:
      if (e.call.error.empty()) sqlite3_result_null(ctx);
      else result_text(ctx, e.call.error);
      break;
  }
  return SQLITE_OK;
}

int x_rowid(sqlite3_vtab_cursor* cur, sqlite3_int64* rowid) {
  auto* c = reinterpret_cast<CallsCursor*>(cur);
  *rowid = c->rows[c->at].seq;
  return SQLITE_OK;
}

sqlite3_module make_module() {
  sqlite3_module m{};
  m.xCreate = nullptr;  // eponymous-only
  m.xConnect = x_connect;
  m.xBestIndex = x_best_index;
  m.xDisconnect = x_disconnect;
  m.xDestroy = x_disconnect;
  m.xOpen = x_open;
  m.xClose = x_close;
  m.xFilter = x_filter;
  m.xNext = x_next;
  m.xEof = x_eof;
  m.xColumn = x_column;
  m.xRowid = x_rowid;
  return m;
}

const sqlite3_module kModule = make_module();

}  // namespace

int register_calls_table(sqlite3* db, std::shared_ptr<ConnectionState> state, std::string* error) {
  int rc = sqlite3_create_module_v2(db, "backlog_calls", &kModule, share(state), unshare);
  if (rc != SQLITE_OK) *error = sqlite3_errmsg(db);
  return rc;
}

}  // namespace backlog::ext
