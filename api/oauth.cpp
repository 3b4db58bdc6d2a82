// Authorization-code exchange and standalone refresh (see oauth.h).
#include "api/oauth.h"

#include "api/token_endpoint.h"

namespace backlog::api {

namespace {
TransportOptions standalone_options(bool insecure) {
  TransportOptions options;
  options.insecure = insecure;
  options.timeout_ms = 30000;
  options.user_agent = "backlogsql/0.1";
  return options;
}
}  // namespace

OAuthTokens exchange_authorization_code(std::string_view base_url, std::string_view client_id,
                                        std::string_view client_secret, std::string_view code,
                                        std::string_view redirect_uri, bool insecure) {
  Transport transport(standalone_options(insecure), nullptr);
  OAuthTokens carry;
  carry.client_id = client_id;
  carry.client_secret = client_secret;
  return post_token_request(transport, base_url,
                            {{"grant_type", "authorization_code"},
                             {"code", std::string(code)},
                             {"redirect_uri", std::string(redirect_uri)},
                             {"client_id", std::string(client_id)},
                             {"client_secret", std::string(client_secret)}},
                            std::move(carry));
}

OAuthTokens refresh_oauth_tokens(std::string_view base_url, const OAuthTokens& tokens, bool insecure) {
  Transport transport(standalone_options(insecure), nullptr);
  return post_token_request(transport, base_url, refresh_form(tokens), tokens);
}

}  // namespace backlog::api
