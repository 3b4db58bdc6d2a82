// One HTTP exchange over libcurl, nothing more: no retries, no auth decisions, no errors
// thrown for HTTP statuses. A Transport owns one easy handle, i.e. one keep-alive
// connection; each worker thread of a Client has its own.
//
// Settings: HTTP/2 when the server offers it over TLS, gzip/deflate/br accepted
// (decompressed here), TLS verification on unless `insecure`, connect and total timeouts,
// only http/https, no signals (safe in threads).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/curl_handles.h"

namespace backlog::api {

struct TransportOptions {
  bool insecure = false;
  long connect_timeout_ms = 10000;
  long timeout_ms = 120000;       // whole exchange
  std::string user_agent;
};

struct HttpRequest {
  std::string method = "GET";     // GET, POST, PATCH, DELETE
  std::string url;                // full URL incl. query — may hold the API key: never print
  std::string form_body;          // application/x-www-form-urlencoded, for non-GET
  std::vector<std::string> headers;  // extra "Name: value" lines (may hold a token)
  // Polled during the exchange (libcurl's progress callback, at least once a second);
  // true stops it with CURLE_ABORTED_BY_CALLBACK. Empty: never cancelled.
  std::function<bool()> cancelled;
};

struct HttpResult {
  int curl_code = 0;              // CURLE_OK, or why there is no answer
  long status = 0;                // HTTP status (0 without an answer)
  std::string body;               // decompressed
  long rate_remaining = -1;       // X-RateLimit-Remaining, -1 when absent
  long rate_reset = -1;           // X-RateLimit-Reset (epoch seconds), -1 when absent
};

class Transport {
 public:
  // `share` (may be null) must outlive the Transport.
  Transport(const TransportOptions& options, const ConnectionShare* share);

  HttpResult perform(const HttpRequest& request);

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* result);
  static size_t on_header(char* data, size_t size, size_t count, void* result);
  static int on_progress(void* request, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

  CurlEasy easy_;
};

}  // namespace backlog::api
