// `backlogsql scheduler [--once] [--listen HOST:PORT] [--log FILE] [--home DIR]`: runs the
// catalog's jobs when they are due (jobs/scheduler.h), in the foreground, until SIGTERM or
// SIGINT (the run in progress is cancelled and rolled back; exit 0). SIGHUP re-reads the
// catalog. With --listen, /healthz, /metrics and a status page (jobs/status_server.h).
#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "api/connection.h"
#include "jobs/catalog.h"
#include "jobs/scheduler.h"
#include "jobs/status_server.h"
#include "shell/commands.h"
#include "shell/signals.h"

namespace backlog::shell {

namespace {

// The handlers only store to atomics (Scheduler::stop/reload do nothing else).
std::atomic<jobs::Scheduler*> g_scheduler{nullptr};

void on_stop(int) {
  if (jobs::Scheduler* s = g_scheduler.load()) s->stop();
}
void on_reload(int) {
  if (jobs::Scheduler* s = g_scheduler.load()) s->reload();
}

// Writes the line to the log and, when the log is a file, to stderr as well (for systemd).
void announce(FILE* log, const std::string& line) {
  fmt::print(stderr, "{}\n", line);
  if (log && log != stderr) fmt::print(log, "{}\n", line);
}

std::string jobs_text(size_t n) { return fmt::format("{} job{}", n, n == 1 ? "" : "s"); }

}  // namespace

int run_scheduler_command(const Options& o) {
  static_assert(std::atomic<jobs::Scheduler*>::is_always_lock_free);
  const std::string home = jobs_home(o);
  std::optional<jobs::Catalog> catalog;
  try {
    catalog.emplace(jobs::Catalog::open(home + "/jobs.db"));
  } catch (const std::exception& e) {
    fmt::print(stderr, "backlogsql scheduler: {}\n", e.what());
    return 2;
  }

  std::unique_ptr<FILE, int (*)(FILE*)> log_file(nullptr, fclose);
  if (!o.log_file.empty()) {
    log_file.reset(fopen(o.log_file.c_str(), "a"));
    if (!log_file) {
      fmt::print(stderr, "backlogsql scheduler: cannot open the log {}: {}\n", o.log_file, strerror(errno));
      return 2;
    }
    setvbuf(log_file.get(), nullptr, _IOLBF, 0);  // one line per run, visible at once
  }

  std::atomic<bool> cancel{false};
  jobs::SchedulerOptions options;
  options.env.home = home;
  options.env.config_path = api::default_config_path();
  options.env.cancel = &cancel;
  options.env.log = log_file ? log_file.get() : stderr;
  options.env.insecure = o.insecure;
  options.once = o.once;
  jobs::Scheduler scheduler(*catalog, std::move(options));
  FILE* log = log_file ? log_file.get() : stderr;

  g_scheduler = &scheduler;
  // Installed while the scheduler runs; the old handlers come back when it has stopped.
  ScopedSignalHandler stop({SIGTERM, SIGINT}, on_stop);
  ScopedSignalHandler reload({SIGHUP}, on_reload);
  ScopedSignalHandler no_sigpipe({SIGPIPE}, SIG_IGN);  // a status page client that went away must not end us

  std::unique_ptr<jobs::StatusServer> server;
  size_t job_count = 0;
  try {
    job_count = catalog->list().size();
    if (!o.listen.empty()) server = std::make_unique<jobs::StatusServer>(scheduler, o.listen);
  } catch (const std::exception& e) {
    g_scheduler = nullptr;
    fmt::print(stderr, "backlogsql scheduler: {}\n", e.what());
    return 2;
  }
  if (server) {
    // The bound port (--listen …:0 picks one), so tests and operators can find it.
    std::string host = o.listen.substr(0, o.listen.rfind(':'));
    if (host.empty()) host = "0.0.0.0";
    announce(log, fmt::format("scheduler: {}, listening on http://{}:{}", jobs_text(job_count), host, server->port()));
  } else if (!o.once) {
    announce(log, fmt::format("scheduler: {}", jobs_text(job_count)));
  }

  int code = 0;
  try {
    code = scheduler.run();
  } catch (const std::exception& e) {  // the catalog became unreadable
    fmt::print(log, "scheduler: {}\n", e.what());
    code = 1;
  }
  server.reset();
  if (!o.once) announce(log, fmt::format("scheduler: stopped (exit {})", code));
  g_scheduler = nullptr;
  return code;
}

}  // namespace backlog::shell
