// OAuth 2.0 authorization-code flow as Backlog runs it: /OAuth2AccessRequest.action hands
// out a code (auto-approved here), POST /api/v2/oauth2/token trades it — or a refresh
// token — for a Bearer access token that expires after --token-ttl seconds.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "time_format.h"

namespace backlog::emulator {
int64_t now_millis();
}

namespace backlog::emulator {

struct TokenGrant {
  std::string access_token, refresh_token;
  int64_t expires_in;
};

enum class TokenCheck { Valid, Unknown, Expired };

class OAuthStore {
 public:
  OAuthStore(std::string client_id, std::string client_secret, int ttl_seconds)
      : client_id_(std::move(client_id)), client_secret_(std::move(client_secret)), ttl_(ttl_seconds) {}

  const std::string& client_id() const { return client_id_; }
  // A fresh single-use code bound to redirect_uri.
  std::string issue_code(const std::string& redirect_uri);
  // Both throw ApiError (400 code 7 / 401 code 11) when the request is not acceptable.
  TokenGrant exchange_code(const std::string& code, const std::string& client_id, const std::string& secret,
                           const std::string& redirect_uri, int64_t now_ms);
  TokenGrant refresh(const std::string& refresh_token, const std::string& client_id, const std::string& secret,
                     int64_t now_ms);
  // Times are milliseconds since the epoch, so a short --token-ttl expires precisely.
  TokenCheck check(const std::string& access_token, int64_t now_ms);

 private:
  void check_client(const std::string& client_id, const std::string& secret) const;
  TokenGrant grant(int64_t now_ms);
  std::string random_token();

  std::string client_id_, client_secret_;
  int ttl_;
  std::mutex mutex_;
  std::map<std::string, std::string> codes_;        // code → redirect_uri
  std::map<std::string, int64_t> access_;           // access token → expiry (ms)
  std::map<std::string, bool> refresh_;             // refresh token → still usable
  uint64_t counter_ = 0;
};

}  // namespace backlog::emulator
