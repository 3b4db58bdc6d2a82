// The destinations of the cross-engine REPLICATE suite (see destination_probe.h).
#include "destination_probe.h"

#include <filesystem>
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "sinks/sink_uri.h"
#include "sinks/sqlite_handles.h"
#include "support/mariadb_server.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace backlog::testing {

std::unique_ptr<sinks::Sink> DestinationProbe::open() const {
  std::string error;
  auto sink = sinks::open_sink(uri(), &error);
  if (!sink) {
    ADD_FAILURE() << "cannot open " << uri() << ": " << error;
    throw std::runtime_error(error);
  }
  return sink;
}

std::string DestinationProbe::table(const sinks::TableName& name) const {
  return name.schema.empty() ? quote(name.table) : quote(name.schema) + "." + quote(name.table);
}

bool DestinationProbe::has_table(const sinks::TableName& name) const {
  auto sink = open();
  sink->prepare_schema(name.schema);
  return sink->describe_table(name).has_value();
}

namespace {

// '$[0].name' (keys in the tests are plain words).
std::string json_path(int index, const std::string& key) {
  return "'$[" + std::to_string(index) + "]." + key + "'";
}

// A file in its own temporary folder; schema S is the file out.S.db beside it (attached
// as S by the sink and by scalar()).
class SqliteProbe final : public DestinationProbe {
 public:
  std::string uri() const override { return "sqlite:" + file_; }
  std::string quote(const std::string& name) const override { return "\"" + name + "\""; }
  std::string json_member(const std::string& column, int index, const std::string& key) const override {
    return "json_extract(" + quote(column) + ", " + json_path(index, key) + ")";
  }
  std::string json_length(const std::string& column) const override {
    return "json_array_length(" + quote(column) + ")";
  }
  std::string scalar(const std::string& sql) const override {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(file_.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);  // may roll back a hot journal
    sinks::SqliteDb db(raw);
    sqlite3_busy_timeout(db.get(), 10000);
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      // out.PROD.db → attached as PROD
      std::string name = entry.path().filename().string();
      if (name.rfind("out.", 0) != 0 || name.size() < 8 || name.substr(name.size() - 3) != ".db") continue;
      std::string schema = name.substr(4, name.size() - 7);
      if (schema.find('.') == std::string::npos && schema != "db")
        sinks::exec(db.get(), "ATTACH DATABASE '" + entry.path().string() + "' AS " + quote(schema));
    }
    sinks::SqliteStmt s = sinks::prepare(db.get(), sql);
    if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_type(s.get(), 0) == SQLITE_NULL) return "";
    return reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
  }

 private:
  TempDir dir_;
  std::string file_ = dir_.file("out.db");
};

// A fresh database on the run's PostgreSQL server; schemas live inside it.
class PostgresProbe final : public DestinationProbe {
 public:
  std::string uri() const override { return uri_; }
  std::string quote(const std::string& name) const override { return "\"" + name + "\""; }
  std::string json_member(const std::string& column, int index, const std::string& key) const override {
    std::string sql = quote(column);  // "C" -> 0 ->> 'key'
    sql += " -> " + std::to_string(index) + " ->> '" + key + "'";
    return sql;
  }
  std::string json_length(const std::string& column) const override {
    return "jsonb_array_length(" + quote(column) + ")";
  }
  std::string scalar(const std::string& sql) const override {
    return postgres_scalar(uri_, "SET TimeZone = 'UTC'; " + sql);
  }

 private:
  std::string uri_ = postgres_fresh_database();
};

// A fresh database on the run's MariaDB server; a schema is another database of the
// server, so each schema name is made unique to this probe and dropped with it.
class MariadbProbe final : public DestinationProbe {
 public:
  ~MariadbProbe() override {
    for (const auto& name : schemas_) {
      try {
        mariadb_query(uri_, "DROP DATABASE IF EXISTS " + quote(name));
      } catch (const std::exception&) {  // the server is thrown away with the run anyway
      }
    }
  }
  std::string uri() const override { return uri_; }
  std::string quote(const std::string& name) const override { return "`" + name + "`"; }
  std::string json_member(const std::string& column, int index, const std::string& key) const override {
    return "JSON_UNQUOTE(JSON_EXTRACT(" + quote(column) + ", " + json_path(index, key) + "))";
  }
  std::string json_length(const std::string& column) const override {
    return "JSON_LENGTH(" + quote(column) + ")";
  }
  std::string scalar(const std::string& sql) const override {
    auto rows = mariadb_query(uri_, sql);
    if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
    return *rows[0][0];
  }
  std::string schema(const std::string& base) const override {
    std::string name = base + "_" + mariadb_database_of(uri_);  // t_… is unique on the server
    schemas_.insert(name);
    return name;
  }

 private:
  std::string uri_ = mariadb_fresh_database();
  mutable std::set<std::string> schemas_;  // databases handed out by schema()
};

}  // namespace

DestinationKind sqlite_destinations() {
  return {"SQLite", [] { return std::make_unique<SqliteProbe>(); }};
}
DestinationKind postgres_destinations() {
  return {"PostgreSQL", [] { return std::make_unique<PostgresProbe>(); }};
}
DestinationKind mariadb_destinations() {
  return {"MariaDB", [] { return std::make_unique<MariadbProbe>(); }};
}

}  // namespace backlog::testing
