// What one backlogsql session is: the source connection, the settings the dot-commands
// change, the destinations, and the hooks main.cpp provides for what only it knows how to
// do (open a profile's connection, open a destination URI).
//
//   shell::ShellState state;
//   state.db = db;                        // Backlog tables registered on it
//   state.client = client;                // the same client the tables use
//   state.output = options.output;        // --mode/--headers/--separator/--null
//   state.quiet = options.quiet;
//   state.destinations = std::move(dests);  // opened --dest sinks
//   state.session_options = std::move(session_options);
//   state.connect = [&](const std::string& profile, std::string* error) { … };
//   state.open_dest = [](const std::string& uri, std::string* error) { return sinks::open_sink(uri, error); };
//   shell::Shell shell(state);            // shell/repl.h
//   return isatty(0) && no -c/-f ? shell.run_interactive() : shell.run_text(text, origin);
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/client.h"
#include "engine/session.h"
#include "shell/output_modes.h"
#include "sinks/sink.h"

namespace backlog::shell {

struct ShellState {
  // The source: an SQLite connection with the Backlog tables registered on it, and the
  // api::Client those tables use (for .calls, .trace, Ctrl-C and progress).
  sqlite3* db = nullptr;
  std::shared_ptr<api::Client> client;
  std::string connection_label;   // for .show: e.g. "profile prod (https://x.backlog.com)"; no secrets

  // Settings (command-line values first; the dot-commands change them).
  OutputOptions output;           // .mode .headers .nullvalue .separator
  bool bail = true;               // scripts stop at the first error (.bail off: go on)
  bool timer = false;             // .timer: elapsed time after each statement
  bool trace = false;             // .trace: every API call on stderr
  bool quiet = false;             // --quiet: no progress line

  // Destinations opened from --dest; the Shell moves them into its engine::Session.
  std::vector<std::unique_ptr<sinks::Sink>> destinations;
  engine::SessionOptions session_options;  // api_calls defaults to client->stats().calls

  // `.connect PROFILE`: opens that profile's connection. On success it must have set
  // `client` (and `connection_label`) and registered the tables on `db` with the new
  // client — keep the same `db`: the session and its destinations go on. Empty: .connect
  // answers that it is not available.
  std::function<bool(const std::string& profile, std::string* error)> connect;
  // `.dest URI`: opens a destination (sinks::open_sink). Empty: .dest URI is refused.
  std::function<std::unique_ptr<sinks::Sink>(const std::string& uri, std::string* error)> open_dest;
};

}  // namespace backlog::shell
