// The PostgreSQL server of a test run, and a way to read values back from it.
//
// ctest starts one throwaway server for the whole run (fixture `postgres_server`, see
// tests/CMakeLists.txt and postgres_server.sh); each test takes its own database:
//
//   std::string uri = postgres_fresh_database();   // postgresql://postgres@127.0.0.1:P/t_…
//   auto sink = sinks::PostgresSink::open(uri);
//   auto rows = postgres_query(uri, "SELECT \"Summary\" FROM \"Issues\" ORDER BY 1");
//
// Running a test binary by hand: start the server first with
//   tests/support/postgres_server.sh start <build>/tests/postgres-server
// or point BACKLOGSQL_TEST_PG_URI at a server where the user may CREATE DATABASE.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace backlog::testing {

// The server's URI (database "postgres", superuser, trust authentication); throws if no
// server was started.
std::string postgres_server_uri();

// `uri` with its database replaced by `database`.
std::string postgres_uri_for(const std::string& uri, const std::string& database);

// Creates a database with a name unique to this process and call; returns its URI.
std::string postgres_fresh_database();

// Runs `sql` (no parameters) on a new connection to `uri`; every value as text, NULL as
// nullopt. Throws std::runtime_error with the server's message on failure.
using PgRows = std::vector<std::vector<std::optional<std::string>>>;
PgRows postgres_query(const std::string& uri, const std::string& sql);
// The first value of the first row ("" for NULL or no row).
std::string postgres_scalar(const std::string& uri, const std::string& sql);

}  // namespace backlog::testing
