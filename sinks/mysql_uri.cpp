// Parsing of mysql:// and mariadb:// destination URIs (see mysql_uri.h).
#include "sinks/mysql_uri.h"

#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "sinks/sink_uri.h"

namespace backlog::sinks {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// %XX → byte; false on a broken escape.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    int hi = i + 1 < in.size() ? hex_digit(in[i + 1]) : -1;
    int lo = i + 2 < in.size() ? hex_digit(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

}  // namespace

std::string MysqlUri::display() const {
  std::string out = scheme + "://";
  if (!user.empty()) out += user + "@";
  out += socket.empty() ? fmt::format("{}:{}", host, port) : host;
  out += "/" + database;
  if (!socket.empty()) out += "?socket=" + socket;
  return out;
}

std::optional<MysqlUri> parse_mysql_uri(std::string_view text, std::string* error) {
  const std::string_view given = text;  // the message names it, as open_sink's rule asks
  MysqlUri uri;
  auto fail = [&](const std::string& why) {
    *error = fmt::format("{}: {}", redact_uri(given), why);
    return std::nullopt;
  };
  if (iequals_prefix(text, "mysql://")) {
    text.remove_prefix(8);
  } else if (iequals_prefix(text, "mariadb://")) {
    uri.scheme = "mariadb";
    text.remove_prefix(10);
  } else {
    *error = "not a mysql:// or mariadb:// URI";
    return std::nullopt;
  }
  std::string_view query;
  if (auto q = text.find('?'); q != std::string_view::npos) {
    query = text.substr(q + 1);
    text = text.substr(0, q);
  }
  bool has_password = false;
  std::string_view authority = text, path;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    authority = text.substr(0, slash);
    path = text.substr(slash + 1);
  }
  // The LAST '@' ends the user info: a password may hold a raw '@'.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view info = authority.substr(0, at);
    authority = authority.substr(at + 1);
    std::string_view user = info, pass;
    bool has_pass = false;
    if (auto colon = info.find(':'); colon != std::string_view::npos) {
      user = info.substr(0, colon);
      pass = info.substr(colon + 1);
      has_pass = true;
    }
    if (!percent_decode(user, uri.user)) return fail("bad %-escape in the user name");
    if (has_pass && !percent_decode(pass, uri.password)) return fail("bad %-escape in the password");
    has_password = has_pass;
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // [::1]:3306
    auto close = host.find(']');
    if (close == std::string_view::npos) return fail("unclosed '[' in the host");
    uri.host = std::string(host.substr(1, close - 1));
    host = host.substr(close + 1);
    if (!host.empty() && host.front() != ':') return fail("junk after ']' in the host");
  } else {
    auto colon = host.find(':');
    if (colon != 0) uri.host = std::string(host.substr(0, colon));
    host = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
  }
  if (!host.empty()) {  // ":PORT"
    std::string digits(host.substr(1));
    char* end = nullptr;
    long port = std::strtol(digits.c_str(), &end, 10);
    if (digits.empty() || *end || port <= 0 || port > 65535)
      return fail(fmt::format("bad port \"{}\"", digits));
    uri.port = static_cast<unsigned>(port);
  }
  if (uri.host.empty()) uri.host = "localhost";
  if (!percent_decode(path, uri.database)) return fail("bad %-escape in the database name");
  if (uri.database.empty() || uri.database.find('/') != std::string::npos)
    return fail("name the database: " + uri.scheme + "://user@host:port/DATABASE");
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string value;
    if (eq == std::string_view::npos || !percent_decode(pair.substr(eq + 1), value))
      return fail(fmt::format("bad parameter \"{}\"", name));
    if (name == "socket") uri.socket = value;
    else return fail(fmt::format("unknown parameter \"{}\" (known: socket)", name));
  }
  if (has_password) return uri;
  if (const char* env = std::getenv("MYSQL_PWD")) uri.password = env;
  return uri;
}

}  // namespace backlog::sinks
