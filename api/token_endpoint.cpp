// Calls Backlog's OAuth 2.0 token endpoint (see token_endpoint.h).
#include "api/token_endpoint.h"

#include <rapidjson/document.h>

#include "api/errors.h"
#include "api/url.h"

namespace backlog::api {

namespace {
constexpr std::string_view kTokenPath = "/api/v2/oauth2/token";
}

std::string trim_base_url(std::string_view base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url);
}

Params refresh_form(const OAuthTokens& tokens) {
  return {{"grant_type", "refresh_token"},
          {"client_id", tokens.client_id},
          {"client_secret", tokens.client_secret},
          {"refresh_token", tokens.refresh_token}};
}

OAuthTokens post_token_request(Transport& transport, std::string_view base_url, const Params& form,
                               OAuthTokens carry) {
  HttpRequest request;
  request.method = "POST";
  request.url = trim_base_url(base_url) + std::string(kTokenPath);
  request.form_body = encode_query(form);
  HttpResult result = transport.perform(request);
  if (result.curl_code != 0) throw transport_error("POST", kTokenPath, base_url, result.curl_code, 0, 0);
  if (result.status < 200 || result.status > 299)
    throw http_error("POST", kTokenPath, result.status, result.body, 0);

  rapidjson::Document doc;
  doc.Parse(result.body.data(), result.body.size());
  auto text = [&doc](const char* name) -> std::string {
    auto m = doc.FindMember(name);
    return m != doc.MemberEnd() && m->value.IsString() ? m->value.GetString() : std::string();
  };
  if (doc.HasParseError() || !doc.IsObject() || text("access_token").empty())
    throw client_error("POST", kTokenPath, "the token answer has no access_token");

  carry.access_token = text("access_token");
  if (std::string refresh = text("refresh_token"); !refresh.empty()) carry.refresh_token = refresh;
  carry.expires_at = {};
  if (auto m = doc.FindMember("expires_in"); m != doc.MemberEnd() && m->value.IsNumber())
    carry.expires_at = std::chrono::system_clock::now() +
                       std::chrono::seconds(static_cast<long long>(m->value.GetDouble()));
  return carry;
}

}  // namespace backlog::api
