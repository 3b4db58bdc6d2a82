// api::Client: a queue of calls served by `parallel` worker threads (1 by default), each
// with its own keep-alive connection; every call goes through the rate limiter, gets
// auth, is retried per retry_policy.h, traced, and counted. See client.h for the contract.
//
// How one call runs (Client::State::run):
//   1. wait for the limiter (X-RateLimit-* holds, requests_per_minute spacing);
//   2. send with apiKey in the query or an OAuth bearer header (refreshed when due);
//   3. 2xx → done; 401 + Backlog error 11 with OAuth → refresh once and resend;
//      429 → hold the limiter until X-RateLimit-Reset and resend; 5xx, timeout or dropped
//      connection on a GET → back off (exponential + jitter) and resend; else → ApiError.
//   The trace entry and stats are written once per call, with the number of retries.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <optional>
#include <random>
#include <thread>

#include "api/client.h"
#include "api/curl_handles.h"
#include "api/errors.h"
#include "api/rate_limiter.h"
#include "api/retry_policy.h"
#include "api/token_endpoint.h"
#include "api/token_keeper.h"
#include "api/transport.h"
#include "api/url.h"

namespace backlog::api {

namespace {

using std::chrono::milliseconds;

// One queued call.
struct Call {
  std::string method;            // GET, POST, PATCH, DELETE
  std::string path;              // /api/v2/…
  Params params;                 // query for GET, form body otherwise
  std::promise<Response> result;
  std::function<void(const Response&)> then;  // on the worker, before `result` is ready
  uint64_t generation = 0;       // abort_requests() generation when queued
};

// Thrown inside a worker when the Client is destroyed during a wait.
struct ShuttingDown {};
// Thrown inside a worker when abort_requests() was called after the call was queued.
struct Cancelled {};

// The generation of the call whose `then` runs on this thread: a call queued from there
// belongs to the same statement and is cancelled with it.
thread_local const void* then_state = nullptr;
thread_local uint64_t then_generation = 0;

}  // namespace

struct Client::State {
  explicit State(ClientOptions o);

  std::future<Response> enqueue(Call call);
  void worker();
  Response run(Transport& transport, const Call& call);
  Response attempt_loop(Transport& transport, const Call& call, const std::string& target, int& retries,
                        long& last_status);
  // Sleeps unless the client is closing (throws ShuttingDown) or the call is cancelled
  // (throws Cancelled).
  void wait(milliseconds delay, uint64_t generation);
  bool cancelled(uint64_t generation) const { return abort_generation.load() != generation; }
  void record(const Call& call, const std::string& target, long status, size_t bytes, int retries,
              std::chrono::steady_clock::time_point started, const std::string& error);

  ClientOptions options;
  std::string base_url;            // without trailing slash
  TransportOptions transport_options;
  ConnectionShare share;           // declared before the workers: outlives their handles
  RateLimiter limiter;
  std::optional<TokenKeeper> tokens;

