// `scheduler --listen HOST:PORT`: /healthz ("ok"), /metrics (Prometheus text) and / (the
// HTML status page), served by cpp-httplib on its own thread. Read-only; loopback by
// default is the caller's choice of HOST.
#pragma once

#include <memory>
#include <string>

#include "jobs/scheduler.h"

namespace backlog::jobs {

class StatusServer {
 public:
  // Binds HOST:PORT (PORT 0: any free port); throws std::runtime_error when it cannot.
  StatusServer(Scheduler& scheduler, const std::string& listen);
  ~StatusServer();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace backlog::jobs
