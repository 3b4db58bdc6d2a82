// `--dest` URIs for MySQL and MariaDB destinations.
//
//   mysql://user:pass@host:port/db            (also mariadb://…; the port defaults to 3306)
//   mysql://user@localhost/db?socket=/run/mysqld/mysqld.sock
//   mysql://app:p%40ss@127.0.0.1/replica      (user, password, database and socket are
//                                              percent-decoded: %40 is '@')
//
// The database must exist; schemas of `REPLICATE PROD.Issues` are other databases on the
// same server (created on demand). Without a password in the URI, MYSQL_PWD is used if set.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace backlog::sinks {

struct MysqlUri {
  std::string scheme = "mysql";  // "mysql" or "mariadb", as written (for messages)
  std::string user{};
  std::string password{};        // never shown: display() leaves it out
  std::string host = "localhost";
  unsigned port = 3306;
  std::string database{};
  std::string socket{};          // ?socket=PATH: connect through a Unix socket

  // "mysql://user@host:3306/db" (no password, ever).
  std::string display() const;
};

// Parses a mysql:// or mariadb:// URI; on a malformed one returns nullopt and sets *error
// (the message never contains the password).
std::optional<MysqlUri> parse_mysql_uri(std::string_view text, std::string* error);

}  // namespace backlog::sinks
