// `backlogsql test-connection`: one line per target, `ok` or why not.
//
//   backlog profile prod (https://example.backlog.com): ok, space "Example" (EXAMPLE)
//   sqlite:/tmp/out.db: ok, SQLite 3.40.1
//   postgresql://app:***@db:5432/backlog: failed: connection refused …
//
// The source costs one call (GET /api/v2/space, no retries: a test should answer fast);
// each destination is opened and its Sink::test() run. Lines never hold a secret: the
// API client's messages are redacted, destination URIs go through redact_uri().
#include <rapidjson/document.h>

#include <cstdio>

#include "api/client.h"
#include "shell/commands.h"
#include "shell/connection_args.h"
#include "sinks/sink_uri.h"

namespace backlog::shell {

namespace {

std::string without_call_prefix(std::string message) {
  constexpr std::string_view kPrefix = "GET /api/v2/space: ";
  if (message.rfind(kPrefix, 0) == 0) message.erase(0, kPrefix.size());
  return message;
}

// "ok, space …" or "failed: …" for the Backlog source.
bool test_source(const ChosenConnection& chosen, const Options& o, std::string& line) {
  try {
    api::ClientOptions options = client_options_for(chosen, o);
    options.max_retries = 0;
    options.timeout_ms = 30000;
    api::Client client(options);
    api::Response r = client.get("/api/v2/space");
    rapidjson::Document doc;
    doc.Parse(r.body.data(), r.body.size());
    auto text = [&doc](const char* name) -> std::string {
      if (!doc.IsObject()) return "";
      auto m = doc.FindMember(name);
      return m != doc.MemberEnd() && m->value.IsString() ? m->value.GetString() : "";
    };
    line = "ok, space \"" + text("name") + "\" (" + text("spaceKey") + ")";
    return true;
  } catch (const api::ApiError& e) {
    if (e.http_status() == 401) {
      line = chosen.connection.auth == api::Connection::Auth::ApiToken
                 ? "failed: wrong API key (HTTP 401)"
                 : "failed: the OAuth token was refused (HTTP 401): run `backlogsql auth login --profile " +
                       (chosen.profile.empty() ? std::string("NAME") : chosen.profile) + "`";
    } else {
      line = "failed: " + without_call_prefix(e.what());
    }
  } catch (const std::exception& e) {
    line = std::string("failed: ") + e.what();
  }
  return false;
}

// A sink's message may start with the destination itself, which the line already names.
bool test_destination(const std::string& uri, std::string& line) {
  std::string error;
  try {
    std::unique_ptr<sinks::Sink> sink = sinks::open_sink(uri, &error);
    if (!sink) {
      line = "failed: " + sinks::error_reason(error, uri);
      return false;
    }
    line = "ok, " + sink->test();
    return true;
  } catch (const std::exception& e) {
    line = "failed: " + sinks::error_reason(e.what(), uri);
    return false;
  }
}

}  // namespace

int run_test_connection(const Options& o) {
  std::string error;
  std::optional<ChosenConnection> chosen = choose_connection(o, &error);
  if (!error.empty()) {
    fprintf(stderr, "backlogsql test-connection: %s\n", error.c_str());
    return 2;
  }
  if (!chosen && o.dests.empty()) {
    fprintf(stderr,
            "backlogsql test-connection: nothing to test: give a connection (--profile, --source, "
            "--url/--api-key or BACKLOG_URL/BACKLOG_API_KEY) or --dest URI\n");
    return 2;
  }
  bool all_ok = true;
  std::string line;
  if (chosen) {
    all_ok &= test_source(*chosen, o, line);
    printf("backlog %s: %s\n", chosen->label.c_str(), line.c_str());
    fflush(stdout);
  }
  for (const std::string& uri : o.dests) {
    all_ok &= test_destination(uri, line);
    printf("%s: %s\n", sinks::redact_uri(uri).c_str(), line.c_str());
    fflush(stdout);
  }
  return all_ok ? 0 : 1;
}

}  // namespace backlog::shell
