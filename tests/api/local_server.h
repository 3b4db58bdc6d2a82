// Scriptable HTTP servers on 127.0.0.1 for the api/ tests.
//
// LocalServer: an in-process cpp-httplib server on a free port; register handlers, then
// start(). Handlers run on the server's threads, so tests keep their observations in
// mutex/atomic-guarded variables.
//
// DroppingServer: a raw socket server that reads a request and closes the connection
// without answering for the first `drops` connections, then answers 200 — the "dropped
// connection" fault that httplib cannot produce.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "api/client.h"

namespace backlog::api::testing {

// Client options for `url` with backoffs of a few milliseconds, so fault tests stay fast.
ClientOptions fast_options(const std::string& url, const std::string& api_key = "test-key");

// A throwaway self-signed certificate for 127.0.0.1 (made with the openssl CLI).
class SelfSignedCert {
 public:
  SelfSignedCert();
  ~SelfSignedCert();
  SelfSignedCert(const SelfSignedCert&) = delete;
  SelfSignedCert& operator=(const SelfSignedCert&) = delete;

  std::string cert_path() const { return dir_ + "/cert.pem"; }
  std::string key_path() const { return dir_ + "/key.pem"; }

 private:
  std::string dir_;
};

class LocalServer {
 public:
  LocalServer();                                  // plain HTTP
  explicit LocalServer(const SelfSignedCert& tls);  // HTTPS with that certificate
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  httplib::Server& server() { return *server_; }
  void start();                        // binds 127.0.0.1 on a free port and serves
  std::string url() const;             // http(s)://127.0.0.1:PORT

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_ = "http";
  std::thread thread_;
  int port_ = 0;
};

// A JSON body in Backlog's error format with one error.
std::string backlog_error_body(int code, const std::string& message);

class DroppingServer {
 public:
  DroppingServer(int drops, std::string answer_body);
  ~DroppingServer();
  DroppingServer(const DroppingServer&) = delete;
  DroppingServer& operator=(const DroppingServer&) = delete;

  std::string url() const;
  int connections() const { return connections_; }  // accepted so far

 private:
  void serve();

  int listen_fd_ = -1;
  int port_ = 0;
  int drops_;
  std::string answer_body_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace backlog::api::testing
