// HTTP access to one Backlog space (API v2) for one credential.
//
//   api::Client client({.base_url = "https://example.backlog.com", .api_key = key});
//   api::Response r = client.get("/api/v2/issues", {{"projectId[]", "1"}, {"count", "100"}});
//   auto next = client.get_async("/api/v2/issues", {{"offset", "100"}, {"count", "100"}});
//   ... parse r.body while the next page is on the wire ...
//   api::Response r2 = next.get();
//
// Requests of one Client go out one at a time (Nulab asks for serial requests per user);
// get_async() only queues a request so that the network and the caller's parsing overlap.
// `parallel > 1` is an explicit opt-in that still obeys the rate limit.
// Errors are thrown as ApiError; their text never contains the API key or a token.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace backlog::api {

struct Param {
  std::string name;   // e.g. "projectId[]" (repeat the Param for each array value)
  std::string value;  // raw (unencoded) value
};
using Params = std::vector<Param>;

// One traced call. `target` is path + query with secrets redacted.
struct TraceEntry {
  std::string method;
  std::string target;
  long status = 0;          // 0 when no HTTP answer (connection error)
  double ms = 0;
  size_t bytes = 0;         // response body size
  int retries = 0;
  std::string error;        // empty on success
};

struct OAuthTokens {
  std::string access_token;
  std::string refresh_token;
  std::string client_id;
  std::string client_secret;
  std::chrono::system_clock::time_point expires_at{};  // refresh shortly before this
  // Called after an automatic refresh so callers can persist the new tokens.
  std::function<void(const OAuthTokens&)> on_refresh;
};

struct ClientOptions {
  std::string base_url;            // https://SPACE.backlog.com or http://127.0.0.1:PORT
  std::string api_key;             // AuthScheme=APIToken (sent as apiKey=…)
  OAuthTokens oauth;               // AuthScheme=OAuth (used when api_key is empty)
  bool insecure = false;           // skip TLS verification (test servers only)
  int parallel = 1;                // requests in flight at once (1 = serial, the default)
  int max_retries = 5;             // on 5xx, 429, timeouts and dropped connections
  long connect_timeout_ms = 10000;
  long timeout_ms = 120000;
  int requests_per_minute = 0;     // client-side limiter; 0 = follow X-RateLimit-* only
  // Every call, secrets redacted. Runs on a worker thread: keep it quick, and never call
  // this Client from it (with parallel = 1 that would wait for itself).
  std::function<void(const TraceEntry&)> trace;
  // Retry and wait tuning (tests shrink these so faults are cheap to script).
  long retry_base_ms = 500;          // first backoff; doubles per retry, with jitter
  long retry_max_backoff_ms = 30000; // cap of one backoff sleep
  long rate_limit_max_wait_ms = 65000;  // cap of a wait for X-RateLimit-Reset (limits are per minute)
  long refresh_margin_ms = 60000;    // refresh an OAuth token this long before expires_at
  std::string user_agent = "backlogsql/0.1";
  // Dry run (the shell's .explain): every call is traced (status 0, error "dry run: not
  // sent") and fails with ApiError instead of going out. No credentials are needed.
  bool dry_run = false;
};

struct Response {
  long status = 0;
  std::string body;                // JSON text (decompressed)
};

// A failed call: HTTP status, Backlog's error code/message, and what was asked.
class ApiError : public std::runtime_error {
 public:
  ApiError(std::string message, long http_status, int backlog_code)
      : std::runtime_error(std::move(message)), http_status_(http_status), code_(backlog_code) {}
  long http_status() const { return http_status_; }   // 0: no HTTP answer
  int backlog_code() const { return code_; }         // 0: none (not a Backlog error body)
 private:
  long http_status_;
  int code_;
};

// Totals since construction (for summaries and benchmarks).
struct ClientStats {
  long calls = 0;
  long retries = 0;
  size_t bytes = 0;
  long rate_limit_remaining = -1;  // X-RateLimit-Remaining of the last answer (-1: none seen)
};

class Client {
 public:
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // GET path?params. Throws ApiError for a non-2xx answer (after retries).
  Response get(std::string_view path, const Params& params = {});
  // Queues a GET; the future yields the Response or throws ApiError.
  std::future<Response> get_async(std::string path, Params params);
  // Same, and `then` runs on the client's worker with a successful answer just before the
  // future becomes ready. It may queue the next request (a page chain then never waits for
  // a thread hand-off between requests); it must be quick and must not throw.
  std::future<Response> get_async(std::string path, Params params, std::function<void(const Response&)> then);
  // POST/PATCH/DELETE with an application/x-www-form-urlencoded body.
  Response send(std::string_view method, std::string_view path, const Params& form);

  ClientStats stats() const;
  const std::string& base_url() const;
  // Fails every call queued or in flight now, each with an ApiError saying it was
  // cancelled, within about a second (a transfer is stopped from libcurl's progress
  // callback); later calls go out as usual. Async-signal-safe (one atomic increment): a
  // SIGINT handler may call it.
  void abort_requests();
  // A second trace receiver beside ClientOptions::trace, set or cleared at any time (the
  // shell's .trace and progress line); same rules: runs on a worker thread, keep it quick.
  void set_trace_tap(std::function<void(const TraceEntry&)> tap);
  int parallel() const;  // requests this Client sends at once (≥ 1)

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Replaces secret values (apiKey, access_token, refresh_token, client_secret, code,
// Authorization headers) in a URL, query string or message with "***".
std::string redact(std::string_view text);

}  // namespace backlog::api
