// ScopedSignalHandler (shell/signals.h): the handler runs while the guard lives, without
// SA_RESTART, and the handlers from before come back, in nested guards too.
#include "shell/signals.h"

#include <gtest/gtest.h>

#include <csignal>

namespace backlog::shell {
namespace {

volatile sig_atomic_t g_first = 0;
volatile sig_atomic_t g_second = 0;
void on_first(int sig) { g_first = sig; }
void on_second(int sig) { g_second = sig; }

struct sigaction current(int sig) {
  struct sigaction now {};
  sigaction(sig, nullptr, &now);
  return now;
}

TEST(ScopedSignalHandler, InstallsForEverySignalAndRestoresTheOldOnes) {
  const struct sigaction usr1_before = current(SIGUSR1);
  const struct sigaction usr2_before = current(SIGUSR2);
  {
    ScopedSignalHandler guard({SIGUSR1, SIGUSR2}, on_first);
    EXPECT_EQ(current(SIGUSR1).sa_flags & SA_RESTART, 0);
    raise(SIGUSR1);
    EXPECT_EQ(g_first, SIGUSR1);
    raise(SIGUSR2);
    EXPECT_EQ(g_first, SIGUSR2);
  }
  EXPECT_EQ(current(SIGUSR1).sa_handler, usr1_before.sa_handler);
  EXPECT_EQ(current(SIGUSR2).sa_handler, usr2_before.sa_handler);
}

TEST(ScopedSignalHandler, NestedGuardsGiveBackTheOuterHandler) {
  ScopedSignalHandler outer({SIGUSR1}, on_first);
  {
    ScopedSignalHandler inner({SIGUSR1}, on_second);
    g_first = 0;
    g_second = 0;
    raise(SIGUSR1);
    EXPECT_EQ(g_second, SIGUSR1);
    EXPECT_EQ(g_first, 0);
  }
  raise(SIGUSR1);
  EXPECT_EQ(g_first, SIGUSR1);
}

TEST(ScopedSignalHandler, IgnoresWithSigIgn) {
  ScopedSignalHandler ignore({SIGUSR2}, SIG_IGN);
  EXPECT_EQ(current(SIGUSR2).sa_handler, SIG_IGN);
  raise(SIGUSR2);  // would end the test program with the default action
  SUCCEED();
}

}  // namespace
}  // namespace backlog::shell
