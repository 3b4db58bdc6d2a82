// OAuth 2.0 with Backlog: exchanging an authorization code for tokens and refreshing them.
// Both POST form-encoded parameters to {base_url}/api/v2/oauth2/token. A Client with
// `oauth` tokens refreshes by itself (see token_keeper.h); these functions are for the
// login flow (shell/jobs) and for refreshing outside a Client.
//
//   api::OAuthTokens t = api::exchange_authorization_code(
//       "https://space.backlog.com", client_id, client_secret, code, "http://localhost:8910/cb");
//   api::Client client({.base_url = "https://space.backlog.com", .oauth = t});
#pragma once

#include <string_view>

#include "api/client.h"

namespace backlog::api {

// grant_type=authorization_code. The returned tokens carry client_id/client_secret so a
// Client can refresh them later. Throws ApiError (without secrets) on failure.
OAuthTokens exchange_authorization_code(std::string_view base_url, std::string_view client_id,
                                        std::string_view client_secret, std::string_view code,
                                        std::string_view redirect_uri, bool insecure = false);

// grant_type=refresh_token with tokens.client_id/client_secret/refresh_token. Returns the
// new tokens (on_refresh is copied over, not called). Throws ApiError on failure.
OAuthTokens refresh_oauth_tokens(std::string_view base_url, const OAuthTokens& tokens,
                                 bool insecure = false);

}  // namespace backlog::api
