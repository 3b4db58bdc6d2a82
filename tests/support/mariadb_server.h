// The MariaDB server of a test run, for tests of the MySQL/MariaDB destination.
//
// ctest starts one server for the whole run (fixture `mariadb_server`, see
// tests/CMakeLists.txt and mariadb_server.sh) and every test makes its own database:
//
//   std::string uri = mariadb_fresh_database();      // mysql://root@127.0.0.1:PORT/t_…
//   auto sink = sinks::MysqlSink::open(uri);
//   auto rows = mariadb_query(uri, "SELECT `Summary` FROM `Issues` ORDER BY `Id`");
//
// To run a test binary by hand, start the server first:
//   tests/support/mariadb_server.sh start BUILD/mariadb-test
// The helpers talk to the server with libmariadb directly (not through the sink under test).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace backlog::testing {

// mysql://root@127.0.0.1:PORT/mysql — throws std::runtime_error when no server is running.
std::string mariadb_server_uri();
// The server's Unix socket (for ?socket= tests).
std::string mariadb_socket_path();
// Creates a database with a unique name and returns its URI (as root, no password).
std::string mariadb_fresh_database();
// The database name of a URI made by mariadb_fresh_database().
std::string mariadb_database_of(const std::string& uri);

using MariadbRows = std::vector<std::vector<std::optional<std::string>>>;  // NULL → nullopt
// Runs one statement as root in the URI's database; returns its rows as text (none for
// statements without results). Throws std::runtime_error with the server's message.
MariadbRows mariadb_query(const std::string& uri, const std::string& sql);
// The single value of a one-row, one-column query ("NULL" for NULL).
std::string mariadb_scalar(const std::string& uri, const std::string& sql);

}  // namespace backlog::testing
