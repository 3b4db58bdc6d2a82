// backlogsql --demo (see demo.h): a local Backlog, replicated and reported on.
//
// How it works: the emulator is a child process (posix_spawn) whose first stdout line
// says where it listens; it is stopped with SIGTERM when the demo returns, however it
// returns. The replication is exactly `backlogsql --url … --dest sqlite:demo.db -f
// sql-samples/demo.sql` (the same ScriptRunner, so the same summary lines), and the reports
// run through a ScriptRunner over demo.db in table mode.
#include "shell/demo.h"

#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "api/client.h"
#include "grammar/identifier.h"
#include "grammar/statement.h"
#include "shell/options.h"
#include "shell/script_runner.h"
#include "sinks/sqlite_sink.h"
#include "vtab/register.h"

extern char** environ;

namespace backlog::shell {
namespace {

namespace fs = std::filesystem;

constexpr const char* kApiKey = "demo-key";  // the emulator's default key

// The two reports shown, with their headings.
struct Report {
  const char* title;
  const char* file;  // under sql-samples/
};
constexpr Report kReports[] = {
    {"Open issues per assignee", "reports/open-issues-per-assignee.sql"},
    {"Time to close per issue type", "reports/time-to-close-per-issue-type.sql"},
};

fs::path program_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path samples_dir(const DemoOptions& o) {
  if (!o.samples.empty()) return o.samples;
  for (const fs::path& dir : {program_dir().parent_path() / "sql-samples", program_dir() / "sql-samples"})
    if (fs::exists(dir / "demo.sql")) return dir;
  throw std::runtime_error(fmt::format("cannot find sql-samples/demo.sql next to {} or in its parent folder",
                                       program_dir().string()));
}

// A backlog-emulator child process, stopped when this goes away.
class Emulator {
 public:
  Emulator(const DemoOptions& o) {
    std::string path = o.emulator.empty() ? (program_dir() / "backlog-emulator").string() : o.emulator;
    if (access(path.c_str(), X_OK) != 0)
      throw std::runtime_error(fmt::format(
          "cannot run {}: build it first (cmake --build build --target backlog-emulator)", path));
    std::vector<std::string> args = {path, "--port", "0", "--projects", std::to_string(o.projects),
                                     "--issues", std::to_string(o.issues), "--users", std::to_string(o.users)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("cannot start the emulator: pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    int rc = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
      close(out[0]);
      pid_ = -1;
      throw std::runtime_error(fmt::format("cannot start {}: {}", path, strerror(rc)));
    }
    // "listening on http://127.0.0.1:PORT" once it accepts connections; then its stdout is
    // not read any more (it ignores SIGPIPE).
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
    close(out[0]);
    if (line.rfind("listening on ", 0) != 0)
      throw std::runtime_error(fmt::format("{} did not start (it said '{}')", path, line));
    url_ = line.substr(13);
  }
  ~Emulator() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

using Db = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Db open_db(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw, sqlite3_close);
  if (rc != SQLITE_OK)
    throw std::runtime_error(fmt::format("cannot open {}: {}", path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  return db;
}

// "Projects 3 · Users 12 · …": the row count of every table demo.sql replicates.
std::string row_counts(sqlite3* db, const std::string& demo_sql) {
  std::string line;
  for (const auto& st : grammar::parse_script(demo_sql).statements) {
    if (st.kind != grammar::Statement::Kind::Replicate) continue;
    std::string table = st.schema.empty() ? st.target : st.schema + "." + st.target;
    sqlite3_stmt* stmt = nullptr;
    std::string sql = "SELECT count(*) FROM " + grammar::quote_identifier(st.target);
    long long n = -1;
    if (st.schema.empty() && sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
      n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    line += fmt::format("{}{} {}", line.empty() ? "" : " · ", table, n < 0 ? "?" : std::to_string(n));
  }
  return line;
}

int demo(const DemoOptions& o) {
  fs::path samples = samples_dir(o);
  std::string demo_sql = read_text(samples / "demo.sql");

  Emulator emulator(o);
  fmt::print("== Backlog emulator at {} ({} projects, {} issues, {} users; API key {})\n", emulator.url(),
             o.projects, o.issues, o.users, kApiKey);

  // The replication: as `backlogsql --dest sqlite:demo.db -f sql-samples/demo.sql`.
  api::ClientOptions client_options;
  client_options.base_url = emulator.url();
  client_options.api_key = kApiKey;
  auto client = std::make_shared<api::Client>(client_options);
  Db source = open_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  std::string error;
  if (vtab::register_tables(source.get(), client, &error) != SQLITE_OK)
    throw std::runtime_error("cannot register the Backlog tables: " + error);
  std::vector<std::unique_ptr<sinks::Sink>> dests;
  dests.push_back(sinks::SqliteSink::open(o.database));
  fmt::print("== Replicating {} into {}\n", (samples / "demo.sql").string(), o.database);
  std::fflush(stdout);
  Options quiet;  // list mode: demo.sql has no SELECT, only REPLICATE summaries (stderr)
  engine::SessionOptions session_options;
  session_options.api_calls = [client] { return client->stats().calls; };
  {
    ScriptRunner runner(source.get(), quiet, std::move(dests), std::move(session_options));
    if (runner.run(demo_sql, (samples / "demo.sql").string()) != 0) return 1;
  }
  std::fflush(stderr);

  Db replica = open_db(o.database, SQLITE_OPEN_READONLY);
  fmt::print("== {} now holds: {}\n", o.database, row_counts(replica.get(), demo_sql));

  Options table;
  table.output.mode = Mode::Table;
  table.output.headers = true;
  ScriptRunner reports(replica.get(), table, {}, {});
  for (const Report& r : kReports) {
    fs::path file = samples / r.file;
    fmt::print("\n== {} (sql-samples/{})\n", r.title, r.file);
    std::fflush(stdout);
    if (reports.run(read_text(file), file.string()) != 0) return 1;
  }
  fmt::print("\n== Done. {} is an ordinary SQLite file:\n"
             "   sqlite3 -header -column {} < sql-samples/reports/overdue-issues.sql\n"
             "   With your own space: backlogsql --url https://SPACE.backlog.com --api-key KEY "
             "--dest sqlite:backlog.db -f sql-samples/demo.sql\n",
             o.database, o.database);
  return 0;
}

}  // namespace

int run_demo(const DemoOptions& options) {
  try {
    return demo(options);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "backlogsql --demo: {}\n", e.what());
    return 1;
  }
}

}  // namespace backlog::shell
