// Command-line options and subcommands of backlogsql (parsed with CLI11; `backlogsql
// --help` and `backlogsql SUBCOMMAND --help` print what each one does).
//
//   backlogsql [OPTIONS] [-c SQL]... [-f FILE]...          run SQL (or the shell)
//   backlogsql profile add|list|remove …                   named connections
//   backlogsql auth login --profile NAME                    OAuth 2.0 login
//   backlogsql test-connection [CONNECTION] [--dest URI]…  check source and destinations
#pragma once

#include <string>
#include <vector>

#include "shell/output_modes.h"

namespace backlog::shell {

enum class Command { Run, ProfileAdd, ProfileList, ProfileRemove, AuthLogin, TestConnection };

struct Options {
  Command command = Command::Run;

  // The connection (see connection_args.h for their priority). Empty: not given here;
  // BACKLOG_URL / BACKLOG_API_KEY are read when resolving, not when parsing.
  std::string url;                  // --url
  std::string api_key;              // --api-key
  std::string source;               // --source "AuthScheme=…;URL=…"
  std::string profile;              // --profile NAME
  bool insecure = false;            // --insecure
  int parallel = 1;                 // --parallel N
  std::string trace_file;           // --trace FILE
  std::vector<std::string> dests;   // --dest URI (repeatable)
  struct Input {
    bool is_file;                   // -f FILE ('-' = stdin), else -c SQL
    std::string text;
  };
  std::vector<Input> inputs;        // in command-line order
  OutputOptions output;
  bool quiet = false;               // --quiet: no progress line
  bool help = false;
  std::string help_text;            // what --help prints (of the subcommand asked about)
  bool print_reference = false;     // --reference: the table reference (docs/tables.md)
  bool version = false;
  bool demo = false;                // --demo: emulator → demo.db, then two reports (demo.h)

  // Subcommands.
  std::string profile_name;         // profile add/remove NAME
  bool oauth = false;               // profile add --oauth
  std::string client_id;            // profile add --client-id
  std::string client_secret;        // profile add --client-secret
  bool replace = false;             // profile add --replace
  bool open_browser = false;        // auth login --open-browser
  int port = 0;                     // auth login --port (0: any free port)
  int login_timeout_s = 300;        // auth login --timeout
};

// Parses argv; on a usage error returns false and sets *error. With --help anywhere,
// returns true with help set and help_text filled.
bool parse_options(int argc, char** argv, Options& out, std::string* error);
// The main help text.
const char* usage_text();

}  // namespace backlog::shell
