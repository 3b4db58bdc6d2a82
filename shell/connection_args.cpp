// Choosing the connection from the command line (see connection_args.h).
#include "shell/connection_args.h"

#include <cstdio>
#include <cstdlib>

namespace backlog::shell {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::optional<ChosenConnection> choose_connection(const Options& o, std::string* error) {
  error->clear();
  const bool by_url = !o.url.empty() || !o.api_key.empty();
  if (int given = !o.source.empty() + !o.profile.empty() + by_url; given > 1) {
    *error = "give only one of --source, --profile and --url/--api-key";
    return std::nullopt;
  }
  ChosenConnection chosen;
  try {
    if (!o.source.empty()) {
      chosen.connection = api::parse_connection_string(o.source);
      chosen.label = chosen.connection.url;
    } else if (!o.profile.empty()) {
      chosen.config_path = api::default_config_path();
      api::Profiles profiles = api::Profiles::load(chosen.config_path);
      const api::Connection* c = profiles.find(o.profile);
      if (!c) {
        *error = "no profile '" + o.profile + "' in " + chosen.config_path + " (see `backlogsql profile list`)";
        return std::nullopt;
      }
      chosen.connection = *c;
      chosen.profile = o.profile;
      chosen.label = "profile " + o.profile + " (" + c->url + ")";
    } else {
      std::string url = o.url.empty() ? env("BACKLOG_URL") : o.url;
      std::string key = o.api_key.empty() ? env("BACKLOG_API_KEY") : o.api_key;
      if (url.empty() && key.empty()) return std::nullopt;
      if (url.empty()) {
        *error = "no Backlog space: give --url URL or set BACKLOG_URL";
        return std::nullopt;
      }
      if (key.empty()) {
        *error = "no credentials: give --api-key KEY or set BACKLOG_API_KEY";
        return std::nullopt;
      }
      chosen.connection.url = api::normalize_url(url);
      chosen.connection.api_key = key;
      chosen.label = chosen.connection.url;
    }
  } catch (const api::ConnectionError& e) {
    *error = e.what();
    return std::nullopt;
  }
  return chosen;
}

void save_profile_tokens(const std::string& config_path, const std::string& name, const api::OAuthTokens& tokens) {
  api::Profiles profiles = api::Profiles::load(config_path);
  const api::Connection* found = profiles.find(name);
  if (!found) throw api::ConnectionError("profile '" + name + "' is no longer in " + config_path);
  api::Connection c = *found;
  api::store_tokens(c, tokens);
  profiles.put(name, std::move(c));
  profiles.save(config_path);
}

api::ClientOptions client_options_for(const ChosenConnection& chosen, const Options& o) {
  api::ClientOptions options = api::client_options(chosen.connection);
  options.insecure = o.insecure;
  options.parallel = o.parallel;
  if (chosen.connection.auth == api::Connection::Auth::OAuth && !chosen.profile.empty()) {
    // Runs on the client's worker while it holds the token lock: the file is small.
    options.oauth.on_refresh = [path = chosen.config_path, name = chosen.profile](const api::OAuthTokens& t) {
      try {
        save_profile_tokens(path, name, t);
      } catch (const std::exception& e) {
        fprintf(stderr, "backlogsql: warning: the refreshed OAuth tokens were not stored: %s\n", e.what());
      }
    };
  }
  return options;
}

void ConnectionWatch::observe(const api::TraceEntry& entry) {
  if (entry.status >= 200 && entry.status <= 299) ++answered_;
  else if (entry.status == 401 || (entry.status == 0 && !entry.error.empty())) ++refused_;
}

}  // namespace backlog::shell
