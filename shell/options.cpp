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
