// backlogsql: SQL over a Backlog space (and, with --dest, REPLICATE into databases).
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "api/client.h"
#include "api/trace.h"
#include "shell/options.h"
#include "shell/output_modes.h"
#include "shell/script_runner.h"
#include "sinks/sink_uri.h"
#include "vtab/reference.h"
#include "vtab/register.h"

using namespace backlog;

namespace {

bool read_file(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), {});
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  shell::Options opt;
  std::string error;
  if (!shell::parse_options(argc, argv, opt, &error)) {
    fprintf(stderr, "backlogsql: %s\nTry 'backlogsql --help'.\n", error.c_str());
    return 2;
  }
  if (opt.help) { fputs(shell::usage_text(), stdout); return 0; }
  if (opt.version) { puts("backlogsql 0.1.0 (SQLite " SQLITE_VERSION ")"); return 0; }
  if (opt.print_reference) { fputs(vtab::markdown_reference().c_str(), stdout); return 0; }
  if (opt.url.empty()) {
    fprintf(stderr, "backlogsql: no Backlog space: give --url URL or set BACKLOG_URL\n");
    return 2;
  }
  if (opt.api_key.empty()) {
    fprintf(stderr, "backlogsql: no credentials: give --api-key KEY or set BACKLOG_API_KEY\n");
    return 2;
  }

  FILE* trace = nullptr;
  if (!opt.trace_file.empty() && !(trace = fopen(opt.trace_file.c_str(), "a"))) {
    fprintf(stderr, "backlogsql: cannot open trace file %s\n", opt.trace_file.c_str());
    return 2;
  }
  api::ClientOptions copts;
  copts.base_url = opt.url;
  copts.api_key = opt.api_key;
  copts.insecure = opt.insecure;
  copts.parallel = opt.parallel;
  if (trace) copts.trace = api::trace_to_file(trace);
  auto client = std::make_shared<api::Client>(copts);

  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    fprintf(stderr, "backlogsql: cannot open SQLite\n");
    return 1;
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db_guard(db, sqlite3_close);
  if (vtab::register_tables(db, client, &error) != SQLITE_OK) {
    fprintf(stderr, "backlogsql: %s\n", error.c_str());
    return 1;
  }

  std::vector<std::unique_ptr<sinks::Sink>> dests;
  for (const std::string& uri : opt.dests) {
    auto sink = sinks::open_sink(uri, &error);
    if (!sink) {
      fprintf(stderr, "backlogsql: --dest %s: %s\n", sinks::redact_uri(uri).c_str(), error.c_str());
      return 2;
    }
    dests.push_back(std::move(sink));
  }
  engine::SessionOptions session_options;
  session_options.api_calls = [client] { return client->stats().calls; };
  shell::ScriptRunner runner(db, opt, std::move(dests), std::move(session_options));
  int rc = 0;
  for (const auto& input : opt.inputs) {
    if (!input.is_file) {
      if ((rc = runner.run(input.text, "-c")) != 0) return rc;
      continue;
    }
    std::string text;
    if (!read_file(input.text, text)) {
      fprintf(stderr, "backlogsql: cannot read %s\n", input.text.c_str());
      return 2;
    }
    if ((rc = runner.run(text, input.text == "-" ? "<stdin>" : input.text)) != 0) return rc;
  }
  if (opt.inputs.empty()) {
    std::string text;
    read_file("-", text);
    rc = runner.run(text, "<stdin>");
  }
  if (trace) fclose(trace);
  return rc;
}
