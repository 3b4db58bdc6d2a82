// `backlogsql profile add|list|remove`: named connections in config.toml. `list` masks
// every secret (mask_secret: at most the last four characters).
#include <fmt/format.h>

#include <cstdio>

#include "api/connection.h"
#include "shell/commands.h"

namespace backlog::shell {

namespace {

int usage_error(const std::string& why) {
  fprintf(stderr, "backlogsql profile: %s\n", why.c_str());
  return 2;
}

// The connection `profile add` describes; throws ConnectionError for a bad combination.
api::Connection connection_to_add(const Options& o) {
  const bool has_key_args = !o.api_key.empty();
  const bool has_oauth_args = o.oauth || !o.client_id.empty() || !o.client_secret.empty();
  if (!o.source.empty()) {
    if (!o.url.empty() || has_key_args || has_oauth_args)
      throw api::ConnectionError("--source already holds the URL and credentials: give it alone");
    return api::parse_connection_string(o.source);
  }
  api::Connection c;
  if (o.url.empty()) throw api::ConnectionError("--url is missing (or give --source)");
  c.url = api::normalize_url(o.url);
  if (has_oauth_args) {
    if (!o.oauth) throw api::ConnectionError("--client-id and --client-secret go with --oauth");
    if (has_key_args) throw api::ConnectionError("--api-key does not go with --oauth");
    if (o.client_id.empty() || o.client_secret.empty())
      throw api::ConnectionError("--oauth needs --client-id and --client-secret");
    c.auth = api::Connection::Auth::OAuth;
    c.client_id = o.client_id;
    c.client_secret = o.client_secret;
    return c;
  }
  if (!has_key_args) throw api::ConnectionError("--api-key is missing (or use --oauth, or --source)");
  c.api_key = o.api_key;
  return c;
}

std::string credentials(const std::string& name, const api::Connection& c) {
  if (c.auth == api::Connection::Auth::ApiToken) return "api_key " + api::mask_secret(c.api_key);
  std::string text = fmt::format("client_id {}, client_secret {}", c.client_id, api::mask_secret(c.client_secret));
  text += c.refresh_token.empty() ? ", not logged in (run `backlogsql auth login --profile " + name + "`)"
                                  : ", logged in (refresh_token " + api::mask_secret(c.refresh_token) + ")";
  return text;
}

int add(const Options& o, const std::string& path) {
  api::Profiles profiles = api::Profiles::load(path);
  if (profiles.find(o.profile_name) && !o.replace)
    return usage_error(fmt::format("profile '{}' exists in {}: remove it first, or add --replace", o.profile_name, path));
  api::Connection c = connection_to_add(o);
  const bool oauth = c.auth == api::Connection::Auth::OAuth;
  profiles.put(o.profile_name, std::move(c));
  profiles.save(path);
  printf("profile %s saved in %s\n", o.profile_name.c_str(), path.c_str());
  if (oauth) printf("next: backlogsql auth login --profile %s\n", o.profile_name.c_str());
  return 0;
}

int list(const std::string& path) {
  api::Profiles profiles = api::Profiles::load(path);
  if (profiles.all().empty()) {
    printf("no profiles in %s (add one with `backlogsql profile add NAME …`)\n", path.c_str());
    return 0;
  }
  size_t name_width = 4, url_width = 3;
  for (const auto& [name, c] : profiles.all()) {
    name_width = std::max(name_width, name.size());
    url_width = std::max(url_width, c.url.size());
  }
  fmt::print("{:<{}}  {:<8}  {:<{}}  {}\n", "NAME", name_width, "AUTH", "URL", url_width, "CREDENTIALS");
  for (const auto& [name, c] : profiles.all())
    fmt::print("{:<{}}  {:<8}  {:<{}}  {}\n", name, name_width, api::auth_name(c.auth), c.url, url_width,
               credentials(name, c));
  return 0;
}

int remove(const Options& o, const std::string& path) {
  api::Profiles profiles = api::Profiles::load(path);
  if (!profiles.remove(o.profile_name))
    return usage_error(fmt::format("no profile '{}' in {}", o.profile_name, path));
  profiles.save(path);
  printf("profile %s removed from %s\n", o.profile_name.c_str(), path.c_str());
  return 0;
}

}  // namespace

int run_profile_command(const Options& o) {
  const std::string path = api::default_config_path();
  try {
    switch (o.command) {
      case Command::ProfileAdd: return add(o, path);
      case Command::ProfileList: return list(path);
      case Command::ProfileRemove: return remove(o, path);
      default: return usage_error("unknown profile command");
    }
  } catch (const api::ConnectionError& e) {
    return usage_error(e.what());
  }
}

}  // namespace backlog::shell
