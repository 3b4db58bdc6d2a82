// Named connections in config.toml (see connection.h):
//
//   [profiles.prod]
//   auth = "apitoken"
//   url = "https://example.backlog.com"
//   api_key = "…"
//
//   [profiles.team]
//   auth = "oauth"
//   url = "https://team.backlog.com"
//   client_id = "…"
//   client_secret = "…"
//   refresh_token = "…"          # written by `backlogsql auth login`
//   access_token = "…"           # cached, with its expiry
//   access_expires_at = "2024-05-20T10:00:00Z"
//
//   [secrets]                    # other secrets, e.g. a job's destination password
//   "job.nightly.dest.1" = "…"
//
// The file holds secrets, so, as ssh does with its keys, it is refused when group or others
// may read or write it, and it is always written with mode 0600 (its folder 0700), through
// a temporary file renamed over it so a crash never leaves half a file.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <toml++/toml.h>

#include "api/connection.h"

namespace backlog::api {

namespace {

// Connection fields as config.toml names them (auth is handled apart).
struct Field {
  std::string_view key;
  std::string Connection::*member;
};
constexpr Field kFields[] = {
    {"url", &Connection::url},
    {"api_key", &Connection::api_key},
    {"client_id", &Connection::client_id},
    {"client_secret", &Connection::client_secret},
    {"refresh_token", &Connection::refresh_token},
    {"access_token", &Connection::access_token},
    {"access_expires_at", &Connection::access_expires_at},
};

std::string errno_text() { return std::strerror(errno); }

Connection read_profile(const std::string& path, const std::string& name, const toml::table& t) {
  auto bad = [&](std::string_view why) {
    return ConnectionError(fmt::format("{}: profile '{}': {}", path, name, why));
  };
  Connection c;
  for (auto&& [key, node] : t) {
    const std::string_view k = key.str();
    if (k == "auth") {
      auto v = node.value<std::string>();
      if (v == "apitoken") c.auth = Connection::Auth::ApiToken;
      else if (v == "oauth") c.auth = Connection::Auth::OAuth;
      else throw bad("auth must be \"apitoken\" or \"oauth\"");
      continue;
    }
    auto field = std::find_if(std::begin(kFields), std::end(kFields), [&](const Field& f) { return f.key == k; });
    if (field == std::end(kFields)) throw bad(fmt::format("unknown key '{}'", k));
    auto v = node.value<std::string>();
    if (!v) throw bad(fmt::format("{} must be a string", k));
    c.*(field->member) = *v;
  }
  if (c.url.empty()) throw bad("url is missing");
  return c;
}

toml::table write_profile(const Connection& c) {
  toml::table t;
  t.insert("auth", std::string(auth_name(c.auth)));
  for (const Field& f : kFields)
    if (!(c.*(f.member)).empty()) t.insert(f.key, c.*(f.member));
  return t;
}

// mkdir -p, the last folder with 0700 (it holds only our secrets).
void make_folder(const std::string& dir) {
  struct stat st;
  if (dir.empty() || stat(dir.c_str(), &st) == 0) return;
  if (size_t slash = dir.find_last_of('/'); slash != std::string::npos && slash > 0)
    make_folder(dir.substr(0, slash));
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw ConnectionError(fmt::format("cannot create {}: {}", dir, errno_text()));
}

void write_atomically(const std::string& path, const std::string& text) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  make_folder(dir);
  std::string tmp = path + ".XXXXXX";
  int fd = mkstemp(tmp.data());  // created 0600
  if (fd < 0) throw ConnectionError(fmt::format("cannot write {}: {}", path, errno_text()));
  auto fail = [&](std::string_view what) {
    std::string why = errno_text();
    close(fd);
    unlink(tmp.c_str());
    return ConnectionError(fmt::format("cannot {} {}: {}", what, path, why));
  };
  if (fchmod(fd, 0600) != 0) throw fail("set the mode of");
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail("write");
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) throw fail("write");
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = errno_text();
    unlink(tmp.c_str());
    throw ConnectionError(fmt::format("cannot replace {}: {}", path, why));
  }
  if (int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {  // make the rename durable
    fsync(dfd);
    close(dfd);
  }
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char ch : name)
    if (!std::isalnum(ch) && ch != '_' && ch != '-') return false;
  return true;
}

}  // namespace

