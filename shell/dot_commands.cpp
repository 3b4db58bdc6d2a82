#include "shell/dot_commands.h"

#include <fmt/format.h>
#include <sqlite3.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "api/trace.h"
#include "shell/explain.h"
#include "shell/output_modes.h"
#include "sinks/sink_uri.h"
#include "vtab/reference.h"
#include "vtab/resource.h"

#ifndef BACKLOGSQL_VERSION
#define BACKLOGSQL_VERSION "0.1.0"
#endif

namespace backlog::shell {
namespace {

using Args = std::vector<std::string>;

bool parse_switch(const std::string& word, bool& out, const char* command, std::string* error) {
  static const char* const kOn[] = {"on", "yes", "true", "1"};
  static const char* const kOff[] = {"off", "no", "false", "0"};
  for (const char* w : kOn)
    if (strcasecmp(word.c_str(), w) == 0) return out = true, true;
  for (const char* w : kOff)
    if (strcasecmp(word.c_str(), w) == 0) return out = false, true;
  *error = fmt::format(".{} takes on or off, not '{}'", command, word);
  return false;
}

// Backslash escapes in .separator and .nullvalue, as sqlite3: \t \n \r \\ .
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
  }
  return out;
}

// Names of the tables a user can query: the catalog, then tables and views of the
// connection itself (CREATE TEMP TABLE …).
std::vector<std::string> table_names(sqlite3* db) {
  std::vector<std::string> names;
  for (const vtab::Resource* r : vtab::catalog()) names.push_back(r->table);
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' "
      "UNION SELECT name FROM sqlite_temp_schema WHERE type IN ('table','view') ORDER BY 1";
  if (db && sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK)
    while (sqlite3_step(st) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string plain(std::string text) {  // pushdown_text() speaks Markdown
  text.erase(std::remove(text.begin(), text.end(), '`'), text.end());
  return text;
}

// A catalog table as DDL with the catalog's one-line docs as comments.
std::string catalog_schema(const vtab::Resource& r) {
  std::string out = fmt::format("-- {}\nCREATE TABLE \"{}\"(\n", r.doc ? r.doc : "", r.table);
  std::vector<std::string> defs;
  size_t width = 0;
  for (const vtab::Column& c : r.columns) {
    defs.push_back(fmt::format("  \"{}\" {}{}", c.name, vtab::sql_type(c.type), c.hidden ? " HIDDEN" : ""));
    width = std::max(width, defs.back().size() + 1);
  }
  for (size_t i = 0; i < defs.size(); ++i) {
    const vtab::Column& c = r.columns[i];
    std::string comment = c.doc ? c.doc : "";
    std::string push = plain(vtab::pushdown_text(r, c));
    if (!push.empty()) comment = fmt::format("{}{}[{}]", comment, comment.empty() ? "" : " ", push);
    std::string def = defs[i] + (i + 1 < defs.size() ? "," : "");
    out += comment.empty() ? def + "\n" : fmt::format("{:<{}} -- {}\n", def, width, comment);
  }
  return out + ");\n";
}

bool schema_of_connection(sqlite3* db, const std::string& pattern, FILE* out) {
  bool any = false;
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT sql FROM (SELECT name, sql FROM sqlite_schema UNION ALL SELECT name, sql FROM sqlite_temp_schema) "
      "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND (?1 = '' OR name LIKE ?1) ORDER BY name";
  if (db && sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, pattern.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      fmt::print(out, "{};\n", reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      any = true;
    }
  }
  sqlite3_finalize(st);
  return any;
}

bool cmd_help(DotContext& ctx, const Args&, std::string*) {
  size_t width = 0;
  for (const DotCommand& c : dot_commands()) width = std::max(width, std::string(c.name).size() + 2 + std::string(c.args).size());
  for (const DotCommand& c : dot_commands()) {
    std::string usage = fmt::format(".{}{}{}", c.name, *c.args ? " " : "", c.args);
    fmt::print(ctx.out(), "{:<{}} {}\n", usage, width + 1, c.help);
  }
  return true;
}

bool cmd_tables(DotContext& ctx, const Args& args, std::string*) {
  std::vector<std::string> names;
  for (std::string& n : table_names(ctx.state().db))
    if (args.empty() || sqlite3_strlike(args[0].c_str(), n.c_str(), 0) == 0) names.push_back(std::move(n));
  print_in_columns(ctx.out(), names);
  return true;
}

bool cmd_schema(DotContext& ctx, const Args& args, std::string* error) {
  std::string pattern = args.empty() ? "" : args[0];
  bool any = false;
  for (const vtab::Resource* r : vtab::catalog()) {
    if (!pattern.empty() && sqlite3_strlike(pattern.c_str(), r->table, 0) != 0) continue;
    fputs(catalog_schema(*r).c_str(), ctx.out());
    any = true;
  }
  any = schema_of_connection(ctx.state().db, pattern, ctx.out()) || any;
  if (!any) *error = fmt::format(".schema: no table matches '{}'", pattern);
  return any;
}

bool cmd_mode(DotContext& ctx, const Args& args, std::string* error) {
  if (args.empty()) {
    fmt::print(ctx.out(), "current output mode: {}\n", mode_name(ctx.state().output.mode));
    return true;
  }
  if (parse_mode(args[0], ctx.state().output.mode)) return true;
  *error = fmt::format(".mode: unknown mode '{}' ({})", args[0], kModeNames);
  return false;
}

bool cmd_headers(DotContext& ctx, const Args& a, std::string* e) { return parse_switch(a[0], ctx.state().output.headers, "headers", e); }
bool cmd_timer(DotContext& ctx, const Args& a, std::string* e) { return parse_switch(a[0], ctx.state().timer, "timer", e); }
bool cmd_bail(DotContext& ctx, const Args& a, std::string* e) { return parse_switch(a[0], ctx.state().bail, "bail", e); }
bool cmd_trace(DotContext& ctx, const Args& a, std::string* e) { return parse_switch(a[0], ctx.state().trace, "trace", e); }

bool cmd_nullvalue(DotContext& ctx, const Args& args, std::string*) {
  ctx.state().output.null_text = unescape(args[0]);
  return true;
}

bool cmd_separator(DotContext& ctx, const Args& args, std::string*) {
  ctx.state().output.separator = unescape(args[0]);
  return true;
}

bool cmd_output(DotContext& ctx, const Args& args, std::string* error) {
  return ctx.redirect_output(args.empty() ? "" : args[0], false, error);
}

bool cmd_once(DotContext& ctx, const Args& args, std::string* error) {
  return ctx.redirect_output(args[0], true, error);
}

bool cmd_read(DotContext& ctx, const Args& args, std::string* error) {
  if (ctx.run_file(args[0]) == 0) return true;
  *error = "";  // the script printed its own error
  return false;
}

bool cmd_calls(DotContext& ctx, const Args&, std::string* error) {
  if (!ctx.state().client) {
    *error = ".calls: no Backlog connection in this session";
    return false;
  }
  api::ClientStats s = ctx.state().client->stats();
  fmt::print(ctx.out(), "API calls: {} ({} retries, {} bytes received)\n", s.calls, s.retries, s.bytes);
  fmt::print(ctx.out(), "X-RateLimit-Remaining: {}\n",
             s.rate_limit_remaining < 0 ? std::string("(not seen yet)") : std::to_string(s.rate_limit_remaining));
  return true;
}

bool cmd_explain(DotContext& ctx, const Args& args, std::string* error) {
  ExplainResult r = explain_requests(ctx.state().client.get(), args[0]);
  if (!r.error.empty()) {
    *error = ".explain: " + r.error;
    return false;
  }
  if (r.requests.empty()) fmt::print(ctx.out(), "(no API request)\n");
  for (const std::string& line : r.requests) fmt::print(ctx.out(), "{}\n", line);
  return true;
}

bool cmd_dest(DotContext& ctx, const Args& args, std::string* error) {
  if (args.empty()) {
    const auto& dests = ctx.session().destinations();
    if (dests.empty()) fmt::print(ctx.out(), "(no destination: add one with .dest URI)\n");
    for (const auto& d : dests) fmt::print(ctx.out(), "{}\n", d->describe());
    return true;
  }
  if (!ctx.state().open_dest) {
    *error = ".dest: adding a destination is not available here";
    return false;
  }
  std::string why;
  auto sink = ctx.state().open_dest(args[0], &why);
  if (!sink) {
    *error = ".dest " + why;  // the error names the destination, redacted
    return false;
  }
  ctx.session().add_destination(std::move(sink));
  return true;
}

// The shell's `test-connection`: the Backlog source (one cheap call) and every destination
// of the session (Sink::test: round trip, then CREATE/INSERT/DROP of a scratch table).
bool cmd_test(DotContext& ctx, const Args&, std::string* error) {
  bool all_ok = true;
  auto report = [&](const std::string& label, const std::function<std::string()>& check) {
    try {
      fmt::print(ctx.out(), "{}: ok, {}\n", label, check());
    } catch (const std::exception& e) {
      all_ok = false;
      std::string why = e.what();
      if (why.rfind(label + ": ", 0) == 0) why.erase(0, label.size() + 2);
      fmt::print(ctx.out(), "{}: failed: {}\n", label, why);
    }
  };
  if (ctx.state().client) {
    api::Client& client = *ctx.state().client;
    report("backlog " + client.base_url(), [&] {
      client.get("/api/v2/space");
      return std::string("GET /api/v2/space answered");
    });
  }
  for (const auto& d : ctx.session().destinations()) report(d->describe(), [&] { return d->test(); });
  if (!all_ok) *error = ".test: a target failed (see above)";
  return all_ok;
}

bool cmd_connect(DotContext& ctx, const Args& args, std::string* error) {
  if (!ctx.state().connect) {
    *error = ".connect: profiles are not available here";
    return false;
  }
  std::string why;
  if (!ctx.state().connect(args[0], &why)) {
    *error = fmt::format(".connect {}: {}", args[0], why);
    return false;
  }
  ctx.client_changed();
  fmt::print(stderr, "connected: {}\n", ctx.state().connection_label.empty() ? args[0] : ctx.state().connection_label);
  return true;
}

bool cmd_show(DotContext& ctx, const Args&, std::string*) {
  const ShellState& s = ctx.state();
  auto on = [](bool b) { return b ? "on" : "off"; };
  std::string dests;
  for (const auto& d : ctx.session().destinations()) dests += (dests.empty() ? "" : ", ") + d->describe();
  const std::pair<const char*, std::string> rows[] = {
      {"connection", s.connection_label.empty() ? (s.client ? s.client->base_url() : "(none)") : s.connection_label},
      {"mode", mode_name(s.output.mode)},
      {"headers", on(s.output.headers)},
      {"nullvalue", fmt::format("\"{}\"", s.output.null_text)},
      {"separator", fmt::format("\"{}\"", s.output.separator)},
      {"output", ctx.out() == stdout ? "stdout" : "file"},
      {"timer", on(s.timer)},
      {"bail", on(s.bail)},
      {"trace", on(s.trace)},
      {"destinations", dests.empty() ? "(none)" : dests},
  };
  for (const auto& [name, value] : rows) fmt::print(ctx.out(), "{:>12}: {}\n", name, value);
  return true;
}

bool cmd_version(DotContext& ctx, const Args&, std::string*) {
  fmt::print(ctx.out(), "backlogsql {} (SQLite {})\n", BACKLOGSQL_VERSION, sqlite3_libversion());
  return true;
}

bool cmd_quit(DotContext& ctx, const Args&, std::string*) {
  ctx.request_quit();
  return true;
}

constexpr DotCommand kCommands[] = {
    {"bail", "on|off", "stop a script at the first error (default on)", 1, 1, false, cmd_bail},
    {"calls", "", "API calls made so far, and the last X-RateLimit-Remaining", 0, 0, false, cmd_calls},
    {"connect", "PROFILE", "use the connection of a profile (config.toml)", 1, 1, false, cmd_connect},
    {"dest", "?URI?", "add a destination for REPLICATE, or list them", 0, 1, false, cmd_dest},
    {"explain", "SQL", "the API requests a query would start with (none is sent)", 1, 1, true, cmd_explain},
    {"headers", "on|off", "print column names", 1, 1, false, cmd_headers},
    {"help", "", "this list", 0, 0, false, cmd_help},
    {"mode", "MODE", "output mode: list, csv, json, line, table, box or markdown", 0, 1, false, cmd_mode},
    {"nullvalue", "TEXT", "text printed for NULL", 1, 1, false, cmd_nullvalue},
    {"once", "FILE", "send the next statement's rows to FILE", 1, 1, false, cmd_once},
    {"output", "?FILE?", "send rows to FILE (no FILE: back to stdout)", 0, 1, false, cmd_output},
    {"quit", "", "leave the shell", 0, 0, false, cmd_quit},
    {"read", "FILE", "run the statements and dot-commands of FILE", 1, 1, false, cmd_read},
    {"schema", "?TABLE?", "columns of tables (LIKE pattern), with their docs and pushdown", 0, 1, false, cmd_schema},
    {"separator", "SEP", "column separator of list mode", 1, 1, false, cmd_separator},
    {"show", "", "current settings", 0, 0, false, cmd_show},
    {"tables", "?PATTERN?", "names of tables (LIKE pattern)", 0, 1, false, cmd_tables},
    {"test", "", "test the Backlog connection and every destination, one line each", 0, 0, false, cmd_test},
    {"timer", "on|off", "time of each statement", 1, 1, false, cmd_timer},
    {"trace", "on|off", "each API call on stderr: method, path, status, ms, bytes", 1, 1, false, cmd_trace},
    {"version", "", "versions of backlogsql and SQLite", 0, 0, false, cmd_version},
};

}  // namespace

std::span<const DotCommand> dot_commands() { return kCommands; }

std::vector<std::string> split_dot_args(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i == line.size()) break;
    std::string word;
    if (line[i] == '\'' || line[i] == '"') {
      char quote = line[i++];
      while (i < line.size() && line[i] != quote) word += line[i++];
      ++i;  // the closing quote (or the end)
    } else {
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) word += line[i++];
    }
    words.push_back(std::move(word));
  }
  return words;
}

bool run_dot_command(DotContext& ctx, std::string_view line, std::string* error) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
  std::string_view rest = line.substr(1);  // after the '.'
  size_t end = 0;
  while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end]))) ++end;
  std::string name(rest.substr(0, end));
  rest.remove_prefix(end);
  if (name == "exit") name = "quit";
  const DotCommand* command = nullptr;
  for (const DotCommand& c : kCommands)
    if (name == c.name) command = &c;
  if (command == nullptr) {
    *error = fmt::format("unknown command '.{}': .help lists the commands", name);
    return false;
  }
  Args args;
  if (command->raw) {
    size_t start = rest.find_first_not_of(" \t");
    if (start != std::string_view::npos) args.emplace_back(rest.substr(start));
  } else {
    args = split_dot_args(rest);
  }
  int n = static_cast<int>(args.size());
  if (n < command->min_args || (command->max_args >= 0 && n > command->max_args)) {
    *error = fmt::format("usage: .{} {}", command->name, command->args);
    return false;
  }
  return command->run(ctx, args, error);
}

}  // namespace backlog::shell
