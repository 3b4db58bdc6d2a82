// backlog.so: the Backlog tables and REPLICATE in any program that loads SQLite extensions.
//
//   $ sqlite3 out.db
//   sqlite> .load ./build/backlog
//   sqlite> SELECT backlog_connect('https://SPACE.backlog.com', 'API_KEY');
//   sqlite> SELECT IssueKey, Summary FROM Issues WHERE ProjectId = 1 LIMIT 5;
//   sqlite> SELECT backlog_replicate('REPLICATE Issues; REPLICATE IssueComments;');
//   sqlite> SELECT method, path, status, ms FROM backlog_calls;
//
//   >>> con = sqlite3.connect("out.db"); con.enable_load_extension(True)
//   >>> con.load_extension("build/backlog")
//
// How it works: the same catalog and generic virtual table as backlogsql (vtab/), the same
// engine for REPLICATE (engine/). sqlite3_backlog_init runs once per connection that loads
// us and registers, on that connection: every catalog table (placeholders until
// backlog_connect()), backlog_connect(), backlog_replicate() and backlog_calls; they share
// one ConnectionState (connection_state.h).
//
// One SQLite in the process: the project's libraries call sqlite3_* directly, and this
// library links the system libsqlite3.so.0 — the one /usr/bin/sqlite3 and Debian's python3
// use. Init checks that the host's API routines are that library's functions and refuses
// to load into a program with its own copy of SQLite built in (calling one SQLite's
// functions on another's connection would corrupt memory). Only sqlite3_backlog_init is
// exported (backlog.map), so our symbols never interpose on the host's.
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <memory>
#include <string>

#include "ext/ext.h"

namespace {

// A message for *pzErrMsg, allocated by the host's SQLite (which frees it).
int refuse(char** pzErrMsg, const std::string& message) {
  if (pzErrMsg) *pzErrMsg = sqlite3_mprintf("backlog.so: %s", message.c_str());
  return SQLITE_ERROR;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int sqlite3_backlog_init(sqlite3* db, char** pzErrMsg,
                                                                            const sqlite3_api_routines* pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  using namespace backlog::ext;
  if (reinterpret_cast<const void*>(pApi->libversion) != linked_sqlite_entry())
    return refuse(pzErrMsg,
                  "this program has its own SQLite built in; backlog.so works with programs that use "
                  "the system's libsqlite3.so.0 (such as /usr/bin/sqlite3 and Debian's python3)");
  try {
    auto state = std::make_shared<ConnectionState>();
    state->host = db;
    std::string error;
    if (register_placeholder_tables(db, kNotConnected, &error) != SQLITE_OK ||
        register_connect_function(db, state, &error) != SQLITE_OK ||
        register_replicate_function(db, state, &error) != SQLITE_OK ||
        register_calls_table(db, state, &error) != SQLITE_OK)
      return refuse(pzErrMsg, error);
  } catch (const std::exception& e) {
    return refuse(pzErrMsg, e.what());
  }
  return SQLITE_OK;
}
