// Line editing for the interactive shell, on libedit: emacs key bindings, a history kept
// in a file, Tab completion, and Ctrl-C that abandons the line being typed.
//
//   LineEditor editor(history_path, [](std::string_view before, std::string_view word) { … });
//   std::string line;
//   while (editor.read_line("backlogsql> ", line) != LineEditor::Status::Eof) …
//
// Ctrl-C: the owner's SIGINT handler (installed without SA_RESTART) sets a flag that
// `take_interrupt` consumes; the read interrupted by the signal then ends the line with
// Status::Interrupted.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

struct editline;
struct history;

namespace backlog::shell {

class LineEditor {
 public:
  // before: text of the statement up to the word under the cursor; word: that word.
  using Completer = std::function<std::vector<std::string>(std::string_view before, std::string_view word)>;

  // `history_path` empty: no history file. `take_interrupt` returns (and clears) whether
  // Ctrl-C was pressed.
  LineEditor(std::string history_path, Completer completer, std::function<bool()> take_interrupt);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  enum class Status { Line, Interrupted, Eof };
  // One line, without its newline.
  Status read_line(const char* prompt, std::string& line);
  // Adds a line to the history and saves the file.
  void add_history(const std::string& line);
  // Earlier lines of the statement being typed (completion looks at the whole statement).
  void set_pending(std::string pending) { pending_ = std::move(pending); }

 private:
  static int read_char(editline* el, wchar_t* out);
  static unsigned char on_tab(editline* el, int ch);
  static char* prompt_of(editline* el);

  std::string history_path_;
  Completer completer_;
  std::function<bool()> take_interrupt_;
  editline* el_ = nullptr;
  history* hist_ = nullptr;
  std::string prompt_;
  std::string pending_;
  bool interrupted_ = false;
};

// $XDG_STATE_HOME/backlogsql/history, else ~/.local/state/backlogsql/history ("" if
// neither variable is set). Creates the folder (0700).
std::string default_history_path();

}  // namespace backlog::shell