std::string default_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/')  // relative: ignored, as the spec says
    return std::string(xdg) + "/backlogsql/config.toml";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.config/backlogsql/config.toml";
}

Profiles Profiles::load(const std::string& path) {
  Profiles out;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return out;
    throw ConnectionError(fmt::format("cannot read {}: {}", path, errno_text()));
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw ConnectionError(fmt::format(
        "{} holds secrets but is accessible by group or others (mode {:04o}): run `chmod 600 {}`", path,
        st.st_mode & 07777, path));

  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConnectionError(fmt::format("{}:{}:{}: {}", path, where.line, where.column, e.description()));
  }
  if (toml::node* profiles = doc.get("profiles")) {
    toml::table* t = profiles->as_table();
    if (!t) throw ConnectionError(fmt::format("{}: 'profiles' must be a table ([profiles.NAME])", path));
    for (auto&& [key, node] : *t) {
      const std::string name(key.str());
      toml::table* p = node.as_table();
      if (!p) throw ConnectionError(fmt::format("{}: profile '{}' must be a table", path, name));
      out.profiles_[name] = read_profile(path, name, *p);
    }
    doc.erase("profiles");
  }
  if (toml::node* secrets = doc.get("secrets")) {
    toml::table* t = secrets->as_table();
    if (!t) throw ConnectionError(fmt::format("{}: 'secrets' must be a table ([secrets])", path));
    for (auto&& [key, node] : *t) {
      auto v = node.value<std::string>();
      if (!v) throw ConnectionError(fmt::format("{}: secret '{}' must be a string", path, key.str()));
      out.secrets_[std::string(key.str())] = *v;
    }
    doc.erase("secrets");
  }
  if (!doc.empty()) {
    std::ostringstream rest;
    rest << doc;
    out.other_tables_ = rest.str();
  }
  return out;
}

void Profiles::save(const std::string& path) const {
  toml::table doc = other_tables_.empty() ? toml::table{} : toml::parse(other_tables_);
  toml::table profiles;
  for (const auto& [name, c] : profiles_) profiles.insert(name, write_profile(c));
  doc.insert_or_assign("profiles", std::move(profiles));
  if (!secrets_.empty()) {
    toml::table secrets;
    for (const auto& [key, value] : secrets_) secrets.insert(key, value);
    doc.insert_or_assign("secrets", std::move(secrets));
  }
  std::ostringstream text;
  text << "# backlogsql connection profiles (holds secrets: keep it mode 0600)\n" << doc << "\n";
  write_atomically(path, text.str());
}

const Connection* Profiles::find(const std::string& name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() ? nullptr : &it->second;
}

void Profiles::put(const std::string& name, Connection c) {
  if (!valid_name(name))
    throw ConnectionError(fmt::format("bad profile name '{}': use letters, digits, '_' and '-'", name));
  profiles_[name] = std::move(c);
}

bool Profiles::remove(const std::string& name) { return profiles_.erase(name) > 0; }

const std::string* Profiles::find_secret(const std::string& key) const {
  auto it = secrets_.find(key);
  return it == secrets_.end() ? nullptr : &it->second;
}

void Profiles::put_secret(const std::string& key, std::string value) {
  if (key.empty()) throw ConnectionError("a secret needs a name");
  secrets_[key] = std::move(value);
}

bool Profiles::remove_secret(const std::string& key) { return secrets_.erase(key) > 0; }

void save_profile_tokens(const std::string& config_path, const std::string& name, const OAuthTokens& tokens) {
  Profiles profiles = Profiles::load(config_path);
  const Connection* found = profiles.find(name);
  if (!found) throw ConnectionError("profile '" + name + "' is no longer in " + config_path);
  Connection c = *found;
  store_tokens(c, tokens);
  profiles.put(name, std::move(c));
  profiles.save(config_path);
}

ClientOptions profile_client_options(const Connection& c, const std::string& config_path, const std::string& name) {
  ClientOptions options = client_options(c);
  if (c.auth == Connection::Auth::OAuth) {
    // Runs on the client's worker while it holds the token lock: the file is small.
    options.oauth.on_refresh = [config_path, name](const OAuthTokens& t) {
      try {
        save_profile_tokens(config_path, name, t);
      } catch (const std::exception& e) {
        fprintf(stderr, "backlogsql: warning: the refreshed OAuth tokens were not stored: %s\n", e.what());
      }
    };
  }
  return options;
}

}  // namespace backlog::api
