#include "shell/options.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace backlog::shell {

const char* usage_text() {
  return R"(Usage: backlogsql [OPTIONS] [-c SQL]... [-f FILE]...

Query a Backlog space with SQL: every Backlog API v2 resource is a table
(Issues, IssueComments, Projects, Users, WikiPages, ...). Filters, LIMIT and
ORDER BY are turned into API parameters, so a query asks Backlog for no more
than it needs. REPLICATE copies tables into a destination database, and on
later runs only what changed:

  backlogsql --dest sqlite:backlog.db -c "REPLICATE Issues; REPLICATE IssueComments;"

Connection:
  --url URL            Backlog space, e.g. https://example.backlog.com
                       (default: $BACKLOG_URL)
  --api-key KEY        API key (AuthScheme=APIToken) (default: $BACKLOG_API_KEY)
  --insecure           do not verify TLS certificates (test servers only)
  --parallel N         requests in flight at once, 1-16 (default 1: serial, as Nulab
                       asks); they share the rate limit
  --trace FILE         log every API call (method, path, status, ms, bytes; secrets redacted)

Destinations (for REPLICATE and CHECKCACHE):
  --dest URI           sqlite:PATH (or just PATH; created if missing); repeatable:
                       each REPLICATE writes to every destination. REPLICATE
                       SCHEMA.Table writes into PATH-without-.db.SCHEMA.db beside it

Input:
  -c SQL               run SQL (statements separated by ';'); repeatable
  -f FILE              run the statements in FILE ('-' reads standard input)
                       -c and -f run in the order given, stopping at the first
                       error; with neither, statements are read from standard input

Output:
  --mode MODE          list (default), csv, json, line or table
  --headers on|off     print column names (list, csv, table); default off
  --separator SEP      column separator in list mode (default '|')
  --null TEXT          text printed for NULL (default empty)

  --reference          print the reference of every table (Markdown) and exit
  -h, --help           show this help and exit
  --version            print the version and exit

Exit status: 0 on success, 1 if a statement failed, 2 on a usage error.
)";
}

bool parse_options(int argc, char** argv, Options& o, std::string* error) {
  if (const char* v = std::getenv("BACKLOG_URL")) o.url = v;
  if (const char* v = std::getenv("BACKLOG_API_KEY")) o.api_key = v;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) {
        *error = std::string(a) + " needs a value";
        return false;
      }
      dst = argv[++i];
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") o.help = true;
    else if (a == "--version") o.version = true;
    else if (a == "--reference") o.print_reference = true;
    else if (a == "--insecure") o.insecure = true;
    else if (a == "--url") { if (!value(o.url)) return false; }
    else if (a == "--api-key") { if (!value(o.api_key)) return false; }
    else if (a == "--trace") { if (!value(o.trace_file)) return false; }
    else if (a == "--dest") { if (!value(v)) return false; o.dests.push_back(v); }
    else if (a == "-c") { if (!value(v)) return false; o.inputs.push_back({false, v}); }
    else if (a == "-f") { if (!value(v)) return false; o.inputs.push_back({true, v}); }
    else if (a == "--separator") { if (!value(o.output.separator)) return false; }
    else if (a == "--null") { if (!value(o.output.null_text)) return false; }
    else if (a == "--parallel") {
      if (!value(v)) return false;
      o.parallel = std::atoi(v.c_str());
      if (o.parallel < 1 || o.parallel > 16) { *error = "--parallel takes 1 to 16"; return false; }
    } else if (a == "--mode") {
      if (!value(v)) return false;
      if (!parse_mode(v, o.output.mode)) {
        *error = "unknown --mode '" + v + "' (list, csv, json, line, table)";
        return false;
      }
    } else if (a == "--headers") {
      if (!value(v)) return false;
      if (v != "on" && v != "off") { *error = "--headers takes on or off"; return false; }
      o.output.headers = v == "on";
    } else {
      *error = "unknown option '" + std::string(a) + "'";
      return false;
    }
  }
  return true;
}

}  // namespace backlog::shell
