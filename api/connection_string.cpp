// CData-style connection strings (see connection.h):
//
//   AuthScheme=APIToken;APIKey=abc;URL=https://x.backlog.com
//   AuthScheme=OAuth;OAuthClientId=id;OAuthClientSecret='s;e''cret';URL=https://x.backlog.com
//
// Parts are separated by ';' and are KEY=VALUE; keys are case-insensitive and blanks around
// keys and values are dropped. A value starting with ' or " runs to the matching quote, so
// it may hold ';' and '='; the quote doubled inside stands for itself (CData's rule).
// Messages name keys and part numbers, never a value: any value may be a secret.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "api/connection.h"

namespace backlog::api {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// One KEY=VALUE part at text[pos...]; advances pos past its ';'.
struct Part {
  std::string key;    // lower case
  std::string name;   // as written, for messages
  std::string value;
};

ConnectionError bad(std::string_view why) { return ConnectionError(fmt::format("connection string: {}", why)); }

Part read_part(std::string_view text, size_t& pos, int number) {
  size_t eq = text.find('=', pos), semi = text.find(';', pos);
  if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq))
    throw bad(fmt::format("part {} is not KEY=VALUE", number));
  Part part;
  part.name = std::string(trim(text.substr(pos, eq - pos)));
  part.key = lower(part.name);
  if (part.key.empty()) throw bad(fmt::format("part {} has no key before '='", number));
  pos = eq + 1;
  while (pos < text.size() && is_blank(text[pos])) ++pos;
  if (pos < text.size() && (text[pos] == '\'' || text[pos] == '"')) {
    const char quote = text[pos++];
    for (;;) {
      if (pos >= text.size()) throw bad(fmt::format("the value of {} has no closing {}", part.key, quote));
      if (text[pos] == quote) {
        if (pos + 1 < text.size() && text[pos + 1] == quote) {  // doubled: a literal quote
          part.value.push_back(quote);
          pos += 2;
          continue;
        }
        ++pos;
        break;
      }
      part.value.push_back(text[pos++]);
    }
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    if (pos < text.size() && text[pos] != ';')
      throw bad(fmt::format("text after the quoted value of {}", part.key));
  } else {
    size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    part.value = std::string(trim(text.substr(pos, end - pos)));
    pos = end;
  }
  if (pos < text.size()) ++pos;  // the ';'
  return part;
}

// The keys we know, in the spelling messages use.
struct Key {
  std::string_view name;
  std::string Connection::*field;  // nullptr: AuthScheme (not a string field)
};
constexpr Key kKeys[] = {
    {"AuthScheme", nullptr},
    {"URL", &Connection::url},
    {"APIKey", &Connection::api_key},
    {"OAuthClientId", &Connection::client_id},
    {"OAuthClientSecret", &Connection::client_secret},
};

}  // namespace

std::string normalize_url(std::string_view url) {
  url = trim(url);
  // Blanks before a trailing '/' too ("https://x.backlog.com \n/"): the result is final.
  while (!url.empty() && (url.back() == '/' || is_blank(url.back()))) url.remove_suffix(1);
  for (std::string_view scheme : {"https://", "http://"})
    if (url.size() > scheme.size() && lower(url.substr(0, scheme.size())) == scheme) return std::string(url);
  throw ConnectionError("the URL must start with https:// (or http:// for a local server), e.g. https://SPACE.backlog.com");
}

Connection parse_connection_string(std::string_view text) {
  Connection c;
  std::string scheme;
  std::vector<std::string> seen;
  size_t pos = 0;
  for (int number = 1; pos < text.size(); ++number) {
    while (pos < text.size() && (is_blank(text[pos]) || text[pos] == ';')) ++pos;  // empty parts
    if (pos >= text.size()) break;
    Part part = read_part(text, pos, number);
    auto key = std::find_if(std::begin(kKeys), std::end(kKeys),
                            [&](const Key& k) { return lower(k.name) == part.key; });
    if (key == std::end(kKeys))
      throw bad(fmt::format("unknown key '{}' (known: AuthScheme, URL, APIKey, OAuthClientId, OAuthClientSecret)",
                            part.name));
    if (std::find(seen.begin(), seen.end(), part.key) != seen.end())
      throw bad(fmt::format("{} is given twice", key->name));
    seen.push_back(part.key);
    if (key->field) c.*(key->field) = std::move(part.value);
    else scheme = lower(part.value);
  }

  if (scheme.empty()) scheme = c.client_id.empty() && c.client_secret.empty() ? "apitoken" : "oauth";
  if (scheme == "apitoken") c.auth = Connection::Auth::ApiToken;
  else if (scheme == "oauth") c.auth = Connection::Auth::OAuth;
  else throw bad("AuthScheme must be APIToken or OAuth");

  if (c.url.empty()) throw bad("URL is missing (URL=https://SPACE.backlog.com)");
  try {
    c.url = normalize_url(c.url);
  } catch (const ConnectionError& e) {
    throw bad(e.what());
  }
  if (c.auth == Connection::Auth::ApiToken) {
    if (c.api_key.empty()) throw bad("APIKey is missing (AuthScheme=APIToken)");
    if (!c.client_id.empty() || !c.client_secret.empty())
      throw bad("OAuthClientId and OAuthClientSecret belong to AuthScheme=OAuth");
  } else {
    if (c.client_id.empty()) throw bad("OAuthClientId is missing (AuthScheme=OAuth)");
    if (c.client_secret.empty()) throw bad("OAuthClientSecret is missing (AuthScheme=OAuth)");
    if (!c.api_key.empty()) throw bad("APIKey belongs to AuthScheme=APIToken");
  }
  return c;
}

}  // namespace backlog::api
