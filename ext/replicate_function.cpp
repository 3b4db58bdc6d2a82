// backlog_replicate(): REPLICATE / CHECKCACHE into the host connection's own database.
//
//   SELECT backlog_replicate('REPLICATE Issues; REPLICATE IssueComments;');
//     → Issues → sqlite:/d/out.db (full load): 300 rows read, 300 inserted, …
//       IssueComments → sqlite:/d/out.db (full load): 912 rows read, …
//   ATTACH 'prod.db' AS PROD;
//   SELECT backlog_replicate('REPLICATE PROD.Issues SELECT * FROM Issues');
//
// How it works: the script runs through engine::Session like the shell's --dest, with the
// host connection itself as the one destination (a borrowed SqliteSink: main is the
// destination, `PROD.` an attached database — one not attached yet is attached from the
// file beside main, as the shell does) and the private source connection of
// backlog_connect() as the source (in the host, `Issues` stops meaning the Backlog table
// once main.Issues exists). Each REPLICATE commits in its own transaction, begun and
// committed on the host connection while the calling SELECT runs: allowed, because that
// SELECT only reads (SQLite refuses COMMIT only while a writing statement is active).
// So call it with SELECT, outside a transaction of your own.
//
// While it runs, the host's Backlog table names are placeholders again: a destination
// statement on a target that does not exist yet (the engine's `DELETE FROM "main"."Issues"`
// after a failed CREATE, say) would otherwise resolve to the eponymous Backlog table of that
// name and write to the space. The real tables come back when it returns.
//
// The answer is one summary line per statement; the first failing statement turns it into
// an SQL error (the statements before it stay committed, the failing one is rolled back).
#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/session.h"
#include "ext/ext.h"
#include "ext/function_guard.h"
#include "ext/summary_text.h"
#include "sinks/sqlite_sink.h"
#include "vtab/register.h"

namespace backlog::ext {
namespace {

class SummaryLines : public engine::Observer {
 public:
  void on_summary(const engine::StatementSummary& s) override {
    if (s.kind == grammar::Statement::Kind::Sql) return;
    if (!text.empty()) text += '\n';
    text += summary_text(s);
  }
  std::string text;
};

constexpr const char* kHidden = "Backlog tables cannot be used while backlog_replicate() writes into this connection";

// Puts placeholders under the Backlog names of the host for its lifetime (see above).
class BacklogTablesHidden {
 public:
  BacklogTablesHidden(sqlite3* host, std::shared_ptr<api::Client> client)
      : host_(host), client_(std::move(client)) {
    std::string error;
    if (register_placeholder_tables(host_, kHidden, &error) != SQLITE_OK)
      throw std::runtime_error("backlog_replicate: " + error);
  }
  ~BacklogTablesHidden() {
    std::string error;
    // Only fails when out of memory; the placeholders then say so at the next query.
    (void)vtab::register_tables(host_, client_, &error);
  }
  BacklogTablesHidden(const BacklogTablesHidden&) = delete;
  BacklogTablesHidden& operator=(const BacklogTablesHidden&) = delete;

 private:
  sqlite3* host_;
  std::shared_ptr<api::Client> client_;
};

void replicate(sqlite3_context* ctx, int, sqlite3_value** argv) {
  ConnectionState& state = state_of(sqlite3_user_data(ctx));
  guarded(ctx, "backlog_replicate", [&] {
    if (!state.client) throw std::runtime_error(std::string("backlog_replicate: ") + kNotConnected);
    const unsigned char* script = sqlite3_value_text(argv[0]);
    if (!script) throw std::runtime_error("backlog_replicate: the script is NULL");
    sqlite3* host = sqlite3_context_db_handle(ctx);
    if (!sqlite3_get_autocommit(host))
      throw std::runtime_error(
          "backlog_replicate: the connection is inside a transaction; REPLICATE commits its own: "
          "COMMIT first");
    const char* file = sqlite3_db_filename(host, "main");
    std::vector<std::unique_ptr<sinks::Sink>> dests;
    dests.push_back(sinks::SqliteSink::borrow(host, file && *file ? file : ":memory:"));

    BacklogTablesHidden hidden(host, state.client);
    engine::SessionOptions options;
    options.api_calls = [client = state.client] { return client->stats().calls; };
    engine::Session session(state.source.get(), std::move(dests), std::move(options));
    SummaryLines lines;
    engine::ScriptResult result = session.run_script(reinterpret_cast<const char*>(script), lines);
    if (!result.ok) throw std::runtime_error(result.error);
    sqlite3_result_text(ctx, lines.text.c_str(), static_cast<int>(lines.text.size()), SQLITE_TRANSIENT);
  });
}

}  // namespace

int register_replicate_function(sqlite3* db, std::shared_ptr<ConnectionState> state, std::string* error) {
  int rc = sqlite3_create_function_v2(db, "backlog_replicate", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, share(state),
                                      replicate, nullptr, nullptr, unshare);
  if (rc != SQLITE_OK) *error = sqlite3_errmsg(db);
  return rc;
}

}  // namespace backlog::ext
