// Destination URI parsing and the sink factory (see sink_uri.h).
#include "sinks/sink_uri.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sinks/mysql_sink.h"
#include "sinks/mysql_uri.h"
#include "sinks/postgres_connect.h"
#include "sinks/postgres_sink.h"
#include "sinks/sqlite_sink.h"

namespace backlog::sinks {

namespace {
bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// The secrets of a destination text, as [from, to) ranges of the ORIGINAL text: found
// before anything is replaced, so hiding one cannot remove what locates another (a ':'
// or a `password=` inside a user name).
using Range = std::pair<size_t, size_t>;

// `password=VALUE` as a libpq keyword (`… password='it\'s' …`) or a URI query parameter
// (`?sslmode=require&password=x`).
struct PasswordParameter {
  size_t name = 0;        // where `password` starts
  size_t from = 0, to = 0;  // the value (quotes included)
  bool in_query = false;  // a URI query parameter, not a keyword
};

std::vector<PasswordParameter> password_parameters(std::string_view s) {
  std::vector<PasswordParameter> out;
  for (size_t at = 0; (at = s.find("password", at)) != std::string_view::npos; at += 8) {
    const bool in_query = at > 0 && (s[at - 1] == '?' || s[at - 1] == '&');   // else a keyword
    bool starts_word = at == 0 || std::isspace(static_cast<unsigned char>(s[at - 1])) || in_query;
    // libpq allows any blank around '=' (`password\t=\tx`), not only spaces.
    size_t eq = at + 8;
    while (eq < s.size() && std::isspace(static_cast<unsigned char>(s[eq]))) ++eq;
    if (!starts_word || eq >= s.size() || s[eq] != '=') continue;
    size_t from = eq + 1;
    while (from < s.size() && std::isspace(static_cast<unsigned char>(s[from]))) ++from;
    size_t to = from;
    if (!in_query && to < s.size() && s[to] == '\'') {   // quoting is a keyword's, not a URI's
      for (++to; to < s.size() && s[to] != '\''; ++to)
        if (s[to] == '\\') ++to;  // \' and \\ inside a quoted keyword value
      if (to < s.size()) ++to;
    } else {
      // Unquoted, libpq takes `\X` as X, so `password=a\ b` is "a b": the escaped blank
      // does not end the value. '&' ends a query parameter, not a keyword's value.
      while (to < s.size() && !std::isspace(static_cast<unsigned char>(s[to])) && !(in_query && s[to] == '&'))
        to += s[to] == '\\' && to + 1 < s.size() ? 2 : 1;
    }
    out.push_back({at, from, std::min(to, s.size()), in_query});
  }
  return out;
}

void password_parameter_ranges(std::string_view s, std::vector<Range>& out) {
  for (const PasswordParameter& p : password_parameters(s)) out.emplace_back(p.from, p.to);
}

// The '@' that ends a userinfo whose first '@' is at `first_at`. A password may hold a
// raw '@' (`u:p@ss@h/db`), so it is the LAST '@' before the path, the path starting at
// the first '/' or '?' after the first '@' (a host has neither, and a '/' or '?' before
// the first '@' belongs to the password).
size_t userinfo_end(std::string_view s, size_t first_at) {
  const size_t path = s.find_first_of("/?", first_at);
  return s.rfind('@', path == std::string_view::npos ? std::string_view::npos : path - 1);
}

// USER:PASSWORD@ after every `://` (a keyword's value may itself be a URI).
void userinfo_ranges(std::string_view s, std::vector<Range>& out) {
  for (size_t scheme = s.find("://"); scheme != std::string_view::npos; scheme = s.find("://", scheme + 3)) {
    const size_t first_at = s.find('@', scheme + 3);
    if (first_at == std::string_view::npos) return;
    const size_t at = userinfo_end(s, first_at);
    const size_t colon = s.find(':', scheme + 3);
    if (colon < first_at) out.emplace_back(colon + 1, at);
  }
}
}  // namespace

std::string redact_uri(std::string_view uri) {
  std::vector<Range> ranges;
  password_parameter_ranges(uri, ranges);
  userinfo_ranges(uri, ranges);
  std::sort(ranges.begin(), ranges.end());
  std::string out;
  size_t done = 0;   // uri[0, done) is written (or hidden)
  for (size_t k = 0; k < ranges.size();) {
    auto [from, to] = ranges[k];
    for (++k; k < ranges.size() && ranges[k].first <= to; ++k) to = std::max(to, ranges[k].second);  // overlaps
    if (from < done) from = done;
    out.append(uri.substr(done, from - done));
    out += "***";
    done = std::max(done, to);
  }
  out.append(uri.substr(std::min(done, uri.size())));
  return out;
}

std::optional<DestinationSecret> split_password(std::string_view uri, std::string* error) {
  const std::vector<PasswordParameter> params = password_parameters(uri);
  std::vector<Range> userinfo;
  userinfo_ranges(uri, userinfo);
  if (params.size() + userinfo.size() > 1) {
    *error = fmt::format("destination \"{}\" holds more than one password", redact_uri(uri));
    return std::nullopt;
  }
  DestinationSecret out{std::string(uri), {}};
  if (!userinfo.empty()) {
    auto [from, to] = userinfo.front();
    out.password = std::string(uri.substr(from, to - from));
    out.uri.erase(from - 1, to - from + 1);   // the ':' goes with it: "user@host"
  } else if (!params.empty()) {
    const PasswordParameter& p = params.front();
    out.password = std::string(uri.substr(p.from, p.to - p.from));
    size_t from = p.name, to = p.to;
    if (p.in_query) {
      if (uri[from - 1] == '?' && to < uri.size() && uri[to] == '&') ++to;  // "?password=x&a=b" → "?a=b"
      else --from;                                                          // "&password=x", "?password=x"
    } else {
      while (to < uri.size() && std::isspace(static_cast<unsigned char>(uri[to]))) ++to;
      if (to == uri.size())
        while (from > 0 && std::isspace(static_cast<unsigned char>(uri[from - 1]))) --from;
    }
    out.uri.erase(from, to - from);
  }
  return out;
}

std::string join_password(std::string_view uri, std::string_view password) {
  std::string out(uri);
  if (password.empty()) return out;
  if (PostgresSink::is_keyword_string(uri)) return out + " password=" + std::string(password);
  const size_t scheme = uri.find("://");
  if (const size_t first_at = scheme == std::string_view::npos ? scheme : uri.find('@', scheme + 3);
      first_at != std::string_view::npos) {
    const size_t at = userinfo_end(uri, first_at);
    std::string userinfo(1, ':');  // built by append: GCC 12 warns (-Wrestrict) on ":" + string
    userinfo += password;
    return out.insert(at, userinfo);
  }
  if (starts_with_nocase(uri, "mysql://") || starts_with_nocase(uri, "mariadb://")) {
    std::string userinfo(1, ':');  // no user: an empty one
    userinfo.append(password).push_back('@');
    return out.insert(scheme + 3, userinfo);
  }
  return out + (uri.find('?') == std::string_view::npos ? "?" : "&") + "password=" + std::string(password);
}

std::optional<DestinationUri> parse_destination(std::string_view text, std::string* error) {
  if (text.empty()) {
    *error = "\"\": empty destination";
    return std::nullopt;
  }
  if (starts_with_nocase(text, "postgresql://") || starts_with_nocase(text, "postgres://") ||
      PostgresSink::is_keyword_string(text))
    return DestinationUri{DestinationUri::Kind::Postgres, std::string(text)};
  if (starts_with_nocase(text, "mysql://") || starts_with_nocase(text, "mariadb://"))
    return DestinationUri{DestinationUri::Kind::Mysql, std::string(text)};
  std::string_view path = text;
  if (starts_with_nocase(path, "sqlite:")) {
    path.remove_prefix(7);
    // sqlite:///abs/path and sqlite://rel/path: drop the authority's two slashes.
    if (path.substr(0, 2) == "//") path.remove_prefix(2);
  } else if (text.find("://") != std::string_view::npos) {
    *error = fmt::format("{}: unknown destination kind (use sqlite:PATH, postgresql://… or mysql://…)",
                         redact_uri(text));
    return std::nullopt;
  }
  if (path.empty()) {
    *error = fmt::format("{}: no file path (use sqlite:PATH)", redact_uri(text));
    return std::nullopt;
  }
  return DestinationUri{DestinationUri::Kind::Sqlite, std::string(path)};
}

// Every message names the destination once, at its start: a sink's own (its describe(),
// password hidden), else the text as given, redacted. Callers add only their context
// ("--dest ", ".dest ", "destination ").
std::unique_ptr<Sink> open_sink(std::string_view text, std::string* error) {
  auto uri = parse_destination(text, error);
  if (!uri) return nullptr;
  try {
    switch (uri->kind) {
      case DestinationUri::Kind::Postgres: return PostgresSink::open(uri->location);
      case DestinationUri::Kind::Mysql: return MysqlSink::open(uri->location);
      case DestinationUri::Kind::Sqlite: return SqliteSink::open(uri->location);
    }
  } catch (const SinkError& e) {
    *error = e.what();
  }
  return nullptr;
}

namespace {
// What the sink opened from `text` calls itself (its describe()), for messages that start
// with it; "" when `text` is no destination.
std::string sink_name(std::string_view text) {
  std::string ignored;
  auto uri = parse_destination(text, &ignored);
  if (!uri) return "";
  switch (uri->kind) {
    case DestinationUri::Kind::Postgres: return describe_pg_destination(uri->location);
    case DestinationUri::Kind::Mysql: {
      auto parsed = parse_mysql_uri(uri->location, &ignored);
      return parsed ? parsed->display() : "";
    }
    case DestinationUri::Kind::Sqlite: return "sqlite:" + uri->location;
  }
  return "";
}
}  // namespace

std::string error_reason(std::string_view error, std::string_view text) {
  // The name comes off before redacting: a name ending in "password=***)" would otherwise
  // lose its ")" and ": " to the redaction of what looks like a password's value.
  auto starts_with_name = [](std::string_view message, const std::string& name) {
    return !name.empty() && message.size() >= name.size() + 2 && message.substr(0, name.size()) == name &&
           message.substr(name.size(), 2) == ": ";
  };
  const std::string names[] = {redact_uri(text), sink_name(text)};
  for (const std::string& name : names)
    if (starts_with_name(error, name)) return redact_uri(error.substr(name.size() + 2));
  std::string why = redact_uri(error);  // (a message naming the text as given)
  for (const std::string& name : names)
    if (starts_with_name(why, name)) return why.substr(name.size() + 2);
  return why;
}

}  // namespace backlog::sinks
