// Test servers for api/ (see local_server.h).
#include "local_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace backlog::api::testing {

ClientOptions fast_options(const std::string& url, const std::string& api_key) {
  ClientOptions o;
  o.base_url = url;
  o.api_key = api_key;
  o.max_retries = 3;
  o.retry_base_ms = 5;
  o.retry_max_backoff_ms = 20;
  o.connect_timeout_ms = 2000;
  o.timeout_ms = 5000;
  return o;
}

SelfSignedCert::SelfSignedCert() {
  char pattern[] = "/tmp/api-tls-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  std::string command = fmt::format(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout {}/key.pem -out {}/cert.pem 2>/dev/null",
      dir_, dir_);
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a test certificate");
}

SelfSignedCert::~SelfSignedCert() {
  std::remove(key_path().c_str());
  std::remove(cert_path().c_str());
  ::rmdir(dir_.c_str());
}

LocalServer::LocalServer() : server_(std::make_unique<httplib::Server>()) {
  // httplib closes keep-alive connections after 5 requests by default; tests count connections.
  server_->set_keep_alive_max_count(1000);
}

LocalServer::LocalServer(const SelfSignedCert& tls)
    : server_(std::make_unique<httplib::SSLServer>(tls.cert_path().c_str(), tls.key_path().c_str())),
      scheme_("https") {
  if (!server_->is_valid()) throw std::runtime_error("httplib rejected the test certificate");
  server_->set_keep_alive_max_count(1000);
}

LocalServer::~LocalServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void LocalServer::start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind a test server on 127.0.0.1");
  // The socket already listens: connections made before the accept loop runs just queue.
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

std::string LocalServer::url() const { return fmt::format("{}://127.0.0.1:{}", scheme_, port_); }

std::string backlog_error_body(int code, const std::string& message) {
  return fmt::format(R"({{"errors":[{{"message":"{}","code":{},"moreInfo":""}}]}})", message, code);
}

DroppingServer::DroppingServer(int drops, std::string answer_body)
    : drops_(drops), answer_body_(std::move(answer_body)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot listen on 127.0.0.1");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

DroppingServer::~DroppingServer() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

std::string DroppingServer::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

void DroppingServer::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;  // short timeout: notice stop_ promptly
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    int n = ++connections_;
    // Read the request head (GETs have no body).
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t got = ::recv(fd, buf, sizeof buf, 0);
      if (got <= 0) break;
      request.append(buf, static_cast<size_t>(got));
    }
    if (n > drops_) {
      std::string answer = fmt::format(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
          answer_body_.size(), answer_body_);
      (void)!::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
    ::close(fd);
  }
}

}  // namespace backlog::api::testing
