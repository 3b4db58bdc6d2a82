// The browser half of OAuth 2.0 login: wait on a loopback port for Backlog's redirect
// and trade its code for tokens (see auth_login.cpp for the whole flow).
#pragma once

#include <string>

#include "api/client.h"

namespace backlog::shell {

struct LoginRequest {
  std::string url;            // the space, without trailing '/'
  std::string client_id;
  std::string client_secret;
  int port = 0;               // 0: any free port
  int timeout_s = 300;        // how long to wait for the browser
  bool open_browser = false;  // run xdg-open on the authorization URL
  bool insecure = false;      // skip TLS verification of the token call
};

struct LoginResult {
  bool ok = false;
  bool connection_error = false;  // the token endpoint refused or could not be reached
  std::string error;              // why it failed (no secret)
  api::OAuthTokens tokens;
};

class LoopbackLogin {
 public:
  // Prints the authorization URL on stdout, waits for the redirect, exchanges the code.
  LoginResult wait(const LoginRequest& request);
};

}  // namespace backlog::shell
