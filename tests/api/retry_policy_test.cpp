// What is retried and how long the backoff is.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "api/retry_policy.h"

namespace api = backlog::api;
using std::chrono::milliseconds;

TEST(RetryPolicy, RetriesServerErrorsButNotClientErrors) {
  for (long s : {500L, 502L, 503L, 504L, 599L}) EXPECT_TRUE(api::is_retryable_status(s)) << s;
  for (long s : {200L, 400L, 401L, 404L, 429L, 501L}) EXPECT_FALSE(api::is_retryable_status(s)) << s;
}

TEST(RetryPolicy, RetriesTransientTransportFailuresOnly) {
  for (CURLcode c : {CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR})
    EXPECT_TRUE(api::is_retryable_transport(c)) << c;
  for (CURLcode c : {CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_PEER_FAILED_VERIFICATION, CURLE_URL_MALFORMAT})
    EXPECT_FALSE(api::is_retryable_transport(c)) << c;
}

TEST(RetryPolicy, OnlyReadsAreIdempotent) {
  EXPECT_TRUE(api::is_idempotent("GET"));
  EXPECT_FALSE(api::is_idempotent("POST"));
  EXPECT_FALSE(api::is_idempotent("PATCH"));
  EXPECT_FALSE(api::is_idempotent("DELETE"));
}

TEST(RetryPolicy, BackoffDoublesWithEqualJitterAndIsCapped) {
  const milliseconds base(100), cap(1000);
  EXPECT_EQ(api::backoff_delay(0, base, cap, 0.0), milliseconds(50));
  EXPECT_EQ(api::backoff_delay(0, base, cap, 1.0), milliseconds(100));
  EXPECT_EQ(api::backoff_delay(1, base, cap, 0.0), milliseconds(100));
  EXPECT_EQ(api::backoff_delay(2, base, cap, 0.5), milliseconds(300));
  EXPECT_EQ(api::backoff_delay(3, base, cap, 1.0), milliseconds(800));
  EXPECT_EQ(api::backoff_delay(4, base, cap, 1.0), milliseconds(1000));   // capped
  EXPECT_EQ(api::backoff_delay(200, base, cap, 0.0), milliseconds(500));  // no overflow
  EXPECT_EQ(api::backoff_delay(3, milliseconds(0), cap, 1.0), milliseconds(0));
}
