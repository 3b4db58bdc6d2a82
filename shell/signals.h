// Signal handlers for the length of a scope: the constructor installs one handler for a
// set of signals, the destructor puts back the handlers they had before.
//
//   ScopedSignalHandler stop({SIGINT, SIGTERM}, on_stop);   // Ctrl-C and kill cancel the run
//   ScopedSignalHandler pipe({SIGPIPE}, SIG_IGN);            // a reader that went away
//
// Installed without SA_RESTART on purpose: a blocking read or wait (the REPL's prompt, the
// scheduler's sleep) must end with EINTR so its loop sees the flag the handler set. The
// handler must be async-signal-safe: store to a lock-free atomic or a sig_atomic_t, and
// call nothing that locks or allocates.
#pragma once

#include <csignal>
#include <initializer_list>
#include <utility>
#include <vector>

namespace backlog::shell {

class ScopedSignalHandler {
 public:
  using Handler = void (*)(int);  // a function, SIG_IGN or SIG_DFL

  ScopedSignalHandler(std::initializer_list<int> signals, Handler handler);
  ~ScopedSignalHandler();
  ScopedSignalHandler(const ScopedSignalHandler&) = delete;
  ScopedSignalHandler& operator=(const ScopedSignalHandler&) = delete;

 private:
  std::vector<std::pair<int, struct sigaction>> previous_;  // each signal and the action it had
};

}  // namespace backlog::shell
