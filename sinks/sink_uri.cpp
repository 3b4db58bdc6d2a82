// Destination URI parsing and the sink factory (see sink_uri.h).
#include "sinks/sink_uri.h"

#include <cctype>

#include <fmt/format.h>

#include "sinks/sqlite_sink.h"

namespace backlog::sinks {

namespace {
bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}
}  // namespace

std::string redact_uri(std::string_view uri) {
  std::string out(uri);
  auto scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  auto at = out.find('@', scheme + 3);
  if (at == std::string::npos) return out;
  auto colon = out.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  return out;
}

std::optional<DestinationUri> parse_destination(std::string_view text, std::string* error) {
  if (text.empty()) {
    *error = "empty destination";
    return std::nullopt;
  }
  if (starts_with_nocase(text, "postgresql://") || starts_with_nocase(text, "postgres://"))
    return DestinationUri{DestinationUri::Kind::Postgres, std::string(text)};
  if (starts_with_nocase(text, "mysql://") || starts_with_nocase(text, "mariadb://"))
    return DestinationUri{DestinationUri::Kind::Mysql, std::string(text)};
  std::string_view path = text;
  if (starts_with_nocase(path, "sqlite:")) {
    path.remove_prefix(7);
    // sqlite:///abs/path and sqlite://rel/path: drop the authority's two slashes.
    if (path.substr(0, 2) == "//") path.remove_prefix(2);
  } else if (auto colon = text.find("://"); colon != std::string_view::npos) {
    *error = fmt::format("unknown destination kind \"{}\" (use sqlite:PATH, postgresql://… "
                         "or mysql://…)", redact_uri(text.substr(0, colon)));
    return std::nullopt;
  }
  if (path.empty()) {
    *error = fmt::format("destination \"{}\" has no file path", text);
    return std::nullopt;
  }
  return DestinationUri{DestinationUri::Kind::Sqlite, std::string(path)};
}

std::unique_ptr<Sink> open_sink(std::string_view text, std::string* error) {
  auto uri = parse_destination(text, error);
  if (!uri) return nullptr;
  switch (uri->kind) {
    case DestinationUri::Kind::Postgres:
    case DestinationUri::Kind::Mysql:
      *error = fmt::format("destination {}: PostgreSQL and MySQL destinations are not "
                           "supported yet (use sqlite:PATH)", redact_uri(uri->location));
      return nullptr;
    case DestinationUri::Kind::Sqlite:
      try {
        return SqliteSink::open(uri->location);
      } catch (const SinkError& e) {
        *error = e.what();
        return nullptr;
      }
  }
  return nullptr;
}

}  // namespace backlog::sinks
