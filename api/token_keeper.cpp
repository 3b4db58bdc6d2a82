// OAuth token refresh for a Client (see token_keeper.h).
#include "api/token_keeper.h"

#include "api/token_endpoint.h"

namespace backlog::api {

TokenKeeper::TokenKeeper(OAuthTokens tokens, std::string base_url, std::chrono::milliseconds margin)
    : tokens_(std::move(tokens)), base_url_(std::move(base_url)), margin_(margin) {}

std::string TokenKeeper::authorization_header(Transport& transport) {
  std::lock_guard lock(mu_);
  // expires_at left at its default means "unknown": rely on the 401 path alone.
  bool known = tokens_.expires_at != std::chrono::system_clock::time_point{};
  if (known && !tokens_.refresh_token.empty() &&
      std::chrono::system_clock::now() + margin_ >= tokens_.expires_at)
    refresh_locked(transport);
  return header_locked();
}

bool TokenKeeper::renew_after_rejection(Transport& transport, const std::string& rejected_header) {
  std::lock_guard lock(mu_);
  if (header_locked() != rejected_header) return true;  // another worker refreshed meanwhile
  if (tokens_.refresh_token.empty() || tokens_.client_id.empty()) return false;
  refresh_locked(transport);
  return true;
}

void TokenKeeper::refresh_locked(Transport& transport) {
  tokens_ = post_token_request(transport, base_url_, refresh_form(tokens_), tokens_);
  if (tokens_.on_refresh) tokens_.on_refresh(tokens_);
}

std::string TokenKeeper::header_locked() const { return "Authorization: Bearer " + tokens_.access_token; }

}  // namespace backlog::api
