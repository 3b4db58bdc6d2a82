// The POST to /api/v2/oauth2/token shared by the code exchange and the refresh, over a
// given Transport (a Client's worker refreshes over its own keep-alive connection).
#pragma once

#include <string_view>

#include "api/client.h"
#include "api/transport.h"

namespace backlog::api {

// Posts `form` and reads {access_token, refresh_token, expires_in}. The result starts as a
// copy of `carry` (client id/secret, on_refresh) with the new token fields set; a missing
// refresh_token in the answer keeps carry's. Throws ApiError (secrets redacted).
OAuthTokens post_token_request(Transport& transport, std::string_view base_url, const Params& form,
                               OAuthTokens carry);

// The form of a grant_type=refresh_token request for `tokens`.
Params refresh_form(const OAuthTokens& tokens);

// base_url without trailing slashes, so base_url + "/api/v2/…" is always well formed.
std::string trim_base_url(std::string_view base_url);

}  // namespace backlog::api
