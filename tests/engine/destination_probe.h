// The destinations of the cross-engine REPLICATE suite (destinations_suite_test.cpp): one
// fresh destination per test, and a way to ask it questions in the engine's own SQL.
//
//   auto probe = kind.make();                          // a new file or database
//   auto r = replicate(src, probe->open(), "REPLICATE Issues;");
//   probe->scalar("SELECT count(*) FROM " + probe->table({"", "Issues"}));
//   probe->scalar("SELECT " + probe->json_member("CustomFields", 0, "name") + " FROM …");
//
// Rows are compared through the sink's own lookup() (support/emulator_source.h); the
// probe's SQL is for what only the engine itself can answer: counts while another process
// holds the destination, JSON functions, column types.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "sinks/sink.h"

namespace backlog::testing {

class DestinationProbe {
 public:
  virtual ~DestinationProbe() = default;

  // The destination as --dest takes it.
  virtual std::string uri() const = 0;
  // A new sink on it (fails the test and throws when it cannot be opened).
  std::unique_ptr<sinks::Sink> open() const;

  // The first value of the first row of `sql` in the destination's own dialect, as text;
  // "" for NULL or no row. Schema-qualified tables (see table()) are reachable.
  virtual std::string scalar(const std::string& sql) const = 0;
  // `name` quoted as an identifier of this engine.
  virtual std::string quote(const std::string& name) const = 0;
  std::string table(const sinks::TableName& name) const;
  // True when the table exists (through the sink's describe_table()).
  bool has_table(const sinks::TableName& name) const;
  // SQL reading member `key` of element `index` of the JSON array in `column` as plain
  // text, with the engine's JSON functions (json_extract, jsonb ->>, JSON_EXTRACT).
  virtual std::string json_member(const std::string& column, int index, const std::string& key) const = 0;
  // SQL counting the elements of the JSON array in `column`.
  virtual std::string json_length(const std::string& column) const = 0;
  // The name this destination's test uses for schema `base`. Where every test has its own
  // schemas (a SQLite file's attached files, a PostgreSQL database's schemas) it is `base`;
  // where schemas are shared by every test of the run (MariaDB: a schema is another database
  // of the run's one server) it is made unique to this destination ("PROD" →
  // "PROD_t_123_0_456"), so tests running at the same time never fill or drop each other's.
  // Such databases are dropped with the probe.
  virtual std::string schema(const std::string& base) const { return base; }
};

struct DestinationKind {
  std::string name;                                      // SQLite, PostgreSQL, MariaDB
  std::function<std::unique_ptr<DestinationProbe>()> make;  // a fresh destination
};

// Test names and messages show the kind's name.
inline void PrintTo(const DestinationKind& kind, std::ostream* os) { *os << kind.name; }

DestinationKind sqlite_destinations();
DestinationKind postgres_destinations();  // needs the ctest fixture postgres_server
DestinationKind mariadb_destinations();   // needs the ctest fixture mariadb_server

}  // namespace backlog::testing
