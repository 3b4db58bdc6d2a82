// The interactive shell through a real pseudo-terminal (tmux): line editing, history
// across two sessions, multi-line statements, Tab completion, dot-commands, the progress
// line, and Ctrl-C during a slow scan returning to a working prompt.
//
// Every wait polls the screen until the expected text appears, with a generous deadline:
// nothing depends on how fast the machine is.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include "backlogsql_run.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

using namespace std::chrono_literals;

std::string run_command(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

// One tmux server (own socket in the test's folder) with one window running a command.
class Terminal {
 public:
  // Each Terminal has its own server: a server being killed may still hold its socket.
  Terminal(const std::string& dir, const std::string& command)
      : tmux_("tmux -S " + shell_quote(dir + "/tmux" + std::to_string(++count_) + ".sock")) {
    // The pane stays after the program ends, so its last words can still be read.
    run_command(tmux_ + " new-session -d -s t -x 150 -y 50 " +
                shell_quote(command + "; echo \"EXITED $?\"; sleep 600") + " 2>&1");
  }
  ~Terminal() { run_command(tmux_ + " kill-server 2>/dev/null"); }

  // Literal text (no key names). tmux reads an argument ending in ';' as a command
  // separator, so that one is escaped.
  void type(std::string text) {
    if (!text.empty() && text.back() == ';') text.insert(text.size() - 1, "\\");
    run_command(tmux_ + " send-keys -t t -l " + shell_quote(text));
  }
  void press(const std::string& key) { run_command(tmux_ + " send-keys -t t " + key); }

  // The screen and its scrollback, wrapped lines joined, without the empty rows below
  // the cursor (so `$` in a pattern means "where the cursor is", after any prompt's space).
  std::string screen() {
    // Trailing spaces of each row go too: libedit's redraws leave some.
    std::string s = std::regex_replace(run_command(tmux_ + " capture-pane -p -J -t t -S -2000"), std::regex(" +\n"), "\n");
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  // Waits until the screen matches `pattern`; returns the screen (fails the test if not).
  std::string wait_for(const std::string& pattern, std::chrono::seconds deadline = 30s) {
    if (::testing::Test::HasFailure()) return screen();  // one failed wait is enough
    std::regex re(pattern);
    auto until = std::chrono::steady_clock::now() + deadline;
    std::string s;
    while (std::chrono::steady_clock::now() < until) {
      s = screen();
      if (std::regex_search(s, re)) return s;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "screen never matched /" << pattern << "/:\n" << s;
    return s;
  }

 private:
  static inline int count_ = 0;
  std::string tmux_;
};

class ReplTest : public ::testing::Test {
 protected:
  // backlogsql with HOME and XDG_STATE_HOME in this test's folder.
  std::string shell_command(const EmulatorProcess& emu) {
    return "cd " + shell_quote(dir_.path()) + " && " +
           backlogsql_command(dir_.path(), "--url " + emu.url() + " --api-key demo-key",
                              "XDG_STATE_HOME=" + shell_quote(dir_.file("state")) + " TERM=xterm");
  }
  static constexpr const char* kPrompt = "backlogsql> ";

  TempDir dir_;
};

TEST_F(ReplTest, MultiLineStatementWithCompletionOfATableAndAColumn) {
  EmulatorProcess emu({"--issues", "10"});
  Terminal term(dir_.path(), shell_command(emu));
  term.wait_for("backlogsql>$");
  term.type("SELECT Id,");
  term.press("Enter");
  term.wait_for("\n      \\.\\.\\.>$");  // the continuation prompt
  term.type("Name FROM Prio");
  term.press("Tab");
  term.wait_for("Priorities$");
  term.type("ORDER BY Na");
  term.press("Tab");
  term.wait_for("ORDER BY Name$");
  term.type(";");
  term.press("Enter");
  std::string s = term.wait_for("3\\|中\n4\\|低\n2\\|高\nbacklogsql>$");
  EXPECT_NE(s.find("      ...> Name FROM Priorities ORDER BY Name ;"), std::string::npos) << s;
}

TEST_F(ReplTest, TablesSchemaAndModeBox) {
  EmulatorProcess emu({"--issues", "10"});
  Terminal term(dir_.path(), shell_command(emu));
  term.wait_for("backlogsql>$");
  term.type(".tables Prio%");
  term.press("Enter");
  term.wait_for("\nPriorities\nbacklogsql>$");
  term.type(".sch");
  term.press("Tab");
  term.type("Resolu");
  term.press("Tab");
  term.press("Enter");
  term.wait_for("CREATE TABLE \"Resolutions\"\\(\n  \"Id\" INTEGER, -- Resolution id.\n");
  term.type(".mode box");
  term.press("Enter");
  term.type("SELECT Name FROM Priorities WHERE Id = 2;");
  term.press("Enter");
  term.wait_for("┌──────┐\n│ Name │\n├──────┤\n│ 高   │\n└──────┘\nbacklogsql>$");
  term.type(".nosuch");
  term.press("Enter");
  term.wait_for("Error: unknown command '.nosuch': .help lists the commands\nbacklogsql>$");
  term.type(".quit");
  term.press("Enter");
  term.wait_for("EXITED 0");
}

TEST_F(ReplTest, EditingAndHistoryAcrossTwoSessions) {
  EmulatorProcess emu({"--issues", "10"});
  {
    Terminal term(dir_.path(), shell_command(emu));
    term.wait_for("backlogsql>$");
    term.type("ELECT 40 + 2;");
    term.press("C-a");
    term.type("S");  // inserted at the start of the line
    term.press("Enter");
    term.wait_for("backlogsql> SELECT 40 \\+ 2;\n42\nbacklogsql>$");
    term.press("C-d");
    term.wait_for("EXITED 0");
  }
  std::string history = dir_.file("state") + "/backlogsql/history";
  struct stat st {};
  ASSERT_EQ(stat(history.c_str(), &st), 0) << history;
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  Terminal term(dir_.path(), shell_command(emu));
  term.wait_for("backlogsql>$");
  term.press("Up");
  term.wait_for("backlogsql> SELECT 40 \\+ 2;$");
  term.press("Enter");
  term.wait_for("\n42\nbacklogsql>$");
  // Ctrl-C at the prompt drops what was typed; the next line starts clean.
  term.type("SELECT garbage");
  term.press("C-c");
  term.wait_for("SELECT garbage\\^C\nbacklogsql>$");
  term.type("SELECT 8;");
  term.press("Enter");
  std::string s = term.wait_for("\n8\nbacklogsql>$");
  EXPECT_EQ(s.find("Error"), std::string::npos) << s;
}

TEST_F(ReplTest, CtrlCDuringASlowScanReturnsToAWorkingPrompt) {
  // 2000 issues = 20 pages of 100, each answered after 300 ms: a scan of 6 s or more.
  EmulatorProcess emu({"--issues", "2000", "--latency-ms", "300"});
  Terminal term(dir_.path(), shell_command(emu));
  term.wait_for("backlogsql>$");
  term.type("SELECT count(*) FROM Issues;");
  term.press("Enter");
  // The progress line, with the total from /api/v2/issues/count.
  term.wait_for("rows of 2000, [0-9]+ pages");
  term.press("C-c");
  term.wait_for("Interrupted\\.\nbacklogsql>$");
  term.type("SELECT Name FROM Priorities WHERE Id = 3;");
  term.press("Enter");
  term.wait_for("\n中\nbacklogsql>$");
  long pages = 0;
  for (const LoggedRequest& r : emu.requests()) pages += r.path == "/api/v2/issues";
  EXPECT_LT(pages, 20) << "the scan went on after Ctrl-C";
  term.type(".calls");
  term.press("Enter");
  term.wait_for("API calls: [0-9]+ .*\nX-RateLimit-Remaining: [0-9]+\nbacklogsql>$");
}

}  // namespace
}  // namespace backlog::testing
