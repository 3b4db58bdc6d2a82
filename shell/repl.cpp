// The Shell: statements and dot-commands from scripts or the terminal (see repl.h).
//
// Scripts are cut at dot-command lines only; the SQL between two of them goes to the
// engine as one piece, so the whole piece is checked before any of it runs, and errors
// keep their line numbers (each piece is preceded by as many newlines as lines before it).
#include "shell/repl.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "api/trace.h"
#include "grammar/splitter.h"
#include "shell/completion.h"
#include "shell/dot_commands.h"
#include "shell/line_editor.h"
#include "shell/progress.h"
#include "shell/script_runner.h"
#include "shell/signals.h"

namespace backlog::shell {
namespace {

// Ctrl-C. The handler only does what is safe in a signal handler: it flags, interrupts
// SQLite (sqlite3_interrupt is made for this) and bumps the client's abort generation
// (one lock-free atomic increment).
volatile sig_atomic_t g_interrupted = 0;
std::atomic<sqlite3*> g_running_db{nullptr};
std::atomic<api::Client*> g_running_client{nullptr};

extern "C" void on_sigint(int) {
  g_interrupted = 1;
  if (sqlite3* db = g_running_db.load()) sqlite3_interrupt(db);
  if (api::Client* client = g_running_client.load()) client->abort_requests();
}

// While a statement runs, Ctrl-C cancels it.
class RunningStatement {
 public:
  RunningStatement(sqlite3* db, api::Client* client) {
    g_interrupted = 0;
    g_running_client = client;
    g_running_db = db;
  }
  ~RunningStatement() {
    g_running_db = nullptr;
    g_running_client = nullptr;
  }
};

// True when `pending` holds no statement, or only statements ended by ';': a line that
// starts with '.' here is a dot-command.
bool at_statement_boundary(std::string_view pending) {
  grammar::SplitResult split = grammar::split_script(pending);
  if (split.error) return false;
  return split.statements.empty() || grammar::is_complete(pending);
}

bool blank(std::string_view text) { return grammar::split_script(text).statements.empty(); }

constexpr int kMaxReadDepth = 16;  // .read of a file that reads itself

}  // namespace

struct Shell::Impl final : DotContext {
  explicit Impl(ShellState& s)
      : st(s),
        session_(s.db, std::move(s.destinations), session_options(s)),
        progress(isatty(STDERR_FILENO) && !s.quiet),
        trace_on(s.trace) {
    client_changed();
  }

  ~Impl() override {
    if (st.client) st.client->set_trace_tap(nullptr);
    close_output();
  }

  static engine::SessionOptions session_options(ShellState& s) {
    engine::SessionOptions o = std::move(s.session_options);
    if (!o.api_calls) o.api_calls = [&s] { return s.client ? s.client->stats().calls : 0L; };
    return o;
  }

  // DotContext
  ShellState& state() override { return st; }
  engine::Session& session() override { return session_; }
  FILE* out() override { return out_; }
  void request_quit() override { quit = true; }

  void client_changed() override {
    if (!st.client) return;
    st.client->set_trace_tap([this](const api::TraceEntry& e) {
      if (trace_on.load()) trace_printer(e);
      progress.on_call(e);
    });
  }

  bool redirect_output(const std::string& path, bool once, std::string* error) override {
    close_output();
    if (path.empty() || path == "stdout") return true;
    FILE* f = fopen(path.c_str(), "w");
    if (f == nullptr) {
      *error = fmt::format("cannot write {}: {}", path, std::strerror(errno));
      return false;
    }
    out_ = f;
    once_ = once;
    return true;
  }

  int run_file(const std::string& path) override {
    std::string text;
    if (!read_whole_file(path, text)) {
      fmt::print(stderr, "backlogsql: cannot read {}\n", path);
      return 1;
    }
    if (read_depth >= kMaxReadDepth) {
      fmt::print(stderr, "backlogsql: {}: .read nested more than {} deep\n", path, kMaxReadDepth);
      return 1;
    }
    ++read_depth;
    bool was_interactive = interactive;
    interactive = false;  // a read file stops at its first error, as a script
    int rc = run_text(text, path);
    interactive = was_interactive;
    --read_depth;
    return rc;
  }

  void close_output() {
    if (out_ != stdout) fclose(out_);
    out_ = stdout;
    once_ = false;
  }

  // A script: SQL pieces between dot-command lines.
  int run_text(std::string_view text, const std::string& origin) {
    int rc = 0;
    size_t piece = 0;      // where the SQL not yet run starts
    int piece_line = 1;
    int line_no = 1;
    for (size_t pos = 0; pos < text.size() && !quit; ++line_no) {
      size_t eol = std::min(text.find('\n', pos), text.size());
      std::string_view line = text.substr(pos, eol - pos);
      if (!line.empty() && line[0] == '.' && at_statement_boundary(text.substr(piece, pos - piece))) {
        int sql_rc = run_sql(text.substr(piece, pos - piece), origin, piece_line);
        if (sql_rc != 0) {
          rc = sql_rc;
          if (stop_on_error()) return rc;
        }
        if (!run_dot(line, origin, line_no)) {
          rc = 1;
          if (stop_on_error()) return rc;
        }
        piece = eol + 1;
        piece_line = line_no + 1;
      }
      pos = eol + 1;
    }
    if (!quit && piece < text.size()) {
      int sql_rc = run_sql(text.substr(piece), origin, piece_line);
      if (sql_rc != 0) rc = sql_rc;
    }
    return rc;
  }

