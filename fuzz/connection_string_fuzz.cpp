// libFuzzer target: CData-style connection strings (api/connection_string.cpp).
//
// Input: any text, given to parse_connection_string(). Invariants beyond "no crash, no
// sanitizer report, nothing thrown but ConnectionError":
//   - a parsed URL is normalized: http(s)://…, no trailing '/', normalize_url() leaves it;
//   - the credentials match the scheme (API key for APIToken, client id and secret for
//     OAuth);
//   - messages never hold a secret: the same text with an unknown key appended is refused,
//     and that message contains none of the secrets the text parsed to.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/connection.h"

namespace {

[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "connection string invariant broken: %s\n", what.c_str());
  std::abort();
}

// The words of the message for an unknown key: a secret that happens to be one of them
// ("Auth", "known") is not a leak.
constexpr std::string_view kMessageWords =
    "connection string: unknown key 'FuzzUnknownKey' (known: AuthScheme, URL, APIKey, OAuthClientId, "
    "OAuthClientSecret)";

// Whether `message` quotes `secret` (long enough not to match by chance).
bool appears(std::string_view message, const std::string& secret) {
  return secret.size() >= 4 && message.find(secret) != std::string_view::npos &&
         kMessageWords.find(secret) == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using backlog::api::Connection;
  using backlog::api::ConnectionError;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Connection c;
  try {
    c = backlog::api::parse_connection_string(text);
  } catch (const ConnectionError&) {
    return 0;
  }

  if (c.url.empty() || c.url.back() == '/') broken("URL not normalized");
  try {
    if (backlog::api::normalize_url(c.url) != c.url) broken("normalize_url() changes a parsed URL");
  } catch (const ConnectionError&) {
    broken("a parsed URL is refused by normalize_url()");
  }
  if (c.auth == Connection::Auth::ApiToken ? c.api_key.empty() : (c.client_id.empty() || c.client_secret.empty()))
    broken("accepted without the credentials of its AuthScheme");

  // A later error must not quote what came before it.
  try {
    backlog::api::parse_connection_string(text + ";FuzzUnknownKey=1");
    broken("an unknown key was accepted");
  } catch (const ConnectionError& e) {
    const std::string_view message = e.what();
    if (appears(message, c.api_key) || appears(message, c.client_secret))
      broken("an error message holds a secret of the connection string");
  }
  return 0;
}
