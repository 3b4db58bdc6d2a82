// The emulator server: httplib on 127.0.0.1, one wrapper around every request that applies
// (in this order) latency, fault injection, authentication, the rate limit, the dataset
// lock and the route's handler, then writes the request log line before replying.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <shared_mutex>

#include "fault_injector.h"
#include "model.h"
#include "oauth.h"
#include "options.h"
#include "rate_limiter.h"
#include "request_log.h"
#include "router.h"

namespace backlog::emulator {

class Emulator {
 public:
  explicit Emulator(const Options& o);     // generates the dataset
  bool log_ok() const { return log_.ok(); }
  int bind();                              // binds 127.0.0.1:--port; returns the port or -1
  void listen();                           // serves until stop() (blocking)
  void stop() { server_.stop(); }

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  Reply respond(const httplib::Request& req, const Params& query, RateWindow& window, bool& drop);
  bool authenticate(const httplib::Request& req, const Params& query, Reply& failure);

  Options options_;
  Dataset data_;
  std::shared_mutex data_mutex_;
  Router router_;
  RequestLog log_;
  std::atomic<int> in_flight_{0};
  RateLimiter limiter_;
  FaultInjector faults_;
  OAuthStore oauth_;
  httplib::Server server_;
};

}  // namespace backlog::emulator
