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

api::ClientOptions client_options_for(const ChosenConnection& chosen, const Options& o) {
  api::ClientOptions options = chosen.profile.empty()
                                   ? api::client_options(chosen.connection)
                                   : api::profile_client_options(chosen.connection, chosen.config_path, chosen.profile);
  options.insecure = o.insecure;
  options.parallel = o.parallel;
  return options;
}

}  // namespace backlog::shell
