// Test helper: run a call that must fail and get its ApiError to inspect.
//
//   api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
//   EXPECT_STREQ(e.what(), "GET /api/v2/space: …");
#pragma once

#include <gtest/gtest.h>

#include "api/client.h"

namespace backlog::api::testing {

// Records a test failure (and returns a placeholder error) if `call` does not throw ApiError.
template <class Call>
ApiError api_error_of(Call&& call) {
  try {
    call();
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ApiError, the call succeeded";
  return ApiError("(no error)", -1, -1);
}

}  // namespace backlog::api::testing
