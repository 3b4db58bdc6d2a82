// The backlogsql shell: runs statements and dot-commands, from a script or interactively.
//
//   shell::Shell shell(state);                       // state: shell/shell_state.h
//   int rc = shell.run_text(script, "-f report.sql"); // -c / -f / piped stdin
//   int rc = shell.run_interactive();                 // stdin is a terminal
//
// Scripts: statements end at `;`; a line that starts with '.' at a statement boundary is
// a dot-command (as in sqlite3). The first failing statement stops the script unless
// `.bail off`. Interactive: libedit line editing, history in
// $XDG_STATE_HOME/backlogsql/history (default ~/.local/state/backlogsql/history), prompt
// `backlogsql> `, continuation `      ...> `, tab completion (tables, columns, dot-commands,
// keywords); Ctrl-C cancels the running statement (SQLite interrupt + the HTTP requests in
// flight), Ctrl-D or .quit leaves.
//
// For main.cpp: build one ShellState, one Shell, then call run_text() per -c/-f input
// (stopping at the first non-zero code or when quit_requested()), or run_interactive() when there is no -c/-f and
// isatty(STDIN_FILENO). ScriptRunner (script_runner.h) stays for the old call site.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "shell/shell_state.h"

namespace backlog::shell {

class Shell {
 public:
  explicit Shell(ShellState& state);
  ~Shell();
  Shell(const Shell&) = delete;
  Shell& operator=(const Shell&) = delete;

  // Runs a script (statements and dot-commands). Returns the exit code: 0, or 1 when a
  // statement failed (2 for .quit is not used: .quit just stops reading).
  int run_text(std::string_view text, const std::string& origin);
  // The interactive loop on the terminal; returns 0 at Ctrl-D / .quit.
  int run_interactive();
  // True after `.quit` in a script: main stops running further -c/-f inputs.
  bool quit_requested() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Same as Shell(state).run_interactive().
int run_repl(ShellState& state);

// The whole text of a script file ('-' reads standard input); false if it cannot be read.
bool read_whole_file(const std::string& path, std::string& out);

}  // namespace backlog::shell
