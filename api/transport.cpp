// A single HTTP exchange with libcurl (see transport.h).
#include "api/transport.h"

#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace backlog::api {

namespace {

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t k = 0; k < name.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(line[k])) != std::tolower(static_cast<unsigned char>(name[k])))
      return false;
  }
  return true;
}

long header_number(std::string_view line) {
  std::string value(line.substr(line.find(':') + 1));
  char* end = nullptr;
  long n = std::strtol(value.c_str(), &end, 10);
  return end == value.c_str() ? -1 : n;
}

}  // namespace

Transport::Transport(const TransportOptions& options, const ConnectionShare* share) {
  ensure_curl_initialized();
  easy_.reset(curl_easy_init());
  if (!easy_) throw std::runtime_error("curl_easy_init failed");
  CURL* h = easy_.get();
  if (share != nullptr) curl_easy_setopt(h, CURLOPT_SHARE, share->handle());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.timeout_ms);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
  if (!options.user_agent.empty()) curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transport::on_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transport::on_header);
}

HttpResult Transport::perform(const HttpRequest& request) {
  CURL* h = easy_.get();
  HttpResult result;
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &result);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &result);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());

  // The handle is reused: every request sets its method from scratch.
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.form_body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.form_body.size()));
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method == "POST" ? nullptr : request.method.c_str());
  }

  CurlSlist headers;
  auto add_header = [&headers](const char* line) {
    curl_slist* next = curl_slist_append(headers.get(), line);
    if (next == nullptr) throw std::bad_alloc();
    (void)headers.release();
    headers.reset(next);
  };
  add_header("Accept: application/json");
  add_header("Expect:");  // no 100-continue round trip for form bodies
  if (request.method != "GET") add_header("Content-Type: application/x-www-form-urlencoded");
  for (const std::string& line : request.headers) add_header(line.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, request.cancelled ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, request.cancelled ? &Transport::on_progress : nullptr);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &request);

  result.curl_code = curl_easy_perform(h);
  if (result.curl_code == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);  // `headers` dies with this scope
  if (result.curl_code != CURLE_OK) result.body.clear();
  return result;
}

// libcurl callback (C): must not throw.
size_t Transport::on_body(char* data, size_t size, size_t count, void* result) {
  try {
    static_cast<HttpResult*>(result)->body.append(data, size * count);
    return size * count;
  } catch (...) {
    return 0;  // makes libcurl fail the transfer with CURLE_WRITE_ERROR
  }
}

// libcurl callback (C): must not throw. Called once per header line, for every response
// of the exchange (e.g. a 100 Continue before the real one), so a status line resets.
size_t Transport::on_header(char* data, size_t size, size_t count, void* result) {
  try {
    auto* r = static_cast<HttpResult*>(result);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
      r->rate_remaining = r->rate_reset = -1;
    } else if (header_is(line, "X-RateLimit-Remaining")) {
      r->rate_remaining = header_number(line);
    } else if (header_is(line, "X-RateLimit-Reset")) {
      r->rate_reset = header_number(line);
    } else if (header_is(line, "Content-Length")) {
      // One allocation for the body instead of a doubling series of copies (pages of
      // issues are a few hundred KB). Compressed bodies grow past it, which is fine.
      long n = header_number(line);
      if (n > 0 && n < (64L << 20)) r->body.reserve(static_cast<size_t>(n));
    }
    return size * count;
  } catch (...) {
    return 0;
  }
}

// libcurl callback (C): non-zero aborts the transfer.
int Transport::on_progress(void* request, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  try {
    return static_cast<const HttpRequest*>(request)->cancelled() ? 1 : 0;
  } catch (...) {
    return 1;
  }
}

}  // namespace backlog::api
