// backlogsql's command line on CLI11. Every option and subcommand is declared once here,
// with its help line, so `--help` of each one is generated from what is really accepted.
#include "shell/options.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace backlog::shell {

namespace {

constexpr const char* kDescription = R"(Query a Backlog space with SQL: every Backlog API v2 resource is a table
(Issues, IssueComments, Projects, Users, WikiPages, ...). Filters, LIMIT and
ORDER BY are turned into API parameters, so a query asks Backlog for no more
than it needs. REPLICATE copies tables into destination databases, and on
later runs only what changed:

  backlogsql --dest sqlite:backlog.db -c "REPLICATE Issues; REPLICATE IssueComments;"

With neither -c nor -f, statements are read from standard input (an interactive
shell when it is a terminal).
)";

constexpr const char* kConnectionFooter = R"(
The connection is taken from one of, in this order: --source, --profile,
--url with --api-key, or $BACKLOG_URL with $BACKLOG_API_KEY. Giving two of the
first three is a usage error.)";

constexpr const char* kExitFooter = R"(
Exit status: 0 on success, 1 if a statement failed, 2 on a usage error or when
the Backlog space cannot be reached or refuses the credentials.)";

// --source, --profile, --url, --api-key, --insecure: wherever a connection is taken.
void add_connection_options(CLI::App& app, Options& o) {
  const char* group = "Connection";
  app.add_option("--source", o.source, "connection string, e.g.\n\"AuthScheme=APIToken;APIKey=KEY;URL=https://example.backlog.com\"\nor \"AuthScheme=OAuth;OAuthClientId=ID;OAuthClientSecret=S;URL=...\"")
      ->type_name("TEXT")->group(group);
  app.add_option("--profile", o.profile, "a named connection (see `backlogsql profile --help`)")
      ->type_name("NAME")->group(group);
  app.add_option("--url", o.url, "Backlog space, e.g. https://example.backlog.com\n(default: $BACKLOG_URL)")
      ->type_name("URL")->group(group);
  app.add_option("--api-key", o.api_key, "API key (AuthScheme=APIToken) (default: $BACKLOG_API_KEY)")
      ->type_name("KEY")->group(group);
  app.add_flag("--insecure", o.insecure, "do not verify TLS certificates (test servers only)")->group(group);
}

void add_dest_option(CLI::App& app, Options& o, const char* help) {
  app.add_option("--dest", o.dests, help)->type_name("URI")->allow_extra_args(false)->group("Destinations");
}

struct Parser {
  Options& o;
  CLI::App app{kDescription, "backlogsql"};
  std::vector<std::string> sql, files;
  std::string mode, headers;
  CLI::Option* sql_opt = nullptr;
  CLI::Option* file_opt = nullptr;
  CLI::App* profile_add = nullptr;
  CLI::App* profile_list = nullptr;
  CLI::App* profile_remove = nullptr;
  CLI::App* auth_login = nullptr;
  CLI::App* test_connection = nullptr;
  std::vector<std::pair<CLI::App*, Command>> job_commands;
  CLI::App* scheduler = nullptr;

  explicit Parser(Options& options) : o(options) {
    app.get_formatter()->column_width(26);
    app.footer(std::string(kConnectionFooter) + "\n" + kExitFooter);
    app.set_help_flag("-h,--help", "show this help and exit");

    add_connection_options(app, o);
    app.add_option("--parallel", o.parallel, "requests in flight at once, 1-16 (default 1: serial,\nas Nulab asks); they share the rate limit")
        ->type_name("N")->check(CLI::Range(1, 16).description(""))->group("Connection");
    app.add_option("--trace", o.trace_file, "log every API call (method, path, status, ms, bytes;\nsecrets redacted)")
        ->type_name("FILE")->group("Connection");
    add_dest_option(app, o, "sqlite:PATH (or just PATH; created if missing),\npostgresql://…, mysql://…; repeatable: each REPLICATE\nwrites to every destination");
    sql_opt = app.add_option("-c", sql, "run SQL (statements separated by ';'); repeatable")
                  ->type_name("SQL")->allow_extra_args(false)->group("Input");
    file_opt = app.add_option("-f", files, "run the statements in FILE ('-' reads standard input);\n-c and -f run in the order given, stopping at the first error")
                   ->type_name("FILE")->allow_extra_args(false)->group("Input");
    app.add_option("--mode", mode, std::string("one of: ") + kModeNames + " (default list)")
        ->type_name("MODE")->group("Output");
    app.add_option("--headers", headers, "print column names; default off")
        ->type_name("on|off")->check(CLI::IsMember({"on", "off"}).description(""))->group("Output");
    app.add_option("--separator", o.output.separator, "column separator in list mode (default '|')")
        ->type_name("SEP")->group("Output");
    app.add_option("--null", o.output.null_text, "text printed for NULL (default empty)")
        ->type_name("TEXT")->group("Output");
    app.add_flag("--quiet", o.quiet, "no progress line on stderr")->group("Output");
    app.add_flag("--reference", o.print_reference, "print the reference of every table (Markdown) and exit");
    app.add_flag("--version", o.version, "print the version and exit");
    app.add_flag("--demo", o.demo, "start a local Backlog emulator, replicate it into demo.db in\nthe working folder and print two reports (no account needed)");

    add_profile_commands();
    add_auth_commands();
    add_test_connection();
    add_job_commands();
    add_scheduler();
  }

