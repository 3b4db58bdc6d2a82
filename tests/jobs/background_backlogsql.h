// A backlogsql started in the background (a daemon such as `scheduler`), with its stderr
// in a file, and a poll-with-deadline helper to wait for what it does.
//
//   auto s = spawn_backlogsql(home, "scheduler --listen 127.0.0.1:0", home + "/s.err");
//   ASSERT_TRUE(wait_for([&] { return s->err().find("listening") != std::string::npos; }));
//   kill(s->pid, SIGTERM);
//   EXPECT_EQ(s->wait(), 0);
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "shell/backlogsql_run.h"
#include "test_files.h"

extern char** environ;

namespace backlog::testing {

// Polls `done` every 20 ms until it holds or `limit` passes.
inline bool wait_for(const std::function<bool()>& done,
                     std::chrono::milliseconds limit = std::chrono::seconds(15)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Its pid is backlogsql's own (sh execs env, which execs it), so signals reach it.
struct Child {
  pid_t pid = -1;
  std::string err_path;
  std::optional<int> status;  // exit status once reaped; -1 when killed by a signal

  // Waits for the exit; nullopt when it did not come in time (then it is killed).
  std::optional<int> wait(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    if (status) return status;
    int st = 0;
    bool done = wait_for([&] { return waitpid(pid, &st, WNOHANG) == pid; }, limit);
    if (!done) {
      kill(pid, SIGKILL);
      waitpid(pid, &st, 0);
      status = -2;
      return std::nullopt;
    }
    status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return status;
  }
  std::string err() const { return slurp(err_path); }
  ~Child() {
    if (pid > 0 && !status) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

// Starts `backlogsql ARGS` (run_backlogsql's environment) with stdin and stdout closed.
inline std::unique_ptr<Child> spawn_backlogsql(const std::string& home, const std::string& args,
                                               const std::string& err_path) {
  auto child = std::make_unique<Child>();
  child->err_path = err_path;
  std::string cmd = "exec " + backlogsql_command(home, args) + " </dev/null >/dev/null 2>" + shell_quote(err_path);
  const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
  if (posix_spawn(&child->pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0)
    child->pid = -1;
  return child;
}

}  // namespace backlog::testing
