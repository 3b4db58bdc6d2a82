// Command-line options of backlogsql (see usage_text() for what each one does).
#pragma once

#include <string>
#include <vector>

#include "shell/output_modes.h"

namespace backlog::shell {

struct Options {
  std::string url;                  // --url or BACKLOG_URL
  std::string api_key;              // --api-key or BACKLOG_API_KEY
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
  bool help = false;
  bool print_reference = false;     // --reference: the table reference (docs/tables.md)
  bool version = false;
};

// Parses argv; on a usage error returns false and sets *error.
bool parse_options(int argc, char** argv, Options& out, std::string* error);
const char* usage_text();

}  // namespace backlog::shell
