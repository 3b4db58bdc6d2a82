// backlog_connect(): points the connection's Backlog tables at a space.
//
//   SELECT backlog_connect('https://SPACE.backlog.com', 'API_KEY');
//     → connected to https://SPACE.backlog.com (space SPACE)
//   SELECT count(*) FROM Issues;
//
// How it works: a new api::Client is checked first (`SELECT SpaceKey FROM Space` through
// the catalog, so a wrong key or an unreachable URL is refused with the message the
// shell gives, and the previous connection stays as it was). Then the generic module of
// every catalog table is registered on the host under the table's name, replacing the
// placeholders (or the previous space's tables), and on a private in-memory connection
// that backlog_replicate() reads from. Registering modules while the calling SELECT runs
// is fine: SQLite only adds (or swaps) entries in the connection's module table; a
// statement that already uses a replaced table keeps its own reference to it.
#include <sqlite3.h>

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "api/client.h"
#include "ext/connect_args.h"
#include "ext/ext.h"
#include "ext/function_guard.h"
#include "vtab/register.h"

namespace backlog::ext {
namespace {

std::runtime_error sqlite_failure(sqlite3* db, const std::string& what) {
  return std::runtime_error(what + ": " + sqlite3_errmsg(db));
}

// The space key, read through the catalog's Space table: the credentials' first test.
std::string space_key(sqlite3* source) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(source, "SELECT SpaceKey FROM Space", -1, &stmt, nullptr) != SQLITE_OK)
    throw sqlite_failure(source, "backlog_connect");
  std::string key;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
    key = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    std::string message = sqlite3_errmsg(source);
    sqlite3_finalize(stmt);
    throw std::runtime_error(message);
  }
  sqlite3_finalize(stmt);
  return key;
}

void connect(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  ConnectionState& state = state_of(sqlite3_user_data(ctx));
  guarded(ctx, "backlog_connect", [&] {
    std::vector<std::string> args;
    for (int i = 0; i < argc; ++i) {
      const unsigned char* text = sqlite3_value_text(argv[i]);
      args.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    api::ClientOptions options = connect_options(args);
    options.trace = [calls = state.calls](const api::TraceEntry& call) { calls->add(call); };
    std::string url = api::redact(options.base_url);
    auto client = std::make_shared<api::Client>(std::move(options));

    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, SourceDbCloser> source(raw);
    if (rc != SQLITE_OK) throw std::runtime_error("backlog_connect: cannot open an in-memory SQLite database");
    std::string error;
    if (vtab::register_tables(source.get(), client, &error) != SQLITE_OK)
      throw std::runtime_error("backlog_connect: " + error);
    std::string space = space_key(source.get());

    if (vtab::register_tables(sqlite3_context_db_handle(ctx), client, &error) != SQLITE_OK)
      throw std::runtime_error("backlog_connect: " + error);
    state.client = std::move(client);
    state.source = std::move(source);
    state.url = url;
    std::string answer = fmt::format("connected to {} (space {})", url, space);
    sqlite3_result_text(ctx, answer.c_str(), static_cast<int>(answer.size()), SQLITE_TRANSIENT);
  });
}

}  // namespace

int register_connect_function(sqlite3* db, std::shared_ptr<ConnectionState> state, std::string* error) {
  // DIRECTONLY: it changes the connection and sends the key: never from a trigger or view.
  int rc = sqlite3_create_function_v2(db, "backlog_connect", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY, share(state),
                                      connect, nullptr, nullptr, unshare);
  if (rc != SQLITE_OK) *error = sqlite3_errmsg(db);
  return rc;
}

}  // namespace backlog::ext
