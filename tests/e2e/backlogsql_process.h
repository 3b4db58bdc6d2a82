// The built backlogsql as a child process the test can wait for or `kill -9` at a chosen
// moment, for the robustness suites (faults, crashes).
//
//   BacklogsqlProcess p(home, {"--url", emu.url(), "--api-key", "demo-key",
//                              "--dest", "sqlite:" + db, "-c", "REPLICATE Issues;"});
//   int status = p.wait();                         // exit status; -1 when killed
//   BacklogsqlProcess q(home, args);
//   bool killed = q.kill_when(emu.log_path(), 12, std::chrono::milliseconds(3));
//
// The binary is the one of this build tree (BACKLOGSQL_BINARY_DIR), with its own HOME and
// XDG_CONFIG_HOME (a test's temp folder) and without the caller's BACKLOG_URL /
// BACKLOG_API_KEY. stdout and stderr go to files in `home`, read back by output().
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace backlog::testing {

class BacklogsqlProcess {
 public:
  BacklogsqlProcess(const std::string& home, const std::vector<std::string>& args);
  ~BacklogsqlProcess();  // kills a still running child (a failed assertion must not leak it)
  BacklogsqlProcess(const BacklogsqlProcess&) = delete;
  BacklogsqlProcess& operator=(const BacklogsqlProcess&) = delete;

  // Waits for the exit; returns the exit status, or -1 when a signal ended it.
  int wait();

  // Polls `log_path` (the emulator's request log) until it holds at least `lines` lines
  // counted from byte `from_offset`, sleeps `extra`, then sends SIGKILL. Returns true when
  // the kill hit a running process, false when it had already exited (wait() then gives
  // its status).
  bool kill_when(const std::string& log_path, long from_offset, int lines, std::chrono::milliseconds extra);

  std::string output() const;  // stdout, then stderr

 private:
  bool exited();  // reaps the child without blocking

  std::string home_;
  int pid_ = -1;
  int status_ = -1;
  bool reaped_ = false;
};

// Runs backlogsql to its end; returns the exit status and puts stdout+stderr in `output`.
int run_backlogsql_to_end(const std::string& home, const std::vector<std::string>& args, std::string* output = nullptr);

// Byte size of a file (0 when missing): where "lines from now on" start in a request log.
long file_size(const std::string& path);

}  // namespace backlog::testing
