// The one place where ApiError messages are worded, so every failure reads the same:
//   GET /api/v2/issues/PRJ1-999: HTTP 404, Backlog error 6 (No issue.)
//   GET /api/v2/space: cannot connect to http://127.0.0.1:1 (Couldn't connect to server)
// Every message goes through redact(); callers pass targets without the API key anyway.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/client.h"

namespace backlog::api {

// One entry of Backlog's error body {"errors":[{"message":…,"code":…,"moreInfo":…}]}.
struct BacklogError {
  int code = 0;
  std::string message;
  std::string more_info;
};

// The errors of a Backlog error body; empty when the body is not one (HTML, plain text…).
std::vector<BacklogError> parse_backlog_errors(std::string_view body);

// "METHOD target" — the prefix of every message; target is redacted.
std::string describe_call(std::string_view method, std::string_view target);

// A non-2xx answer. `retries` > 0 adds how often we tried before giving up.
ApiError http_error(std::string_view method, std::string_view target, long status,
                    std::string_view body, int retries);

// No HTTP answer: libcurl failed with `curl_code` (a CURLcode) talking to `base_url`.
ApiError transport_error(std::string_view method, std::string_view target,
                         std::string_view base_url, int curl_code, long timeout_ms, int retries);

// A call that could not be made for a reason of our own (client shutting down, …).
ApiError client_error(std::string_view method, std::string_view target, std::string_view why);

}  // namespace backlog::api
