// Backlog's error responses: an HTTP status plus
//   {"errors":[{"message":"…","code":N,"moreInfo":""}]}
// Handlers throw ApiError; the router's wrapper turns it into that body. Exceptions never
// leave the handler wrapper (httplib only ever sees a filled Response).
#pragma once

#include <stdexcept>
#include <string>

namespace backlog::emulator {

// Backlog's error codes (API reference, "Error Response").
enum ErrorCode {
  kInternalError = 1, kUnauthorizedOperation = 5, kNoResource = 6, kInvalidRequest = 7,
  kAuthenticationError = 11, kTooManyRequests = 13,
};

struct ApiError : std::runtime_error {
  ApiError(int status, int code, const std::string& message)
      : std::runtime_error(message), status(status), code(code) {}
  int status;
  int code;
};

inline ApiError bad_parameter(const std::string& message) { return ApiError(400, kInvalidRequest, message); }
inline ApiError no_resource(const std::string& what) { return ApiError(404, kNoResource, "No " + what + "."); }

std::string error_body(int code, const std::string& message);

}  // namespace backlog::emulator
