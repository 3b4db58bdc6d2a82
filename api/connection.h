// Where a Backlog connection comes from: a CData-style connection string, a named profile
// in config.toml, or --url/--api-key (and the environment). Every front end (the shell,
// backlog.so, jobs) resolves its connection here, so they all accept the same forms.
//
//   auto c = api::parse_connection_string("AuthScheme=APIToken;APIKey=abc;URL=https://x.backlog.com");
//   api::ClientOptions o = api::client_options(c);
//
//   api::Profiles profiles = api::Profiles::load(api::default_config_path());   // 0600 or refused
//   const api::Connection* p = profiles.find("prod");
//
// Errors are thrown as ConnectionError; their text never contains a secret.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "api/client.h"

namespace backlog::api {

class ConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One Backlog connection's settings (a profile, or what a connection string says).
struct Connection {
  enum class Auth { ApiToken, OAuth };
  Auth auth = Auth::ApiToken;
  std::string url;                  // https://SPACE.backlog.com (no trailing slash)
  std::string api_key;              // AuthScheme=APIToken
  std::string client_id;            // AuthScheme=OAuth
  std::string client_secret;
  std::string refresh_token;        // stored by `auth login`
  std::string access_token;         // cached; refreshed by the client when it expires
  std::string access_expires_at;    // ISO-8601 UTC, "" if unknown
};

// "AuthScheme=APIToken;APIKey=…;URL=https://x.backlog.com" (keys case-insensitive;
// a value may be quoted with ' or " to hold ';' — a doubled quote inside stands for one,
// as CData does). Unknown keys, a missing URL or missing credentials are refused with
// their name. Throws ConnectionError.
Connection parse_connection_string(std::string_view text);

// "https://x.backlog.com/" → "https://x.backlog.com"; refuses anything but http(s)://HOST….
// Throws ConnectionError.
std::string normalize_url(std::string_view url);

// Options for api::Client from a connection (OAuth tokens included). An OAuth connection
// with a refresh token but no usable access token starts with one already expired, so the
// client refreshes before its first request. Throws ConnectionError for an OAuth
// connection without a refresh token (it needs `backlogsql auth login` first).
ClientOptions client_options(const Connection& c);

// Copies the tokens of a login or a refresh into c (access_expires_at as ISO-8601 UTC).
void store_tokens(Connection& c, const OAuthTokens& tokens);

// client_options(c) for profile `name` of `config_path`: for an OAuth profile every
// refresh stores the new tokens back in that file (a failure to store is a warning on
// stderr). Used by the shell and by jobs. Throws ConnectionError.
ClientOptions profile_client_options(const Connection& c, const std::string& config_path, const std::string& name);

// Stores tokens of a login or refresh in profile `name` of `config_path` (re-reading the
// file first, so other profiles changed meanwhile are kept). Throws ConnectionError.
void save_profile_tokens(const std::string& config_path, const std::string& name, const OAuthTokens& tokens);

// "apitoken" / "oauth": the names config.toml and messages use.
std::string_view auth_name(Connection::Auth auth);

// Named profiles in config.toml: [profiles.NAME] url=…, auth="apitoken"|"oauth", api_key=…
// and the [secrets] table: other secrets kept under the same 0600 rules, e.g. the
// destination passwords of jobs ("job.nightly.dest.1" = "…"), so that no other file holds one.
class Profiles {
 public:
  // Reads the file (a missing file is an empty set). Refuses a file readable or writable
  // by group or others, with the chmod that fixes it.
  static Profiles load(const std::string& path);
  // Writes atomically with mode 0600 (creating the folder with 0700).
  void save(const std::string& path) const;

  const Connection* find(const std::string& name) const;
  void put(const std::string& name, Connection c);
  bool remove(const std::string& name);
  const std::map<std::string, Connection>& all() const { return profiles_; }

  // [secrets]: nullptr when `key` has none.
  const std::string* find_secret(const std::string& key) const;
  void put_secret(const std::string& key, std::string value);
  bool remove_secret(const std::string& key);

 private:
  std::map<std::string, Connection> profiles_;
  std::map<std::string, std::string> secrets_;
  std::string other_tables_;  // TOML of every top-level key but [profiles] and [secrets], kept on save
};

// $XDG_CONFIG_HOME/backlogsql/config.toml (default ~/.config/backlogsql/config.toml).
std::string default_config_path();

// "abcd…wxyz" style masking for `profile list`: never more than the last 4 characters.
std::string mask_secret(std::string_view secret);

}  // namespace backlog::api
