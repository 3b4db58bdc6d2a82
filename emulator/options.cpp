// Parsing of backlog-emulator's command line: every option takes one value.
#include "options.h"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <string_view>

namespace backlog::emulator {

const char* usage_text() {
  return "usage: backlog-emulator [options]\n"
         "  --port P                 listen on 127.0.0.1:P (0 = a free port; default 0)\n"
         "  --seed N                 dataset seed (default 1)\n"
         "  --projects N             number of projects (default 3)\n"
         "  --users N                number of users (default 10)\n"
         "  --issues N               total issues, spread over projects (default 300)\n"
         "  --comments-per-issue F   average comments per issue (default 3)\n"
         "  --wikis N                wiki pages per project (default 5)\n"
         "  --api-key K              accepted apiKey (default demo-key)\n"
         "  --client-id ID           OAuth client id (default demo-client)\n"
         "  --client-secret S        OAuth client secret (default demo-secret)\n"
         "  --token-ttl SECONDS      OAuth access token lifetime (default 3600)\n"
         "  --log FILE               append one line per request to FILE\n"
         "  --latency-ms N           delay every response by N ms (default 0)\n"
         "  --fail-rate F            fraction of requests answered 500/503 or dropped (default 0)\n"
         "  --rate-limit N           requests per minute before 429 (default: no limit)\n"
         "  --help                   show this text\n"
         "The first stdout line is 'listening on http://127.0.0.1:PORT'.\n";
}

namespace {
template <typename T>
bool parse_number(std::string_view s, T& out) {
  if constexpr (std::is_floating_point_v<T>) {
    char* end = nullptr;
    std::string tmp(s);
    out = static_cast<T>(std::strtod(tmp.c_str(), &end));
    return !tmp.empty() && end && *end == '\0';
  } else {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  }
}
}  // namespace

ParseResult parse_options(int argc, char** argv, Options& o, std::string& error) {
  using Setter = std::function<bool(std::string_view)>;
  auto num = [](auto& field, auto min) {
    return Setter([&field, min](std::string_view v) { return parse_number(v, field) && field >= min; });
  };
  auto text = [](std::string& field) { return Setter([&field](std::string_view v) { field = v; return true; }); };
  const std::map<std::string_view, Setter> setters = {
      {"--port", num(o.port, 0)},
      {"--seed", num(o.seed, uint64_t{0})},
      {"--projects", num(o.projects, 1)},
      {"--users", num(o.users, 2)},
      {"--issues", num(o.issues, 0)},
      {"--comments-per-issue", num(o.comments_per_issue, 0.0)},
      {"--wikis", num(o.wikis, 0)},
      {"--api-key", text(o.api_key)},
      {"--client-id", text(o.client_id)},
      {"--client-secret", text(o.client_secret)},
      {"--token-ttl", num(o.token_ttl, 1)},
      {"--log", text(o.log_path)},
      {"--latency-ms", num(o.latency_ms, 0)},
      {"--fail-rate", num(o.fail_rate, 0.0)},
      {"--rate-limit", num(o.rate_limit, 0)},
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return ParseResult::Help;
    auto it = setters.find(arg);
    if (it == setters.end()) {
      error = "unknown option " + std::string(arg);
      return ParseResult::Error;
    }
    if (i + 1 >= argc || !it->second(argv[i + 1])) {
      error = "bad or missing value for " + std::string(arg);
      return ParseResult::Error;
    }
    ++i;
  }
  if (o.fail_rate > 1) {
    error = "--fail-rate must be between 0 and 1";
    return ParseResult::Error;
  }
  return ParseResult::Run;
}

}  // namespace backlog::emulator
