// OAuth 2.0 endpoints:
//   GET /OAuth2AccessRequest.action?response_type=code&client_id=&redirect_uri=&state=
//       → 302 to redirect_uri?code=…&state=… (the user approves at once)
//   POST /api/v2/oauth2/token  grant_type=authorization_code (code, client_id,
//       client_secret, redirect_uri) or grant_type=refresh_token (refresh_token,
//       client_id, client_secret) → {"access_token","token_type":"Bearer","expires_in","refresh_token"}
#include <httplib.h>

#include "api_error.h"
#include "oauth.h"
#include "router.h"
#include "write_support.h"

namespace backlog::emulator {

static std::string url_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

void add_oauth_routes(Router& r) {
  r.get("//OAuth2AccessRequest.action", [](Call& c) {
    if (c.query.get("response_type").value_or("") != "code")
      throw bad_parameter("The parameter 'response_type' must be 'code'.");
    if (c.query.get("client_id").value_or("") != c.oauth->client_id())
      throw bad_parameter("The parameter 'client_id' names no registered application.");
    const std::string redirect = required_text(c.query, "redirect_uri");
    std::string location = redirect + (redirect.find('?') == std::string::npos ? "?" : "&") +
                           "code=" + url_encode(c.oauth->issue_code(redirect));
    if (auto state = c.query.get("state")) location += "&state=" + url_encode(*state);
    Reply reply;
    reply.status = 302;
    reply.content_type = "text/plain";
    reply.headers.push_back({"Location", location});
    return reply;
  });

  r.post("/oauth2/token", [](Call& c) {
    const Params& f = c.form;
    const std::string grant_type = required_text(f, "grant_type");
    const std::string id = f.get("client_id").value_or(""), secret = f.get("client_secret").value_or("");
    TokenGrant g;
    if (grant_type == "authorization_code")
      g = c.oauth->exchange_code(required_text(f, "code"), id, secret, f.get("redirect_uri").value_or(""), now_millis());
    else if (grant_type == "refresh_token")
      g = c.oauth->refresh(required_text(f, "refresh_token"), id, secret, now_millis());
    else
      throw bad_parameter("The parameter 'grant_type' must be authorization_code or refresh_token.");
    return json_reply([&](JsonWriter& w) {
      w.StartObject();
      str(w, "access_token", g.access_token);
      str(w, "token_type", "Bearer");
      num(w, "expires_in", g.expires_in);
      str(w, "refresh_token", g.refresh_token);
      w.EndObject();
    });
  });
}

}  // namespace backlog::emulator
