// The pieces of backlog.so, each registered on a host connection by sqlite3_backlog_init
// (extension.cpp). They call libsqlite3 directly: extension.cpp has checked that the host
// runs on that same library. Each returns an SQLite result code; on failure *error says why.
#pragma once

#include <memory>
#include <string>

#include "ext/connection_state.h"

namespace backlog::ext {

// Every catalog table as a stand-in that fails any use with "<table>: <why>"
// (placeholder_tables.cpp): before backlog_connect() (why = kNotConnected), and while
// backlog_replicate() writes into the host.
int register_placeholder_tables(sqlite3* db, const char* why, std::string* error);
// backlog_connect(url, api_key) | backlog_connect('profile:NAME') | backlog_connect(conn string)
int register_connect_function(sqlite3* db, std::shared_ptr<ConnectionState> state, std::string* error);
// backlog_replicate(script)
int register_replicate_function(sqlite3* db, std::shared_ptr<ConnectionState> state, std::string* error);
// SELECT * FROM backlog_calls
int register_calls_table(sqlite3* db, std::shared_ptr<ConnectionState> state, std::string* error);

// &sqlite3_libversion as this library links it (compared with the host's routine).
const void* linked_sqlite_entry();

// A heap copy of `state` for SQLite's user-data pointers, and its destructor.
void* share(const std::shared_ptr<ConnectionState>& state);
void unshare(void* p);
ConnectionState& state_of(void* p);

}  // namespace backlog::ext
