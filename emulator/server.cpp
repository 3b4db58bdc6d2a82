// Request handling pipeline (see server.h).
#include "server.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "api_error.h"
#include "generator.h"

namespace backlog::emulator {

std::string error_body(int code, const std::string& message) {
  JsonDoc doc;
  auto& w = doc.w;
  w.StartObject();
  key(w, "errors");
  w.StartArray();
  w.StartObject();
  str(w, "message", message);
  num(w, "code", code);
  str(w, "moreInfo", "");
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return doc.str();
}

static Reply error_reply(int status, int code, const std::string& message) {
  Reply r;
  r.status = status;
  r.body = error_body(code, message);
  return r;
}

Emulator::Emulator(const Options& o)
    : options_(o),
      data_(generate_dataset(o)),
      log_(o.log_path),
      limiter_(o.rate_limit),
      faults_(o.seed, o.fail_rate),
      oauth_(o.client_id, o.client_secret, o.token_ttl) {
  add_oauth_routes(router_);
  add_space_routes(router_);
  add_user_routes(router_);
  add_project_routes(router_);
  add_issue_write_routes(router_);
  add_issue_routes(router_);
  add_comment_routes(router_);
  add_wiki_write_routes(router_);
  add_wiki_routes(router_);
  add_git_routes(router_);
  auto h = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server_.Get(".*", h);
  server_.Post(".*", h);
  server_.Patch(".*", h);
  server_.Delete(".*", h);
  server_.Put(".*", h);
  server_.set_keep_alive_max_count(1000);
  // httplib gives each connection a pool thread for as long as it is kept alive; the default
  // pool (8 threads here) would let a few idle keep-alive clients stall everyone else.
  server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle holds the body
  // until the client's delayed ACK (~40 ms per request on loopback).
  server_.set_tcp_nodelay(true);
}

int Emulator::bind() {
  if (options_.port == 0) return server_.bind_to_any_port("127.0.0.1");
  return server_.bind_to_port("127.0.0.1", options_.port) ? options_.port : -1;
}

void Emulator::listen() { server_.listen_after_bind(); }

bool Emulator::authenticate(const httplib::Request& req, const Params& query, Reply& failure) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    switch (oauth_.check(auth.substr(7), now_millis())) {
      case TokenCheck::Valid: return true;
      case TokenCheck::Expired:
        failure = error_reply(401, kAuthenticationError, "Authentication failure: the access token has expired.");
        failure.headers.push_back({"WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The access token expired\""});
        return false;
      case TokenCheck::Unknown:
        failure = error_reply(401, kAuthenticationError, "Authentication failure: unknown access token.");
        failure.headers.push_back({"WWW-Authenticate", "Bearer error=\"invalid_token\""});
        return false;
    }
  }
  auto key = query.get("apiKey");
  if (key && *key == options_.api_key) return true;
  failure = error_reply(401, kAuthenticationError, "Authentication failure.");
  failure.headers.push_back({"WWW-Authenticate", "Bearer error=\"invalid_request\""});
  return false;
}

Reply Emulator::respond(const httplib::Request& req, const Params& query, RateWindow& window, bool& drop) {
  const bool api = req.path.rfind("/api/v2/", 0) == 0;
  window = limiter_.peek(now_epoch());
  if (api) {
    switch (faults_.next()) {
      case Fault::None: break;
      case Fault::Status500: return error_reply(500, kInternalError, "Internal server error (injected).");
      case Fault::Status503: return error_reply(503, kInternalError, "Service unavailable (injected).");
      case Fault::Drop: drop = true; return Reply{0, "", "", {}};
    }
  }
  std::vector<std::string> args;
  bool path_known = false;
  const Handler* handler = router_.match(req.method, req.path, args, path_known);
  const bool public_route = !api || req.path == "/api/v2/oauth2/token";
  if (!public_route) {
    Reply failure;
    if (!authenticate(req, query, failure)) return failure;
    window = limiter_.take(now_epoch());
    if (!window.allowed) return error_reply(429, kTooManyRequests, "Too many requests: the rate limit is exceeded.");
  }
  if (!handler)
    return path_known ? error_reply(405, kInvalidRequest, "Method not allowed: " + req.method + " " + req.path + ".")
                      : error_reply(404, kNoResource, "No such API: " + req.path + ".");
  const std::string content_type = req.get_header_value("Content-Type");
  const Params form = content_type.rfind("application/x-www-form-urlencoded", 0) == 0 || content_type.empty()
                          ? Params::parse(req.body) : Params();
  Call call{req, query, form, std::move(args), data_, 1, window, &oauth_};
  try {
    if (req.method == "GET") {
      std::shared_lock lock(data_mutex_);
      return (*handler)(call);
    }
    std::unique_lock lock(data_mutex_);
    return (*handler)(call);
  } catch (const ApiError& e) {
    return error_reply(e.status, e.code, e.what());
  } catch (const std::exception& e) {
    return error_reply(500, kInternalError, std::string("Internal error: ") + e.what());
  }
}

void Emulator::handle(const httplib::Request& req, httplib::Response& res) {
  const auto t0 = std::chrono::steady_clock::now();
  // Requests being handled at once, this one included: shows a client's concurrency.
  const int in_flight = ++in_flight_;
  struct Leave { std::atomic<int>& n; ~Leave() { --n; } } leave{in_flight_};
  if (options_.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options_.latency_ms));
  const size_t q = req.target.find('?');
  const Params query = Params::parse(q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1));
  RateWindow window{};
  bool drop = false;
  Reply reply = respond(req, query, window, drop);

  res.set_header("X-RateLimit-Limit", std::to_string(window.limit));
  res.set_header("X-RateLimit-Remaining", std::to_string(window.remaining));
  res.set_header("X-RateLimit-Reset", std::to_string(window.reset));
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  log_.write(req.method, log_target(req.path, query), drop ? 0 : reply.status, reply.body.size(), ms, in_flight);
  if (drop) {
    // A dropped connection: announce a body, then fail the provider so httplib closes the
    // socket before sending any of it. Clients see a truncated transfer.
    res.status = 500;
    res.set_content_provider(
        64, "application/json", [](size_t, size_t, httplib::DataSink&) { return false; });
    return;
  }
  res.status = reply.status;
  if (!reply.content_type.empty()) res.set_content(reply.body, reply.content_type.c_str());
}

}  // namespace backlog::emulator