  void add_home_option(CLI::App& cmd) {
    cmd.add_option("--home", o.home, "folder of the jobs catalog (jobs.db) and its locks\n(default: $XDG_DATA_HOME/backlogsql, ~/.local/share/backlogsql)")
        ->type_name("DIR");
  }

  // add and edit take the same definition options; for edit, what is not given stays.
  void add_job_definition(CLI::App& cmd, bool is_add) {
    cmd.add_option("--source", o.job_profile, "the Backlog connection: a profile's name\n(`backlogsql profile add`); its secrets stay in config.toml")
        ->type_name("PROFILE");
    cmd.add_option("--dest", o.dests, is_add ? "a destination URI (repeatable); a password in it is moved\nto config.toml, never stored in the catalog"
                                            : "destinations (repeatable): replace all of the job's")
        ->type_name("URI")->allow_extra_args(false);
    auto* tables = cmd.add_option("--tables", o.job_tables, "tables to replicate, comma-separated: one `REPLICATE T;` each")
        ->type_name("T1,T2")->delimiter(',');
    auto* file = cmd.add_option("--file", o.job_file, "a file of statements (read at every run)")->type_name("FILE");
    auto* query = cmd.add_option("--query", o.job_query, "the statements themselves, e.g. \"REPLICATE Issues;\"")->type_name("SQL");
    tables->excludes(file)->excludes(query);
    file->excludes(query);
    auto* every = cmd.add_option("--every", o.every, "run every 10m, 30m, 1h, 6h, 1d, 1w, 1mo (N with m, h, d, w, mo;\n10 minutes to 1 month)")
        ->type_name("INTERVAL");
    auto* cron = cmd.add_option("--cron", o.cron, "run on a 5-field cron schedule, e.g. \"0 2 * * MON-FRI\"")->type_name("EXPR");
    every->excludes(cron);
    cmd.add_option("--timezone", o.timezone, "IANA time zone of the schedule, e.g. Asia/Tokyo (default UTC)")->type_name("TZ");
    cmd.add_option("--keep", o.keep_runs, "runs kept in the history (default 100)")->type_name("N")->check(CLI::Range(1, 1000000).description(""));
    cmd.add_option("--retries", o.max_retries, "retries of a failed scheduled run, with backoff (default 3)")->type_name("N")->check(CLI::Range(0, 100).description(""));
    if (!is_add) {
      auto* manual = cmd.add_flag("--manual", o.manual_only, "remove the schedule: run only with `job run`");
      manual->excludes(every)->excludes(cron);
    }
    add_home_option(cmd);
  }

