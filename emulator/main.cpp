// backlog-emulator: a Backlog API v2 server on 127.0.0.1 over a seeded dataset.
//
//   backlog-emulator --port 0 --issues 1000 --log /tmp/requests.log
//   → prints "listening on http://127.0.0.1:PORT" once connections are accepted.
//
// SIGTERM/SIGINT stop it cleanly: the signals are blocked in every thread and the main
// thread waits for them with sigwait, so stopping the server happens outside a signal
// handler.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "options.h"
#include "server.h"

using namespace backlog::emulator;

int main(int argc, char** argv) {
  Options options;
  std::string error;
  switch (parse_options(argc, argv, options, error)) {
    case ParseResult::Help: std::fputs(usage_text(), stdout); return 0;
    case ParseResult::Error: std::fprintf(stderr, "backlog-emulator: %s\n%s", error.c_str(), usage_text()); return 2;
    case ParseResult::Run: break;
  }

  // The parent may close our stdout after the first line: writes must not kill us.
  signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);   // inherited by the server threads

  Emulator emulator(options);
  if (!emulator.log_ok()) {
    std::fprintf(stderr, "backlog-emulator: cannot open log file %s\n", options.log_path.c_str());
    return 1;
  }
  const int port = emulator.bind();
  if (port <= 0) {
    std::fprintf(stderr, "backlog-emulator: cannot listen on 127.0.0.1:%d\n", options.port);
    return 1;
  }
  // bind() already listens: connections queue in the backlog until the thread serves them.
  std::thread server([&] { emulator.listen(); });
  std::printf("listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  emulator.stop();
  server.join();
  return 0;
}
