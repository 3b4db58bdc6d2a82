// The one generic virtual table module behind every Backlog table.
//
//   SELECT IssueKey, Summary FROM Issues WHERE ProjectId IN (1, 2) AND StatusId = 3 LIMIT 5;
//     → GET /api/v2/issues?projectId[]=1&projectId[]=2&statusId[]=3&count=5
//   SELECT * FROM IssueComments WHERE IssueId = 42;
//     → GET /api/v2/issues/42/comments?count=100&order=asc (then minId=… pages)
//   UPDATE Issues SET Summary = 'New' WHERE IssueKey = 'PRJ1-7';
//     → GET /api/v2/issues/PRJ1-7, then PATCH /api/v2/issues/<id> summary=New
//
// How it works: each catalog Resource is registered as an eponymous-only module named
// after its table, so the tables exist on a connection without CREATE VIRTUAL TABLE.
// xBestIndex (plan.cpp) turns constraints into a Plan, xFilter hands it to a Scan
// (scan.cpp) that pages through the API, xUpdate (writes.cpp) calls write endpoints.
// C++ exceptions never cross into SQLite: every callback converts them to an error.
#include <sqlite3.h>

#include <memory>
#include <string>

#include "api/client.h"
#include "vtab/compiled_resource.h"
#include "vtab/plan.h"
#include "vtab/register.h"
#include "vtab/scan.h"
#include "vtab/writes.h"

namespace backlog::vtab {
namespace {

// What a module needs: shared by all connections' instances of one table.
struct ModuleContext {
  CompiledResource resource;
  std::shared_ptr<api::Client> client;
};

struct Table {
  sqlite3_vtab base;                   // must be first: SQLite sees only this
  ModuleContext* ctx;
  sqlite3* db;
  WriteKeys keys;                      // rowid → path values, for UPDATE/DELETE
};

struct Cursor {
  sqlite3_vtab_cursor base;            // must be first
  std::unique_ptr<Scan> scan;
};

int set_error(sqlite3_vtab* vtab, const std::string& message) {
  sqlite3_free(vtab->zErrMsg);
  vtab->zErrMsg = sqlite3_mprintf("%s", message.c_str());
  return SQLITE_ERROR;
}

// Runs `body`, turning any exception into an SQLite error on the table.
template <class F>
int guarded(sqlite3_vtab* vtab, F&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return set_error(vtab, e.what());
  }
}

int x_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char** err) {
  auto* ctx = static_cast<ModuleContext*>(aux);
  int rc = sqlite3_declare_vtab(db, ctx->resource.create_table_sql().c_str());
  if (rc != SQLITE_OK) {
    *err = sqlite3_mprintf("%s: %s", ctx->resource.decl->table, sqlite3_errmsg(db));
    return rc;
  }
  if (!ctx->resource.decl->insert.method && !ctx->resource.decl->update.method &&
      !ctx->resource.decl->remove.method)
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  auto* t = new Table{};
  t->ctx = ctx;
  t->db = db;
  *out = &t->base;
  return SQLITE_OK;
}

int x_disconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<Table*>(vtab);
  return SQLITE_OK;
}

int x_best_index(sqlite3_vtab* vtab, sqlite3_index_info* info) {
  auto* t = reinterpret_cast<Table*>(vtab);
  return guarded(vtab, [&] { return best_index(t->ctx->resource, info); });
}

int x_open(sqlite3_vtab* vtab, sqlite3_vtab_cursor** out) {
  auto* t = reinterpret_cast<Table*>(vtab);
  auto* c = new Cursor{};
  c->scan = std::make_unique<Scan>(t->ctx->resource, *t->ctx->client, t->db);
  *out = &c->base;
  return SQLITE_OK;
}

int x_close(sqlite3_vtab_cursor* cur) {
  delete reinterpret_cast<Cursor*>(cur);
  return SQLITE_OK;
}

int x_filter(sqlite3_vtab_cursor* cur, int idx_num, const char* idx_str, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  return guarded(cur->pVtab, [&] {
    c->scan->start(Plan::decode(idx_str, idx_num), argc, argv);
    return SQLITE_OK;
  });
}

int x_next(sqlite3_vtab_cursor* cur) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  return guarded(cur->pVtab, [&] {
    c->scan->next();
    return SQLITE_OK;
  });
}

int x_eof(sqlite3_vtab_cursor* cur) { return reinterpret_cast<Cursor*>(cur)->scan->eof(); }

int x_column(sqlite3_vtab_cursor* cur, sqlite3_context* ctx, int col) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  // In an UPDATE, columns that are not assigned need no value (and no detail request).
  if (sqlite3_vtab_nochange(ctx)) return SQLITE_OK;
  return guarded(cur->pVtab, [&] {
    c->scan->column(ctx, col);
    return SQLITE_OK;
  });
}

int x_rowid(sqlite3_vtab_cursor* cur, sqlite_int64* rowid) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  auto* t = reinterpret_cast<Table*>(cur->pVtab);
  return guarded(cur->pVtab, [&] {
    *rowid = c->scan->rowid();
    t->keys.remember(t->ctx->resource, *rowid, *c->scan);
    return SQLITE_OK;
  });
}

int x_update(sqlite3_vtab* vtab, int argc, sqlite3_value** argv, sqlite_int64* rowid) {
  auto* t = reinterpret_cast<Table*>(vtab);
  return guarded(vtab, [&] {
    write_row(t->ctx->resource, *t->ctx->client, t->keys, argc, argv, rowid);
    return SQLITE_OK;
  });
}

sqlite3_module make_module() {
  sqlite3_module m{};
  m.iVersion = 2;
  m.xCreate = nullptr;  // eponymous-only: the table exists under the module's name
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
  m.xUpdate = x_update;
  return m;
}

const sqlite3_module kModule = make_module();

}  // namespace

int register_tables(sqlite3* db, std::shared_ptr<api::Client> client, std::string* error) {
  for (const Resource* r : catalog()) {
    ModuleContext* ctx = nullptr;
    try {
      ctx = new ModuleContext{compile(*r), client};
    } catch (const std::exception& e) {
      if (error) *error = e.what();
      return SQLITE_ERROR;
    }
    int rc = sqlite3_create_module_v2(db, r->table, &kModule, ctx,
                                      [](void* p) { delete static_cast<ModuleContext*>(p); });
    if (rc != SQLITE_OK) {
      if (error) *error = sqlite3_errmsg(db);
      return rc;
    }
  }
  return SQLITE_OK;
}

}  // namespace backlog::vtab
