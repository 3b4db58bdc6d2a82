// Makes every catalog resource available as an eponymous virtual table on a connection:
// after register_tables(db, client), `SELECT * FROM Issues` works without CREATE VIRTUAL TABLE.
#pragma once

#include <memory>
#include <string>

struct sqlite3;

namespace backlog::api { class Client; }

namespace backlog::vtab {

// Registers one module per resource (module name = table name). The client is shared by
// all tables of the connection and kept alive as long as the modules. Returns an SQLite
// result code; on failure *error says why.
int register_tables(sqlite3* db, std::shared_ptr<api::Client> client, std::string* error);

}  // namespace backlog::vtab
