// How query results are printed: the output modes of the sqlite3 CLI that scripts use.
//
//   list   a|b|c            (default; --separator changes '|')
//   csv    RFC 4180, quotes only where needed
//   json   one array of objects; numbers stay numbers, NULL is null
//   line   one "column = value" per line, a blank line between rows
//   table     an ASCII grid sized to the content (buffers the result to size it)
//   box       the same grid drawn with Unicode box lines, names always shown
//   markdown  a Markdown table (GitHub style), names always shown
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <span>
#include <vector>

#include "sinks/sink.h"

namespace backlog::shell {

enum class Mode { List, Csv, Json, Line, Table, Box, Markdown };

// Parses "list", "csv", … ; returns false for an unknown name.
bool parse_mode(std::string_view name, Mode& out);
const char* mode_name(Mode mode);
// "list, csv, json, line, table, box or markdown" (for messages).
inline constexpr const char* kModeNames = "list, csv, json, line, table, box, markdown";

struct OutputOptions {
  Mode mode = Mode::List;
  bool headers = false;
  std::string separator = "|";
  std::string null_text;          // how NULL prints in list/line/table/csv
};

// Receives the rows of one statement. begin() once, row() per row, end() once.
using Row = std::span<const sinks::Value>;
class ResultPrinter {
 public:
  virtual ~ResultPrinter() = default;
  virtual void begin(const std::vector<std::string>& names) = 0;
  virtual void row(Row row) = 0;
  virtual void end() = 0;
};

std::unique_ptr<ResultPrinter> make_printer(const OutputOptions& options, FILE* out);

// Words in columns down then across, `width` characters wide (.tables, Tab's choices);
// at most `limit` words, then "… and N more".
// Terminal cells of UTF-8 text: East Asian wide characters and emoji count 2.
size_t display_width(std::string_view s);

void print_in_columns(FILE* out, const std::vector<std::string>& words, size_t width = 80, size_t limit = SIZE_MAX);

}  // namespace backlog::shell
