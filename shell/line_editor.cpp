#include "shell/line_editor.h"

#include <histedit.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cwchar>

#include "shell/completion.h"
#include "shell/output_modes.h"

namespace backlog::shell {
namespace {

constexpr int kHistorySize = 2000;
constexpr size_t kMaxListed = 200;  // candidates shown after a Tab that cannot choose

LineEditor* owner(EditLine* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  return static_cast<LineEditor*>(data);
}

void make_dirs(const std::string& dir) {
  for (size_t slash = dir.find('/', 1); ; slash = dir.find('/', slash + 1)) {
    mkdir(dir.substr(0, slash).c_str(), 0700);
    if (slash == std::string::npos) break;
  }
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string default_history_path() {
  std::string base;
  if (const char* s = std::getenv("XDG_STATE_HOME"); s && *s) base = s;
  else if (const char* h = std::getenv("HOME"); h && *h) base = std::string(h) + "/.local/state";
  else return "";
  make_dirs(base + "/backlogsql");
  return base + "/backlogsql/history";
}

LineEditor::LineEditor(std::string history_path, Completer completer, std::function<bool()> take_interrupt)
    : history_path_(std::move(history_path)), completer_(std::move(completer)),
      take_interrupt_(std::move(take_interrupt)) {
  HistEvent ev;
  hist_ = ::history_init();
  ::history(hist_, &ev, H_SETSIZE, kHistorySize);
  ::history(hist_, &ev, H_SETUNIQUE, 1);
  if (!history_path_.empty()) ::history(hist_, &ev, H_LOAD, history_path_.c_str());

  el_ = el_init("backlogsql", stdin, stdout, stderr);
  el_set(el_, EL_CLIENTDATA, this);
  el_set(el_, EL_EDITOR, "emacs");
  el_set(el_, EL_SIGNAL, 0);  // SIGINT is the shell's (it cancels statements)
  el_set(el_, EL_HIST, ::history, hist_);
  el_set(el_, EL_PROMPT, &LineEditor::prompt_of);
  el_set(el_, EL_GETCFN, &LineEditor::read_char);
  el_set(el_, EL_ADDFN, "backlog-complete", "complete a table, column, keyword or dot-command", &LineEditor::on_tab);
  el_set(el_, EL_BIND, "^I", "backlog-complete", nullptr);
  el_source(el_, nullptr);  // ~/.editrc, as other libedit programs
}

LineEditor::~LineEditor() {
  el_end(el_);
  ::history_end(hist_);
}

LineEditor::Status LineEditor::read_line(const char* prompt, std::string& line) {
  prompt_ = prompt;
  interrupted_ = false;
  int count = 0;
  const char* text = el_gets(el_, &count);
  if (interrupted_) {
    fputs("^C\n", stdout);
    fflush(stdout);
    return Status::Interrupted;
  }
  if (text == nullptr || count <= 0) return Status::Eof;
  line.assign(text, static_cast<size_t>(count));
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return Status::Line;
}

void LineEditor::add_history(const std::string& line) {
  HistEvent ev;
  ::history(hist_, &ev, H_ENTER, line.c_str());
  if (history_path_.empty()) return;
  ::history(hist_, &ev, H_SAVE, history_path_.c_str());
  chmod(history_path_.c_str(), 0600);
}

// Reads one character for libedit; a read cut by Ctrl-C ends the line.
int LineEditor::read_char(EditLine* el, wchar_t* out) {
  LineEditor* self = owner(el);
  char bytes[MB_LEN_MAX];
  size_t n = 0;
  for (;;) {
    char c;
    ssize_t got = read(STDIN_FILENO, &c, 1);
    if (got == 0) return 0;
    if (got < 0) {
      if (errno != EINTR) return -1;
      if (self->take_interrupt_ && self->take_interrupt_()) {
        self->interrupted_ = true;
        return -1;
      }
      continue;  // another signal (SIGWINCH…)
    }
    bytes[n++] = c;
    mbstate_t state{};
    wchar_t wc;
    size_t r = mbrtowc(&wc, bytes, n, &state);
    if (r == static_cast<size_t>(-2) && n < sizeof bytes) continue;  // more bytes of one character
    *out = r == static_cast<size_t>(-1) || r == static_cast<size_t>(-2) ? static_cast<unsigned char>(bytes[0]) : wc;
    return 1;
  }
}

unsigned char LineEditor::on_tab(EditLine* el, int) {
  LineEditor* self = owner(el);
  const LineInfo* li = el_line(el);
  std::string_view before_cursor(li->buffer, static_cast<size_t>(li->cursor - li->buffer));
  size_t start = word_start(before_cursor);
  std::string_view word = before_cursor.substr(start);
  std::vector<std::string> candidates =
      self->completer_(self->pending_ + std::string(before_cursor.substr(0, start)), word);
  if (candidates.empty()) return CC_REFRESH_BEEP;
  std::string insert = candidates.size() == 1 ? candidates[0] + " " : common_prefix(candidates);
  if (insert.size() > word.size()) {
    el_deletestr(el, static_cast<int>(code_points(word)));
    el_insertstr(el, insert.c_str());
    return CC_REFRESH;
  }
  fputc('\n', stdout);
  print_in_columns(stdout, candidates, 80, kMaxListed);
  fflush(stdout);
  return CC_REDISPLAY;
}

char* LineEditor::prompt_of(EditLine* el) { return owner(el)->prompt_.data(); }

}  // namespace backlog::shell
