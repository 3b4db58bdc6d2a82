// The Backlog side of end-to-end REPLICATE tests: a source connection with every Backlog
// table registered against a backlog-emulator, a one-call way to run a script into some
// destinations, and the emulator's write API (the way tests change the source).
//
//   EmulatorProcess emu({"--issues", "40"});
//   EmulatorSource src(emu);
//   auto r = replicate(src, sinks::SqliteSink::open(file), "REPLICATE Issues;");
//   ASSERT_TRUE(r.ok) << r.error;
//   auto edit = emulator_send(emu, "PATCH", "/issues/5", {{"summary", "edited"}});
//   int64_t n = expect_same_as_source(src, *sink, {"", "Issues"}, "SELECT * FROM Issues");
//
// Shared by the engine's end-to-end tests (SQLite, PostgreSQL, MariaDB, several
// destinations); linked through the test_support_source library.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>

#include "api/client.h"
#include "engine/session.h"
#include "sinks/sink.h"
#include "sinks/sqlite_handles.h"
#include "support/emulator_process.h"

namespace backlog::testing {

// A source connection (in-memory SQLite) with every Backlog table registered, talking to
// `emu` with its API key.
struct EmulatorSource {
  explicit EmulatorSource(const EmulatorProcess& emu);
  sqlite3* get() const { return db.get(); }

  std::shared_ptr<api::Client> client;
  sinks::SqliteDb db;
};

// Collects error messages; nothing else.
struct ErrorCollector : engine::Observer {
  std::vector<std::string> errors;
  void on_error(const std::string& m) override { errors.push_back(m); }
};

// Runs `script` with `dests` as the destinations; the API call counter comes from the
// source's client.
engine::ScriptResult replicate(EmulatorSource& src, std::vector<std::unique_ptr<sinks::Sink>> dests,
                               const std::string& script, engine::SessionOptions options = {});
engine::ScriptResult replicate(EmulatorSource& src, std::unique_ptr<sinks::Sink> dest,
                               const std::string& script, engine::SessionOptions options = {});

// The emulator's write API: METHOD (POST, PATCH or DELETE) /api/v2`path` with a form body.
httplib::Result emulator_send(const EmulatorProcess& emu, const std::string& method, const std::string& path,
                              const httplib::Params& form = {});

// Every row of `select` on the source is in `target` with equal values (sinks::same_value;
// JSON columns compared as parsed JSON, so key order and spacing do not matter), and the
// target holds no other rows. Reads through the sink's own lookup() and count_rows(), so
// it works for every destination kind. Returns the number of source rows compared.
int64_t expect_same_as_source(EmulatorSource& src, sinks::Sink& sink, const sinks::TableName& target,
                              const std::string& select);

// True when both are JSON text with the same parsed value (objects compared by member,
// whatever their order).
bool same_json(const sinks::Value& a, const sinks::Value& b);

}  // namespace backlog::testing
