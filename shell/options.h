// Command-line options and subcommands of backlogsql (parsed with CLI11; `backlogsql
// --help` and `backlogsql SUBCOMMAND --help` print what each one does).
//
//   backlogsql [OPTIONS] [-c SQL]... [-f FILE]...          run SQL (or the shell)
//   backlogsql profile add|list|remove …                   named connections
//   backlogsql auth login --profile NAME                    OAuth 2.0 login
//   backlogsql test-connection [CONNECTION] [--dest URI]…  check source and destinations
//   backlogsql job add|list|show|edit|remove|run|history …  named jobs (jobs/catalog.h)
//   backlogsql scheduler [--once] [--listen ADDR]          run jobs when due (jobs/scheduler.h)
#pragma once

#include <string>
#include <vector>

#include "shell/output_modes.h"

namespace backlog::shell {

enum class Command {
  Run, ProfileAdd, ProfileList, ProfileRemove, AuthLogin, TestConnection,
  JobAdd, JobList, JobShow, JobEdit, JobRemove, JobRun, JobHistory, Scheduler
};

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

  // Jobs and the scheduler. For `job edit`, what is not given stays as it was: empty
  // strings/vectors and -1 mean "not given".
  std::string home;                 // --home DIR: catalog and locks (default $XDG_DATA_HOME/backlogsql)
  std::string job_name;             // job add/show/edit/remove/run/history NAME
  std::string job_profile;          // job add/edit --source PROFILE (a profile's name)
  std::vector<std::string> job_tables;  // --tables Issues,IssueComments
  std::string job_file;             // --file job.sql
  std::string job_query;            // --query "REPLICATE …"
  std::string every;                // --every 10m|30m|1h|6h|1d|1w|1mo
  std::string cron;                 // --cron "*/10 * * * *"
  std::string timezone;             // --timezone Asia/Tokyo
  bool manual_only = false;         // job edit --manual: remove the schedule
  int keep_runs = -1;               // --keep N: runs kept in the history
  int max_retries = -1;             // --retries N: retries of a failed scheduled run
  int history_limit = 20;           // job history --limit N
  bool once = false;                // scheduler --once
  std::string listen;               // scheduler --listen 127.0.0.1:PORT
  std::string log_file;             // scheduler / job run --log FILE
};

// Parses argv; on a usage error returns false and sets *error. With --help anywhere,
// returns true with help set and help_text filled.
bool parse_options(int argc, char** argv, Options& out, std::string* error);
// The main help text.
const char* usage_text();

}  // namespace backlog::shell
