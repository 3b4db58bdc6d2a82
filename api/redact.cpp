// redact(): removes secret values from anything we might print — URLs, query strings, form
// bodies, JSON token answers, header dumps, curl messages. It is the last line of defence:
// the client never puts the API key into what it traces, but callers may pass their own
// text (e.g. a URL typed by a user) through here too.
//
// Recognised forms (names case-insensitive):
//   name=value            apiKey, access_token, refresh_token, client_secret, code, password
//   "name": "value"       the same names as JSON string members (numbers stay: "code":6)
//   Authorization: …      the rest of the line
//   Bearer TOKEN          the token
#include <array>
#include <cctype>

#include "api/client.h"

namespace backlog::api {

namespace {

constexpr std::array<std::string_view, 6> kSecretNames = {
    "apikey", "access_token", "refresh_token", "client_secret", "code", "password"};
constexpr std::string_view kMask = "***";

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Length of `word` if text[at…] starts with it (ASCII case-insensitive), else 0.
size_t match_ci(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return 0;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[at + k])) != word[k]) return 0;
  }
  return word.size();
}

size_t skip_spaces(std::string_view text, size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}

// End of an unquoted value in a query string, form body or message.
size_t value_end(std::string_view text, size_t at) {
  while (at < text.size()) {
    char c = text[at];
    if (c == '&' || c == '"' || c == '\'' || c == '#' || c == '<' || c == '>' ||
        std::isspace(static_cast<unsigned char>(c)))
      break;
    ++at;
  }
  return at;
}

// End of a JSON string body starting after its opening quote (index of the closing quote).
size_t json_string_end(std::string_view text, size_t at) {
  while (at < text.size() && text[at] != '"') at += text[at] == '\\' ? 2 : 1;
  return at < text.size() ? at : text.size();
}

// One recognised secret at `at`: how much to copy verbatim, then where the secret ends.
struct Hit {
  size_t keep = 0;    // characters copied before the mask
  size_t resume = 0;  // index after the secret value
};

bool match_header(std::string_view text, size_t at, Hit& hit) {
  size_t n = match_ci(text, at, "authorization");
  if (n == 0) return false;
  size_t j = skip_spaces(text, at + n);
  if (j >= text.size() || (text[j] != ':' && text[j] != '=')) return false;
  j = skip_spaces(text, j + 1);
  size_t end = j;
  while (end < text.size() && text[end] != '\r' && text[end] != '\n') ++end;
  hit = {j - at, end};
  return true;
}

bool match_bearer(std::string_view text, size_t at, Hit& hit) {
  size_t n = match_ci(text, at, "bearer");
  if (n == 0 || at + n >= text.size() || text[at + n] != ' ') return false;
  size_t j = skip_spaces(text, at + n);
  size_t end = j;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
         text[end] != '"' && text[end] != '\'' && text[end] != ',' && text[end] != '&')
    ++end;
  if (end == j) return false;
  hit = {j - at, end};
  return true;
}

bool match_param(std::string_view text, size_t at, Hit& hit) {
  for (std::string_view name : kSecretNames) {
    size_t n = match_ci(text, at, name);
    if (n == 0 || at + n >= text.size() || text[at + n] != '=') continue;
    hit = {n + 1, value_end(text, at + n + 1)};
    return true;
  }
  return false;
}

bool match_json_member(std::string_view text, size_t at, Hit& hit) {
  if (text[at] != '"') return false;
  for (std::string_view name : kSecretNames) {
    size_t n = match_ci(text, at + 1, name);
    size_t j = at + 1 + n;
    if (n == 0 || j >= text.size() || text[j] != '"') continue;
    j = skip_spaces(text, j + 1);
    if (j >= text.size() || text[j] != ':') continue;
    j = skip_spaces(text, j + 1);
    if (j >= text.size() || text[j] != '"') continue;  // numbers (error codes) are not secret
    hit = {j + 1 - at, json_string_end(text, j + 1)};
    return true;
  }
  return false;
}

}  // namespace

std::string redact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    Hit hit;
    bool boundary = i == 0 || !is_word(text[i - 1]);
    if (boundary && (match_header(text, i, hit) || match_bearer(text, i, hit) ||
                     match_param(text, i, hit) || match_json_member(text, i, hit))) {
      out.append(text.substr(i, hit.keep));
      out.append(kMask);
      i = hit.resume;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace backlog::api