  bool stop_on_error() const { return !interactive && st.bail; }

  bool run_dot(std::string_view line, const std::string& origin, int line_no) {
    std::string error;
    bool ok = run_dot_command(*this, line, &error);
    trace_on = st.trace;
    if (!ok && !error.empty()) {
      if (interactive) fmt::print(stderr, "Error: {}\n", error);
      else fmt::print(stderr, "backlogsql: {}: line {}: {}\n", origin, line_no, error);
    }
    return ok;
  }

  // SQL text starting at `first_line` of its origin. Returns 0, or 1 if a statement failed.
  int run_sql(std::string_view text, const std::string& origin, int first_line) {
    if (blank(text)) return 0;
    std::string script(static_cast<size_t>(first_line - 1), '\n');
    script += text;
    grammar::SplitResult split = grammar::split_script(script);
    if (once_ && split.statements.size() > 1) {
      // .once is for the next statement only: that one alone, then the rest.
      int rc = run_piece(placed(split.statements[0], split.statements[0].text), origin);
      close_output();
      if (rc != 0 && stop_on_error()) return rc;
      const grammar::StatementSource& next = split.statements[1];
      return std::max(rc, run_sql_placed(placed(next, std::string_view(script).substr(next.offset)), origin));
    }
    int rc = run_sql_placed(script, origin);
    if (once_) close_output();
    return rc;
  }

  // `text` preceded by the newlines and spaces that put it where `s` starts, so errors name
  // the right line and column.
  static std::string placed(const grammar::StatementSource& s, std::string_view text) {
    std::string out(static_cast<size_t>(s.where.line - 1), '\n');
    out.append(static_cast<size_t>(s.where.column - 1), ' ');
    out += text;
    return out;
  }

  int run_sql_placed(const std::string& script, const std::string& origin) {
    if (stop_on_error() || interactive) return run_piece(script, origin);
    // .bail off: every statement on its own, so one failure does not stop the others.
    int rc = 0;
    for (const grammar::StatementSource& s : grammar::split_script(script).statements)
      if (run_piece(placed(s, s.text), origin) != 0) rc = 1;
    return rc;
  }

  int run_piece(const std::string& script, const std::string& origin) {
    engine::ScriptResult result;
    {
      progress.start({}, st.client);
      StatementPrinter printer(st, out_, progress);
      RunningStatement running(interactive ? st.db : nullptr, interactive ? st.client.get() : nullptr);
      result = session_.run_script(script, printer);
    }
    fflush(out_);
    bool interrupted = interactive && g_interrupted;
    g_interrupted = 0;
    if (result.ok) return 0;
    if (interrupted) fputs("Interrupted.\n", stderr);
    else if (interactive) fmt::print(stderr, "Error: {}\n", result.error);
    else fmt::print(stderr, "backlogsql: {}: {}\n", origin, result.error);
    return 1;
  }

  int run_interactive() {
    std::setlocale(LC_CTYPE, "");
    interactive = true;
    // For the interactive loop only; without SA_RESTART, so a read at the prompt sees EINTR.
    ScopedSignalHandler sigint({SIGINT}, on_sigint);
    LineEditor editor(default_history_path(), complete, [] {
      bool was = g_interrupted;
      g_interrupted = 0;
      return was;
    });
    if (!st.quiet)
      fmt::print(stderr, "backlogsql — SQL over Backlog. Statements end with ';'. .help lists the dot-commands.\n");
    std::string pending;
    while (!quit) {
      std::string line;
      editor.set_pending(pending);
      LineEditor::Status status = editor.read_line(blank(pending) ? "backlogsql> " : "      ...> ", line);
      if (status == LineEditor::Status::Interrupted) {
        pending.clear();
        continue;
      }
      if (status == LineEditor::Status::Eof) {
        fputc('\n', stdout);
        break;
      }
      if (line.find_first_not_of(" \t") == std::string::npos && blank(pending)) continue;
      editor.add_history(line);
      if (!line.empty() && line[0] == '.' && blank(pending)) {
        pending.clear();
        run_dot(line, "", 0);
        continue;
      }
      pending += line;
      pending += '\n';
      if (grammar::is_complete(pending)) {
        run_sql(pending, "", 1);
        pending.clear();
      }
    }
    return 0;
  }

  ShellState& st;
  engine::Session session_;
  ProgressLine progress;
  std::atomic<bool> trace_on;
  std::function<void(const api::TraceEntry&)> trace_printer = api::trace_to_file(stderr);
  FILE* out_ = stdout;
  bool once_ = false;
  bool quit = false;
  bool interactive = false;
  int read_depth = 0;
};

Shell::Shell(ShellState& state) : impl_(std::make_unique<Impl>(state)) {}
Shell::~Shell() = default;

bool read_whole_file(const std::string& path, std::string& out) {
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

int Shell::run_text(std::string_view text, const std::string& origin) { return impl_->run_text(text, origin); }
int Shell::run_interactive() { return impl_->run_interactive(); }
bool Shell::quit_requested() const { return impl_->quit; }

int run_repl(ShellState& state) { return Shell(state).run_interactive(); }

}  // namespace backlog::shell
