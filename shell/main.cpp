// backlogsql: SQL over a Backlog space (and, with --dest, REPLICATE into databases).
// main() parses the command line (options.h), runs a subcommand (commands.h) or opens the
// session — connection, Backlog tables, destinations — and hands it to the shell (repl.h).
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "api/client.h"
#include "api/trace.h"
#include "shell/commands.h"
#include "shell/connection_args.h"
#include "shell/demo.h"
#include "shell/options.h"
#include "shell/repl.h"
#include "shell/shell_state.h"
#include "sinks/sink_uri.h"
#include "vtab/reference.h"
#include "vtab/register.h"

using namespace backlog;

namespace {

int usage_error(const std::string& why) {
  fprintf(stderr, "backlogsql: %s\n", why.c_str());
  return 2;
}

// The session's Backlog client: every call goes to the --trace file (if any) and to the
// watch that tells main whether the space was ever reached.
struct SourceFactory {
  const shell::Options& options;
  std::function<void(const api::TraceEntry&)> file_trace;
  shell::ConnectionWatch watch;

  // nullptr with *error set when the connection cannot be used.
  std::shared_ptr<api::Client> open(const shell::ChosenConnection& chosen, const shell::Options& o,
                                    std::string* error) {
    api::ClientOptions copts;
    try {
      copts = shell::client_options_for(chosen, o);
    } catch (const api::ConnectionError& e) {
      *error = e.what();
      return nullptr;
    }
    copts.trace = [this](const api::TraceEntry& e) {
      watch.observe(e);
      if (file_trace) file_trace(e);
    };
    return std::make_shared<api::Client>(copts);
  }
};

int run_statements(const shell::Options& opt) {
  std::string error;
  std::optional<shell::ChosenConnection> chosen = shell::choose_connection(opt, &error);
  if (!error.empty()) return usage_error(error);
  if (!chosen)
    return usage_error("no Backlog connection: give --profile NAME, --source \"…\", or --url URL with "
                       "--api-key KEY (or set BACKLOG_URL and BACKLOG_API_KEY)");

  FILE* trace = nullptr;
  if (!opt.trace_file.empty() && !(trace = fopen(opt.trace_file.c_str(), "a")))
    return usage_error("cannot open trace file " + opt.trace_file);
  std::unique_ptr<FILE, decltype(&fclose)> trace_guard(trace, fclose);
  SourceFactory sources{opt, trace ? api::trace_to_file(trace) : nullptr, {}};
  std::shared_ptr<api::Client> client = sources.open(*chosen, opt, &error);
  if (!client) return usage_error(error);

  sqlite3* db = nullptr;
  // NOMUTEX: only this thread calls SQLite on the source connection (the scan's parse
  // threads and REPLICATE's writer thread never do; Ctrl-C's sqlite3_interrupt needs no
  // lock), so the per-call mutex is pure cost.
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    fprintf(stderr, "backlogsql: cannot open SQLite\n");
    return 1;
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db_guard(db, sqlite3_close);
  if (vtab::register_tables(db, client, &error) != SQLITE_OK) {
    fprintf(stderr, "backlogsql: %s\n", error.c_str());
    return 1;
  }

  shell::ShellState state;
  state.db = db;
  state.client = client;
  state.connection_label = chosen->label;
  state.output = opt.output;
  state.quiet = opt.quiet;
  state.session_options.overlap_writes = true;  // destinations are connections of their own
  for (const std::string& uri : opt.dests) {
    auto sink = sinks::open_sink(uri, &error);
    if (!sink) return usage_error("--dest " + error);  // the error names the destination
    state.destinations.push_back(std::move(sink));
  }
  state.connect = [&](const std::string& profile, std::string* why) {
    shell::Options by_profile = opt;
    by_profile.source.clear();
    by_profile.url.clear();
    by_profile.api_key.clear();
    by_profile.profile = profile;
    std::optional<shell::ChosenConnection> next = shell::choose_connection(by_profile, why);
    if (!next) return false;
    std::shared_ptr<api::Client> next_client = sources.open(*next, by_profile, why);
    if (!next_client || vtab::register_tables(db, next_client, why) != SQLITE_OK) return false;
    state.client = std::move(next_client);
    state.connection_label = next->label;
    return true;
  };
  state.open_dest = [](const std::string& uri, std::string* why) { return sinks::open_sink(uri, why); };

  shell::Shell shell(state);
  int rc = 0;
  for (const auto& input : opt.inputs) {
    if (input.is_file) {
      std::string text;
      if (!shell::read_whole_file(input.text, text)) return usage_error("cannot read " + input.text);
      rc = shell.run_text(text, input.text == "-" ? "<stdin>" : input.text);
    } else {
      rc = shell.run_text(input.text, "-c");
    }
    if (rc != 0 || shell.quit_requested()) break;
  }
  if (opt.inputs.empty()) {
    if (isatty(STDIN_FILENO)) {
      rc = shell.run_interactive();
    } else {
      std::string text;
      shell::read_whole_file("-", text);
      rc = shell.run_text(text, "<stdin>");
    }
  }
  // A statement failed and Backlog never answered well: the space is unreachable or
  // refused the credentials. That is a connection error (2), not a failed statement (1).
  if (rc == 1 && sources.watch.never_connected()) {
    fprintf(stderr, "backlogsql: could not use %s: check the URL and the credentials "
                    "(`backlogsql test-connection` says more)\n", state.connection_label.c_str());
    rc = 2;
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  // Before SQLite initializes: without memory statistics (which nothing here reads) an
  // allocation takes no global mutex, and the replication's reading and writing threads
  // stop contending for it (measured: a tenth of the reading thread's CPU).
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  shell::Options opt;
  std::string error;
  if (!shell::parse_options(argc, argv, opt, &error)) {
    fprintf(stderr, "backlogsql: %s\nTry 'backlogsql --help'.\n", error.c_str());
    return 2;
  }
  if (opt.help) { fputs(opt.help_text.c_str(), stdout); return 0; }
  if (opt.version) { puts("backlogsql 0.1.0 (SQLite " SQLITE_VERSION ")"); return 0; }
  if (opt.print_reference) { fputs(vtab::markdown_reference().c_str(), stdout); return 0; }
  if (opt.demo) return shell::run_demo();
  switch (opt.command) {
    case shell::Command::ProfileAdd:
    case shell::Command::ProfileList:
    case shell::Command::ProfileRemove: return shell::run_profile_command(opt);
    case shell::Command::AuthLogin: return shell::run_auth_login(opt);
    case shell::Command::TestConnection: return shell::run_test_connection(opt);
    case shell::Command::JobAdd:
    case shell::Command::JobList:
    case shell::Command::JobShow:
    case shell::Command::JobEdit:
    case shell::Command::JobRemove:
    case shell::Command::JobRun:
    case shell::Command::JobHistory: return shell::run_job_command(opt);
    case shell::Command::Scheduler: return shell::run_scheduler_command(opt);
    case shell::Command::Run: break;
  }
  return run_statements(opt);
}
