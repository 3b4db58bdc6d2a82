// Which failures deserve another attempt, and how long to back off before it.
//
// GET is idempotent, so it is retried on 5xx answers, timeouts and dropped connections.
// POST/PATCH/DELETE are retried only when the server certainly did not act (429), since a
// timeout after sending may mean the change was made. "Connection refused" and DNS
// failures are not retried: they almost always mean a wrong URL, and the user should hear
// so at once instead of after a minute of backoff.
#pragma once

#include <chrono>
#include <string_view>

namespace backlog::api {

// True for HTTP answers worth retrying (5xx other than 501 Not Implemented).
bool is_retryable_status(long status);

// True for libcurl failures (CURLcode) that are transient: timeouts, dropped connections.
bool is_retryable_transport(int curl_code);

// True when the method may be sent twice without harm.
bool is_idempotent(std::string_view method);

// Backoff before retry number `retry` (0 for the first retry): base·2^retry capped at
// `cap`, with "equal jitter" — half fixed, half random — so parallel clients spread out.
// `unit_random` is in [0, 1); pass a real random number (tests pass fixed ones).
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double unit_random);

}  // namespace backlog::api
