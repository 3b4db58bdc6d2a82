// The dot-commands of the shell (`.tables`, `.mode box`, …), as in sqlite3: a line that
// starts with '.' at a statement boundary, interactively or in a script.
//
// Every command is one row of a table (name, arguments, help, handler); `.help` and the
// tab completion are generated from it.
//
//   std::string error;
//   if (!run_dot_command(context, ".mode box", &error)) fprintf(stderr, "%s\n", error.c_str());
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/session.h"
#include "shell/shell_state.h"

namespace backlog::shell {

// What the dot-commands act on; the Shell implements it.
class DotContext {
 public:
  virtual ~DotContext() = default;
  virtual ShellState& state() = 0;
  virtual engine::Session& session() = 0;
  // Where results go now (stdout, or a .output/.once file).
  virtual FILE* out() = 0;
  // .output FILE / .once FILE; an empty path goes back to stdout.
  virtual bool redirect_output(const std::string& path, bool once, std::string* error) = 0;
  // .read FILE: runs it as a script; returns its exit code.
  virtual int run_file(const std::string& path) = 0;
  // After .connect: the new client gets the trace tap.
  virtual void client_changed() = 0;
  virtual void request_quit() = 0;
};

struct DotCommand {
  const char* name;       // without the dot: "tables"
  const char* args;       // for .help: "?PATTERN?"
  const char* help;       // one line
  int min_args, max_args; // words after the name (-1: no limit)
  bool raw;               // the rest of the line is one argument, as typed (.explain SQL)
  // Returns false with *error set when the command failed.
  bool (*run)(DotContext& ctx, const std::vector<std::string>& args, std::string* error);
};

std::span<const DotCommand> dot_commands();

// Runs one dot-command line (".mode box"). Unknown commands and wrong arguments fail with
// a message naming the command and pointing to .help.
bool run_dot_command(DotContext& ctx, std::string_view line, std::string* error);

// The words of a dot-command line: whitespace-separated, '…' and "…" quote (as sqlite3).
std::vector<std::string> split_dot_args(std::string_view line);

}  // namespace backlog::shell
