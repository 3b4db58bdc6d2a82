// The test run's MariaDB server (see mariadb_server.h).
#include "support/mariadb_server.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <unistd.h>

#include <fmt/format.h>
#include <mysql.h>

#ifndef BACKLOGSQL_MARIADB_DIR
#error "BACKLOGSQL_MARIADB_DIR must name the directory of the test server"
#endif

namespace backlog::testing {

namespace {

struct Closer {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
struct ResultFree {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Root over the socket, in `database`.
std::unique_ptr<MYSQL, Closer> connect(const std::string& database) {
  std::unique_ptr<MYSQL, Closer> db(mysql_init(nullptr));
  mysql_options(db.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (!mysql_real_connect(db.get(), nullptr, "root", nullptr, database.c_str(), 0,
                          mariadb_socket_path().c_str(), 0))
    throw std::runtime_error(fmt::format("test server: {}", mysql_error(db.get())));
  return db;
}

}  // namespace

std::string mariadb_server_uri() {
  std::string uri = read_first_line(BACKLOGSQL_MARIADB_DIR "/uri");
  if (uri.empty())
    throw std::runtime_error("no MariaDB test server: run the tests through ctest (fixture "
                             "mariadb_server), or start one with tests/support/mariadb_server.sh "
                             "start " BACKLOGSQL_MARIADB_DIR);
  return uri;
}

std::string mariadb_socket_path() { return BACKLOGSQL_MARIADB_DIR "/sock"; }

std::string mariadb_database_of(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

std::string mariadb_fresh_database() {
  static std::atomic<int> counter{0};
  std::string server = mariadb_server_uri();
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  std::string name = fmt::format("t_{}_{}_{}", getpid(), counter++, now % 1000000007);
  mariadb_query(server, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  return server.substr(0, server.rfind('/') + 1) + name;
}

MariadbRows mariadb_query(const std::string& uri, const std::string& sql) {
  auto db = connect(mariadb_database_of(uri));
  if (mysql_real_query(db.get(), sql.data(), sql.size()) != 0)
    throw std::runtime_error(fmt::format("{}: {}", sql, mysql_error(db.get())));
  MariadbRows rows;
  std::unique_ptr<MYSQL_RES, ResultFree> res(mysql_store_result(db.get()));
  if (!res) return rows;
  unsigned n = mysql_num_fields(res.get());
  while (MYSQL_ROW row = mysql_fetch_row(res.get())) {
    unsigned long* lengths = mysql_fetch_lengths(res.get());
    std::vector<std::optional<std::string>> out;
    for (unsigned i = 0; i < n; ++i) {
      if (row[i]) out.emplace_back(std::string(row[i], lengths[i]));
      else out.emplace_back(std::nullopt);
    }
    rows.push_back(std::move(out));
  }
  return rows;
}

std::string mariadb_scalar(const std::string& uri, const std::string& sql) {
  auto rows = mariadb_query(uri, sql);
  if (rows.size() != 1 || rows[0].size() != 1)
    throw std::runtime_error(fmt::format("{}: expected one value, got {} rows", sql, rows.size()));
  return rows[0][0].value_or("NULL");
}

}  // namespace backlog::testing
