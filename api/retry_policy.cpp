// Retry decisions and backoff (see retry_policy.h).
#include "api/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>

namespace backlog::api {

bool is_retryable_status(long status) { return status >= 500 && status <= 599 && status != 501; }

bool is_retryable_transport(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool is_idempotent(std::string_view method) { return method == "GET" || method == "HEAD"; }

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double unit_random) {
  // Doubling stops once past the cap, so large retry numbers cannot overflow.
  long long full = std::max<long long>(base.count(), 0);
  for (int k = 0; k < retry && full < cap.count(); ++k) full *= 2;
  full = std::min<long long>(full, cap.count());
  unit_random = std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(full / 2 + static_cast<long long>(static_cast<double>(full - full / 2) * unit_random));
}

}  // namespace backlog::api