  void add_job_commands() {
    CLI::App* job = app.add_subcommand("job", "named jobs: a source, destinations and statements, on a schedule");
    job->require_subcommand(1);
    job->footer(R"(
Jobs are kept in a small SQLite catalog (jobs.db under --home). `backlogsql
scheduler` runs them when due; `job run` runs one now.)");

    CLI::App* add = job->add_subcommand("add", "define a job");
    add->add_option("NAME", o.job_name, "the job's name (letters, digits, '_', '-', '.')")->required();
    add_job_definition(*add, true);
    add->footer(R"(
Examples:
  backlogsql job add nightly --source prod --dest sqlite:backlog.db \
      --dest postgresql://etl@db.example.com/backlog --tables Issues,IssueComments --every 1d
  backlogsql job add comments --source prod --dest mysql://etl@db/backlog \
      --file comments.sql --cron "*/30 9-18 * * MON-FRI" --timezone Asia/Tokyo)");
    job_commands.push_back({add, Command::JobAdd});

    CLI::App* list = job->add_subcommand("list", "list the jobs: schedule, next run, last status");
    add_home_option(*list);
    job_commands.push_back({list, Command::JobList});

    CLI::App* show = job->add_subcommand("show", "show a job's definition, schedule and last runs");
    show->add_option("NAME", o.job_name, "the job")->required();
    add_home_option(*show);
    job_commands.push_back({show, Command::JobShow});

    CLI::App* edit = job->add_subcommand("edit", "change a job (what is not given stays as it was)");
    edit->add_option("NAME", o.job_name, "the job")->required();
    add_job_definition(*edit, false);
    job_commands.push_back({edit, Command::JobEdit});

    CLI::App* remove = job->add_subcommand("remove", "remove a job and its history");
    remove->add_option("NAME", o.job_name, "the job")->required();
    add_home_option(*remove);
    job_commands.push_back({remove, Command::JobRemove});

    CLI::App* run = job->add_subcommand("run", "run a job now, in the foreground");
    run->add_option("NAME", o.job_name, "the job")->required();
    run->add_flag("--quiet", o.quiet, "no progress line on stderr");
    run->add_option("--log", o.log_file, "append the run's log line to FILE (default stderr)")->type_name("FILE");
    run->add_flag("--insecure", o.insecure, "do not verify TLS certificates (test servers only)");
    run->add_option("--trace", o.trace_file, "log every API call (secrets redacted)")->type_name("FILE");
    add_home_option(*run);
    run->footer(R"(
Exit status: 0 ok, 1 a statement or destination failed, 2 the job could not
start (unknown job or profile, unusable connection), 3 the job is already
running, 130 interrupted.)");
    job_commands.push_back({run, Command::JobRun});

    CLI::App* history = job->add_subcommand("history", "a job's last runs: start, end, status, rows, API calls, error");
    history->add_option("NAME", o.job_name, "the job")->required();
    history->add_option("--limit", o.history_limit, "how many runs (default 20)")->type_name("N")->check(CLI::Range(1, 1000000).description(""));
    add_home_option(*history);
    job_commands.push_back({history, Command::JobHistory});
  }

  void add_scheduler() {
    scheduler = app.add_subcommand("scheduler", "run jobs when they are due (a foreground daemon)");
    scheduler->add_flag("--once", o.once, "run what is due now, then exit (for cron)");
    scheduler->add_option("--listen", o.listen, "serve /healthz, /metrics (Prometheus) and a status page")
        ->type_name("HOST:PORT");
    scheduler->add_option("--log", o.log_file, "append one line per run to FILE (default stderr)")->type_name("FILE");
    scheduler->add_flag("--insecure", o.insecure, "do not verify TLS certificates (test servers only)");
    add_home_option(*scheduler);
    scheduler->footer(R"(
A missed schedule (the scheduler was down) runs once, not once per missed slot.
One job never runs twice at once, also across processes; jobs of one Backlog
credential run one after another. SIGTERM/SIGINT: the statement in progress is
rolled back (every destination stays consistent) and the scheduler exits 0;
SIGHUP re-reads the catalog. See docs/scheduler.md for a systemd unit.)");
  }