  std::mutex mu;                   // guards queue, closing, stats
  std::condition_variable wake;    // idle workers: a call was queued, or closing
  std::condition_variable closed;  // workers sleeping in wait(): closing
  std::deque<Call> queue;
  bool closing = false;
  ClientStats totals;
  std::vector<std::thread> workers;
  std::atomic<uint64_t> abort_generation{0};  // bumped by abort_requests()
  static_assert(std::atomic<uint64_t>::is_always_lock_free);  // so a signal handler may bump it
  std::shared_ptr<const std::function<void(const TraceEntry&)>> tap;  // guarded by mu
};

Client::State::State(ClientOptions o)
    : options(std::move(o)),
      base_url(trim_base_url(options.base_url)),
      limiter(options.requests_per_minute, milliseconds(options.rate_limit_max_wait_ms)) {
  transport_options = {.insecure = options.insecure,
                       .connect_timeout_ms = options.connect_timeout_ms,
                       .timeout_ms = options.timeout_ms,
                       .user_agent = options.user_agent};
  if (options.api_key.empty() && !options.oauth.access_token.empty())
    tokens.emplace(options.oauth, base_url, milliseconds(options.refresh_margin_ms));
}

std::future<Response> Client::State::enqueue(Call call) {
  std::future<Response> future = call.result.get_future();
  call.generation = then_state == this ? then_generation : abort_generation.load();
  {
    std::lock_guard lock(mu);
    queue.push_back(std::move(call));
  }
  wake.notify_one();
  return future;
}

void Client::State::worker() {
  Transport transport(transport_options, &share);
  for (;;) {
    Call call;
    {
      std::unique_lock lock(mu);
      wake.wait(lock, [this] { return closing || !queue.empty(); });
      if (closing) return;  // the destructor fails what is still queued
      call = std::move(queue.front());
      queue.pop_front();
    }
    try {
      Response response = run(transport, call);
      if (call.then) {  // may queue the next call: no hand-off in between
        then_state = this;
        then_generation = call.generation;
        call.then(response);
        then_state = nullptr;
      }
      call.result.set_value(std::move(response));
    } catch (...) {
      then_state = nullptr;
      call.result.set_exception(std::current_exception());
    }
  }
}

Response Client::State::run(Transport& transport, const Call& call) {
  // What we print: the caller's path and GET parameters, never the API key.
  std::string target = redact(append_query(call.path, call.method == "GET" ? encode_query(call.params) : ""));
  auto started = std::chrono::steady_clock::now();
  int retries = 0;
  long status = 0;
  if (options.dry_run) {
    ApiError e = client_error(call.method, target, "dry run: not sent");
    record(call, target, 0, 0, 0, started, e.what());
    throw e;
  }
  try {
    if (cancelled(call.generation)) throw Cancelled{};
    Response response = attempt_loop(transport, call, target, retries, status);
    record(call, target, response.status, response.body.size(), retries, started, "");
    return response;
  } catch (const ApiError& e) {
    record(call, target, status, 0, retries, started, e.what());
    throw;
  } catch (const ShuttingDown&) {
    ApiError e = client_error(call.method, target, "the client was closed before an answer arrived");
    record(call, target, status, 0, retries, started, e.what());
    throw e;
  } catch (const Cancelled&) {
    ApiError e = client_error(call.method, target, "cancelled");
    record(call, target, status, 0, retries, started, e.what());
    throw e;
  }
}

Response Client::State::attempt_loop(Transport& transport, const Call& call, const std::string& target,
                                     int& retries, long& last_status) {
  const bool get = call.method == "GET";                 // parameters go in the query
  const bool idempotent = is_idempotent(call.method);    // safe to send twice
  Params query = get ? call.params : Params{};
  if (!options.api_key.empty()) query.push_back({"apiKey", options.api_key});
  HttpRequest request;
  request.method = call.method;
  request.url = base_url + append_query(call.path, encode_query(query));
  if (!get) request.form_body = encode_query(call.params);
  request.cancelled = [this, generation = call.generation] { return cancelled(generation); };

  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto backoff = [&] {
    return backoff_delay(retries, milliseconds(options.retry_base_ms), milliseconds(options.retry_max_backoff_ms),
                         unit(random));
  };
  bool renewed_token = false;

  for (;;) {
    wait(limiter.reserve(std::chrono::system_clock::now()), call.generation);
    request.headers.clear();
    if (tokens) request.headers.push_back(tokens->authorization_header(transport));

    HttpResult result = transport.perform(request);
    last_status = result.status;
    if (result.curl_code == CURLE_ABORTED_BY_CALLBACK) throw Cancelled{};
    if (result.rate_remaining >= 0) {
      std::lock_guard lock(mu);
      totals.rate_limit_remaining = result.rate_remaining;
    }
    limiter.observe(result.rate_remaining, result.rate_reset, std::chrono::system_clock::now());
    const bool may_retry = retries < options.max_retries;

    if (result.curl_code != CURLE_OK) {
      if (idempotent && may_retry && is_retryable_transport(result.curl_code)) {
        wait(backoff(), call.generation);
        ++retries;
        continue;
      }
      throw transport_error(call.method, target, base_url, result.curl_code, options.timeout_ms, retries);
    }
    if (result.status >= 200 && result.status <= 299) return Response{result.status, std::move(result.body)};

    if (result.status == 401 && tokens && !renewed_token) {
      auto errors = parse_backlog_errors(result.body);
      if (!errors.empty() && errors.front().code == 11 &&
          tokens->renew_after_rejection(transport, request.headers.front())) {
        renewed_token = true;  // once: a fresh token refused again is a real 401
        ++retries;
        continue;
      }
    }
    if (result.status == 429 && may_retry) {
      limiter.hold_after_429(result.rate_reset, std::chrono::system_clock::now(), backoff());
      ++retries;
      continue;
    }
    if (idempotent && may_retry && is_retryable_status(result.status)) {
      wait(backoff(), call.generation);
      ++retries;
      continue;
    }
    throw http_error(call.method, target, result.status, result.body, retries);
  }
}

void Client::State::wait(milliseconds delay, uint64_t generation) {
  // abort_requests() cannot notify (it may run in a signal handler): look every 100 ms.
  auto until = std::chrono::steady_clock::now() + delay;
  std::unique_lock lock(mu);
  while (std::chrono::steady_clock::now() < until) {
    if (cancelled(generation)) throw Cancelled{};
    auto slice = std::min<std::chrono::steady_clock::duration>(until - std::chrono::steady_clock::now(),
                                                              milliseconds(100));
    if (closed.wait_for(lock, slice, [this] { return closing; })) throw ShuttingDown{};
  }
}

void Client::State::record(const Call& call, const std::string& target, long status, size_t bytes, int retries,
                           std::chrono::steady_clock::time_point started, const std::string& error) {
  {
    std::lock_guard lock(mu);
    totals.calls += 1;
    totals.retries += retries;
    totals.bytes += bytes;
  }
  std::shared_ptr<const std::function<void(const TraceEntry&)>> tap_now;
  {
    std::lock_guard lock(mu);
    tap_now = tap;
  }
  if (!options.trace && !tap_now) return;
  TraceEntry entry;
  entry.method = call.method;
  entry.target = target;
  entry.status = status;
  entry.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  entry.bytes = bytes;
  entry.retries = retries;
  entry.error = redact(error);
  if (options.trace) options.trace(entry);
  if (tap_now) (*tap_now)(entry);
}

Client::Client(ClientOptions options) : state_(std::make_unique<State>(std::move(options))) {
  int n = std::max(1, state_->options.parallel);
  for (int k = 0; k < n; ++k) state_->workers.emplace_back([s = state_.get()] { s->worker(); });
}

Client::~Client() {
  {
    std::lock_guard lock(state_->mu);
    state_->closing = true;
  }
  state_->wake.notify_all();
  state_->closed.notify_all();
  for (std::thread& t : state_->workers) t.join();
  for (Call& call : state_->queue) {
    call.result.set_exception(std::make_exception_ptr(
        client_error(call.method, call.path, "the client was closed before the request was sent")));
  }
}

Response Client::get(std::string_view path, const Params& params) {
  return get_async(std::string(path), params).get();
}

std::future<Response> Client::get_async(std::string path, Params params) {
  return state_->enqueue({"GET", std::move(path), std::move(params), {}, {}});
}

std::future<Response> Client::get_async(std::string path, Params params,
                                        std::function<void(const Response&)> then) {
  return state_->enqueue({"GET", std::move(path), std::move(params), {}, std::move(then)});
}

Response Client::send(std::string_view method, std::string_view path, const Params& form) {
  // Queued like GETs, so writes also go out one at a time per credential.
  return state_->enqueue({std::string(method), std::string(path), form, {}, {}}).get();
}

ClientStats Client::stats() const {
  std::lock_guard lock(state_->mu);
  return state_->totals;
}

const std::string& Client::base_url() const { return state_->base_url; }

int Client::parallel() const { return static_cast<int>(state_->workers.size()); }

void Client::abort_requests() { state_->abort_generation.fetch_add(1); }

void Client::set_trace_tap(std::function<void(const TraceEntry&)> tap) {
  auto next = tap ? std::make_shared<const std::function<void(const TraceEntry&)>>(std::move(tap)) : nullptr;
  std::lock_guard lock(state_->mu);
  state_->tap = std::move(next);
}

}  // namespace backlog::api
