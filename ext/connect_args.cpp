// backlog_connect()'s three forms (see connect_args.h).
#include "ext/connect_args.h"

#include <stdexcept>

#include <fmt/format.h>

#ifdef BACKLOG_EXT_HAVE_CONNECTION
#include "api/connection.h"
#endif

namespace backlog::ext {
namespace {

constexpr const char* kUsage =
    "backlog_connect: expected (url, api_key), ('profile:NAME') or a connection string "
    "('AuthScheme=APIToken;APIKey=…;URL=https://SPACE.backlog.com')";

api::ClientOptions from_profile(const std::string& name) {
#ifdef BACKLOG_EXT_HAVE_CONNECTION
  std::string path = api::default_config_path();
  api::Profiles profiles = api::Profiles::load(path);
  const api::Connection* c = profiles.find(name);
  if (!c) throw std::runtime_error(fmt::format("backlog_connect: no profile named '{}' in {}", name, path));
  return api::client_options(*c);
#else
  throw std::runtime_error(fmt::format("backlog_connect: profile '{}': profiles are not built into this backlog.so", name));
#endif
}

api::ClientOptions from_connection_string(const std::string& text) {
#ifdef BACKLOG_EXT_HAVE_CONNECTION
  return api::client_options(api::parse_connection_string(text));
#else
  (void)text;
  throw std::runtime_error("backlog_connect: connection strings are not built into this backlog.so");
#endif
}

}  // namespace

api::ClientOptions connect_options(const std::vector<std::string>& args) {
  if (args.size() == 2) {
    if (args[0].empty()) throw std::runtime_error("backlog_connect: the url is empty");
    if (args[1].empty()) throw std::runtime_error("backlog_connect: the api_key is empty");
    api::ClientOptions o;
    o.base_url = args[0];
    while (!o.base_url.empty() && o.base_url.back() == '/') o.base_url.pop_back();
    o.api_key = args[1];
    return o;
  }
  if (args.size() != 1) throw std::runtime_error(kUsage);
  const std::string& a = args[0];
  if (a.rfind("profile:", 0) == 0) return from_profile(a.substr(8));
  if (a.find('=') != std::string::npos) return from_connection_string(a);
  throw std::runtime_error(kUsage);
}

}  // namespace backlog::ext