  void add_profile_commands() {
    CLI::App* profile = app.add_subcommand("profile", "named connections in $XDG_CONFIG_HOME/backlogsql/config.toml");
    profile->require_subcommand(1);
    profile->footer(R"(
The file holds secrets: it is written with mode 0600 and refused when group
or others can read it (as ssh does). Use a profile with --profile NAME.)");

    profile_add = profile->add_subcommand("add", "add a profile (one of: --url with --api-key, --source, or --oauth)");
    profile_add->add_option("NAME", o.profile_name, "the profile's name (letters, digits, '_', '-')")->required();
    profile_add->add_option("--url", o.url, "Backlog space, e.g. https://example.backlog.com")->type_name("URL");
    profile_add->add_option("--api-key", o.api_key, "API key (AuthScheme=APIToken)")->type_name("KEY");
    profile_add->add_option("--source", o.source, "a connection string instead of the options above")->type_name("TEXT");
    profile_add->add_flag("--oauth", o.oauth, "OAuth 2.0 (then run `backlogsql auth login --profile NAME`)");
    profile_add->add_option("--client-id", o.client_id, "OAuth client id (with --oauth)")->type_name("ID");
    profile_add->add_option("--client-secret", o.client_secret, "OAuth client secret (with --oauth)")->type_name("SECRET");
    profile_add->add_flag("--replace", o.replace, "replace a profile of the same name");
    profile_add->footer(R"(
Examples:
  backlogsql profile add prod --url https://example.backlog.com --api-key KEY
  backlogsql profile add prod --source "AuthScheme=APIToken;APIKey=KEY;URL=https://example.backlog.com"
  backlogsql profile add team --oauth --url https://team.backlog.com --client-id ID --client-secret S)");

    profile_list = profile->add_subcommand("list", "list the profiles (secrets masked)");
    profile_remove = profile->add_subcommand("remove", "remove a profile");
    profile_remove->add_option("NAME", o.profile_name, "the profile to remove")->required();
  }

  void add_auth_commands() {
    CLI::App* auth = app.add_subcommand("auth", "OAuth 2.0 login for a profile");
    auth->require_subcommand(1);
    auth_login = auth->add_subcommand("login", "log in with OAuth 2.0 and store the tokens in the profile");
    auth_login->add_option("--profile", o.profile, "an OAuth profile (`profile add NAME --oauth …`)")
        ->type_name("NAME")->required();
    auth_login->add_flag("--open-browser", o.open_browser, "open the authorization page with xdg-open");
    auth_login->add_option("--port", o.port, "loopback port for the redirect (default 0: any free port);\nthe redirect URI is http://127.0.0.1:PORT/callback")
        ->type_name("N")->check(CLI::Range(0, 65535).description(""));
    auth_login->add_option("--timeout", o.login_timeout_s, "seconds to wait for the browser (default 300)")
        ->type_name("S")->check(CLI::Range(1, 86400).description(""));
    auth_login->add_flag("--insecure", o.insecure, "do not verify TLS certificates (test servers only)");
    auth_login->footer(R"(
It prints the URL to open; after you allow access, Backlog redirects the browser
to this command, which trades the code for tokens at /api/v2/oauth2/token and
stores them in the profile (mode 0600). Later runs refresh the access token by
themselves and store the new one.)");
  }

  void add_test_connection() {
    test_connection = app.add_subcommand("test-connection", "check the Backlog connection and every --dest, one line each");
    add_connection_options(*test_connection, o);
    add_dest_option(*test_connection, o, "a destination to check (repeatable)");
    test_connection->footer(R"(
Each line says `ok` with the space or server version, or why it failed (unknown
host, connection refused, TLS failure, wrong key or password, missing database
or privilege). No secret is printed. Exit status: 0 when all pass, 1 otherwise,
2 on a usage error.)");
  }

  void finish() {
    if (profile_add->parsed()) o.command = Command::ProfileAdd;
    else if (profile_list->parsed()) o.command = Command::ProfileList;
    else if (profile_remove->parsed()) o.command = Command::ProfileRemove;
    else if (auth_login->parsed()) o.command = Command::AuthLogin;
    else if (test_connection->parsed()) o.command = Command::TestConnection;
    else if (scheduler->parsed()) o.command = Command::Scheduler;
    for (const auto& [cmd, command] : job_commands)
      if (cmd->parsed()) o.command = command;
    // -c and -f keep their command-line order: CLI11 records each occurrence in turn.
    size_t next_sql = 0, next_file = 0;
    for (const CLI::Option* opt : app.parse_order()) {
      if (opt == sql_opt && next_sql < sql.size()) o.inputs.push_back({false, sql[next_sql++]});
      if (opt == file_opt && next_file < files.size()) o.inputs.push_back({true, files[next_file++]});
    }
  }
};

std::string check_values(Parser& p) {
  Options& o = p.o;
  if (!p.mode.empty() && !parse_mode(p.mode, o.output.mode))
    return "unknown --mode '" + p.mode + "' (" + kModeNames + ")";
  if (!p.headers.empty()) o.output.headers = p.headers == "on";
  if (o.command != Command::Run && !o.inputs.empty()) return "-c and -f do not go with a subcommand";
  if (o.demo && (!o.inputs.empty() || o.command != Command::Run)) return "--demo runs alone (no -c, -f or subcommand)";
  return "";
}

}  // namespace

const char* usage_text() {
  static const std::string text = [] {
    Options scratch;
    Parser p(scratch);
    return p.app.help();
  }();
  return text.c_str();
}

bool parse_options(int argc, char** argv, Options& o, std::string* error) {
  Parser p(o);
  try {
    p.app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    o.help_text = p.app.help();  // the help of the subcommand asked about
    return true;
  } catch (const CLI::ParseError& e) {
    *error = e.what();
    return false;
  }
  p.finish();
  *error = check_values(p);
  return error->empty();
}

}  // namespace backlog::shell
