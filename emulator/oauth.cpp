// OAuth store (see oauth.h). Tokens are random (they are secrets, not part of the
// deterministic dataset).
#include "oauth.h"

#include <chrono>
#include <random>

#include "api_error.h"

namespace backlog::emulator {

std::string OAuthStore::random_token() {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd() ^ ++counter_);
  std::string s;
  for (int i = 0; i < 48; ++i) s.push_back(kChars[gen() % 62]);
  return s;
}

std::string OAuthStore::issue_code(const std::string& redirect_uri) {
  std::lock_guard lock(mutex_);
  std::string code = random_token();
  codes_[code] = redirect_uri;
  return code;
}

void OAuthStore::check_client(const std::string& client_id, const std::string& secret) const {
  if (client_id != client_id_ || secret != client_secret_)
    throw ApiError(401, kAuthenticationError, "Authentication failure: unknown client_id or wrong client_secret.");
}

int64_t now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TokenGrant OAuthStore::grant(int64_t now_ms) {
  TokenGrant g{random_token(), random_token(), ttl_};
  access_[g.access_token] = now_ms + int64_t{ttl_} * 1000;
  refresh_[g.refresh_token] = true;
  return g;
}

TokenGrant OAuthStore::exchange_code(const std::string& code, const std::string& client_id, const std::string& secret,
                                     const std::string& redirect_uri, int64_t now_ms) {
  check_client(client_id, secret);
  std::lock_guard lock(mutex_);
  auto it = codes_.find(code);
  if (it == codes_.end()) throw bad_parameter("The parameter 'code' is invalid or was already used.");
  if (!redirect_uri.empty() && it->second != redirect_uri)
    throw bad_parameter("The parameter 'redirect_uri' does not match the authorization request.");
  codes_.erase(it);
  return grant(now_ms);
}

TokenGrant OAuthStore::refresh(const std::string& refresh_token, const std::string& client_id, const std::string& secret,
                               int64_t now_ms) {
  check_client(client_id, secret);
  std::lock_guard lock(mutex_);
  auto it = refresh_.find(refresh_token);
  if (it == refresh_.end() || !it->second) throw bad_parameter("The parameter 'refresh_token' is invalid.");
  it->second = false;   // refresh tokens are single use: a new one comes with the grant
  return grant(now_ms);
}

TokenCheck OAuthStore::check(const std::string& access_token, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = access_.find(access_token);
  if (it == access_.end()) return TokenCheck::Unknown;
  return now_ms < it->second ? TokenCheck::Valid : TokenCheck::Expired;
}

}  // namespace backlog::emulator
