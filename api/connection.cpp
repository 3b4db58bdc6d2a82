// From a Connection to a Client's options, and back from refreshed tokens (see connection.h).
#include <fmt/format.h>

#include <cstdio>
#include <ctime>

#include "api/connection.h"

namespace backlog::api {

namespace {

using Clock = std::chrono::system_clock;

std::string format_utc(Clock::time_point t) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "2024-05-20T10:00:00Z" → a time point; nullopt for anything else ("" included).
std::optional<Clock::time_point> parse_utc(const std::string& text) {
  std::tm tm{};
  char z = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &z) != 7 || z != 'Z')
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return Clock::from_time_t(timegm(&tm));
}

}  // namespace

std::string_view auth_name(Connection::Auth auth) { return auth == Connection::Auth::OAuth ? "oauth" : "apitoken"; }

ClientOptions client_options(const Connection& c) {
  ClientOptions o;
  o.base_url = c.url;
  if (c.auth == Connection::Auth::ApiToken) {
    o.api_key = c.api_key;
    return o;
  }
  if (c.refresh_token.empty() && c.access_token.empty())
    throw ConnectionError("this OAuth connection has no tokens yet: run `backlogsql auth login --profile NAME`");
  o.oauth.client_id = c.client_id;
  o.oauth.client_secret = c.client_secret;
  o.oauth.refresh_token = c.refresh_token;
  o.oauth.access_token = c.access_token;
  if (auto at = parse_utc(c.access_expires_at)) o.oauth.expires_at = *at;
  if (o.oauth.access_token.empty()) {
    // The Client keeps OAuth only with an access token in hand: start with a placeholder
    // that is already expired, so the first request refreshes it.
    o.oauth.access_token = "expired";
    o.oauth.expires_at = Clock::time_point{} + std::chrono::seconds(1);
  }
  return o;
}

void store_tokens(Connection& c, const OAuthTokens& tokens) {
  c.access_token = tokens.access_token;
  if (!tokens.refresh_token.empty()) c.refresh_token = tokens.refresh_token;
  c.access_expires_at = tokens.expires_at == Clock::time_point{} ? "" : format_utc(tokens.expires_at);
}

std::string mask_secret(std::string_view secret) {
  if (secret.empty()) return "";
  // Short secrets show nothing: four characters of an eight-character key is half of it.
  if (secret.size() < 12) return "****";
  return fmt::format("****{}", secret.substr(secret.size() - 4));
}

}  // namespace backlog::api
