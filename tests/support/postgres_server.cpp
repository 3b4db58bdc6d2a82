// The test run's PostgreSQL server (see postgres_server.h).
#include "support/postgres_server.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

namespace backlog::testing {

namespace {

struct Closer {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct Clearer {
  void operator()(PGresult* r) const { PQclear(r); }
};

}  // namespace

std::string postgres_server_uri() {
  if (const char* env = std::getenv("BACKLOGSQL_TEST_PG_URI"); env && *env) return env;
  std::string file = std::string(BACKLOGSQL_PG_SERVER_DIR) + "/uri";
  std::ifstream in(file);
  std::string uri;
  if (!std::getline(in, uri) || uri.empty())
    throw std::runtime_error(fmt::format(
        "no PostgreSQL test server ({} is missing): run the tests through ctest, or start one "
        "with tests/support/postgres_server.sh start {}",
        file, BACKLOGSQL_PG_SERVER_DIR));
  return uri;
}

std::string postgres_uri_for(const std::string& uri, const std::string& database) {
  auto authority = uri.find("://");
  auto slash = uri.find('/', authority == std::string::npos ? 0 : authority + 3);
  std::string base = slash == std::string::npos ? uri : uri.substr(0, slash);
  auto query = uri.find('?', slash == std::string::npos ? uri.size() : slash);
  return base + "/" + database + (query == std::string::npos ? "" : uri.substr(query));
}

std::string postgres_fresh_database() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  std::string name = fmt::format("t_{}_{}_{:x}", getpid(), counter++, salt);
  postgres_query(postgres_server_uri(), "CREATE DATABASE \"" + name + "\"");
  return postgres_uri_for(postgres_server_uri(), name);
}

PgRows postgres_query(const std::string& uri, const std::string& sql) {
  std::unique_ptr<PGconn, Closer> conn(PQconnectdb(uri.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw std::runtime_error(fmt::format("connecting to {}: {}", uri, PQerrorMessage(conn.get())));
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  std::unique_ptr<PGresult, Clearer> r(PQexec(conn.get(), sql.c_str()));
  auto status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    throw std::runtime_error(fmt::format("{}: {}", sql, PQerrorMessage(conn.get())));
  PgRows rows;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    auto& row = rows.emplace_back();
    for (int j = 0; j < PQnfields(r.get()); ++j) {
      if (PQgetisnull(r.get(), i, j)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(PQgetvalue(r.get(), i, j), PQgetlength(r.get(), i, j)));
    }
  }
  return rows;
}

std::string postgres_scalar(const std::string& uri, const std::string& sql) {
  auto rows = postgres_query(uri, sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

}  // namespace backlog::testing
