// Command-line options of backlog-emulator (see README.md for the contract).
#pragma once

#include <cstdint>
#include <string>

namespace backlog::emulator {

struct Options {
  int port = 0;                         // 0 = pick a free port
  uint64_t seed = 1;
  int projects = 3;
  int users = 10;
  int issues = 300;                     // total, spread over the projects
  double comments_per_issue = 3;        // average
  int wikis = 5;                        // per project
  std::string api_key = "demo-key";
  std::string log_path;                 // "" = no request log
  int latency_ms = 0;                   // added to every response
  double fail_rate = 0;                 // fraction of requests failed on purpose
  int rate_limit = 0;                   // requests per minute; 0 = unlimited
  std::string client_id = "demo-client";
  std::string client_secret = "demo-secret";
  int token_ttl = 3600;                 // OAuth access token lifetime, seconds
};

enum class ParseResult { Run, Help, Error };

// Parses argv; on Error `error` says which option was wrong.
ParseResult parse_options(int argc, char** argv, Options& out, std::string& error);
const char* usage_text();

}  // namespace backlog::emulator
