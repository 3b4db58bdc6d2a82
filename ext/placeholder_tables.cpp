// Stand-ins for the Backlog tables where they must not reach Backlog: each catalog table
// exists with its real columns (so `.schema Issues` and `PRAGMA table_info` work at once),
// but any query of it fails with a message that says why. Before backlog_connect():
//
//   sqlite> SELECT count(*) FROM Issues;
//   Error: Issues: not connected to Backlog: run SELECT backlog_connect(…) first
//
// Why not register the real tables at load time: the generic module (vtab/module.cpp)
// is bound to a client when registered, and there is no client before backlog_connect().
// backlog_connect() registers the real modules under the same names, which replaces these
// (sqlite3_create_module_v2 replaces a module of the same name). backlog_replicate() puts
// them back while the host is its destination (see replicate_function.cpp).
#include <sqlite3.h>

#include <new>
#include <string>

#include "ext/ext.h"
#include "vtab/compiled_resource.h"
#include "vtab/resource.h"

namespace backlog::ext {
namespace {

struct Placeholder {
  std::string table;        // "Issues"
  std::string declaration;  // CREATE TABLE x(…) of the real table
  const char* why;          // the error of any query (a static string)
};

struct PlaceholderTable {
  sqlite3_vtab base;        // must be first: SQLite sees only this
  const Placeholder* what;
};

int x_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char** err) {
  auto* p = static_cast<Placeholder*>(aux);
  int rc = sqlite3_declare_vtab(db, p->declaration.c_str());
  if (rc != SQLITE_OK) {
    *err = sqlite3_mprintf("%s: %s", p->table.c_str(), sqlite3_errmsg(db));
    return rc;
  }
  auto* t = new (std::nothrow) PlaceholderTable{{}, p};
  if (!t) return SQLITE_NOMEM;
  *out = &t->base;
  return SQLITE_OK;
}

int x_disconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<PlaceholderTable*>(vtab);
  return SQLITE_OK;
}

// Planning is the first thing every query of the table does: fail there, before anything runs.
int x_best_index(sqlite3_vtab* vtab, sqlite3_index_info*) {
  sqlite3_free(vtab->zErrMsg);
  const Placeholder* p = reinterpret_cast<PlaceholderTable*>(vtab)->what;
  vtab->zErrMsg = sqlite3_mprintf("%s: %s", p->table.c_str(), p->why);
  return SQLITE_ERROR;
}

int x_open(sqlite3_vtab*, sqlite3_vtab_cursor**) { return SQLITE_ERROR; }
int x_close(sqlite3_vtab_cursor*) { return SQLITE_OK; }
int x_filter(sqlite3_vtab_cursor*, int, const char*, int, sqlite3_value**) { return SQLITE_ERROR; }
int x_next(sqlite3_vtab_cursor*) { return SQLITE_ERROR; }
int x_eof(sqlite3_vtab_cursor*) { return 1; }
int x_column(sqlite3_vtab_cursor*, sqlite3_context*, int) { return SQLITE_ERROR; }
int x_rowid(sqlite3_vtab_cursor*, sqlite3_int64*) { return SQLITE_ERROR; }

sqlite3_module make_module() {
  sqlite3_module m{};
  m.xCreate = nullptr;  // eponymous-only, like the real tables
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

int register_placeholder_tables(sqlite3* db, const char* why, std::string* error) {
  for (const vtab::Resource* r : vtab::catalog()) {
    Placeholder* p = nullptr;
    try {
      p = new Placeholder{r->table, vtab::compile(*r).create_table_sql(), why};
    } catch (const std::exception& e) {
      *error = std::string(r->table) + ": " + e.what();
      return SQLITE_ERROR;
    }
    int rc = sqlite3_create_module_v2(db, r->table, &kModule, p,
                                      [](void* q) { delete static_cast<Placeholder*>(q); });
    if (rc != SQLITE_OK) {
      *error = sqlite3_errmsg(db);
      return rc;
    }
  }
  return SQLITE_OK;
}

}  // namespace backlog::ext
