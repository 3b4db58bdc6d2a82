// Keeps a Client's OAuth 2.0 access token fresh, shared by all its workers.
//
// Before a request: if the token expires within the margin, refresh first (so long jobs
// never send a dead token). After a 401 with Backlog error 11 (authentication): refresh
// once — unless another worker already replaced the token that was rejected — and retry.
// After every refresh the owner's on_refresh callback gets the new tokens to persist them.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "api/client.h"
#include "api/transport.h"

namespace backlog::api {

class TokenKeeper {
 public:
  TokenKeeper(OAuthTokens tokens, std::string base_url, std::chrono::milliseconds margin);

  // "Authorization: Bearer …" for the next request, refreshing first when due.
  std::string authorization_header(Transport& transport);

  // The server rejected a request sent with `rejected_header`: make sure a newer token
  // exists (refreshing if nobody did yet). Returns false when refreshing is impossible
  // (no refresh token / client id), so the caller reports the 401.
  bool renew_after_rejection(Transport& transport, const std::string& rejected_header);

 private:
  void refresh_locked(Transport& transport);   // caller holds mu_
  std::string header_locked() const;

  std::mutex mu_;  // held during a refresh: other workers wait for the new token
  OAuthTokens tokens_;
  std::string base_url_;
  std::chrono::milliseconds margin_;
};

}  // namespace backlog::api
