// One sigaction() per signal, undone in reverse order (see signals.h).
#include "shell/signals.h"

namespace backlog::shell {

ScopedSignalHandler::ScopedSignalHandler(std::initializer_list<int> signals, Handler handler) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART (see signals.h)
  for (int sig : signals) {
    struct sigaction before {};
    sigaction(sig, &action, &before);
    previous_.emplace_back(sig, before);
  }
}

ScopedSignalHandler::~ScopedSignalHandler() {
  for (auto it = previous_.rbegin(); it != previous_.rend(); ++it) sigaction(it->first, &it->second, nullptr);
}

}  // namespace backlog::shell
