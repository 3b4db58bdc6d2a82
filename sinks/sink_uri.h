// `--dest` URIs → a Sink.
//
//   sqlite:out.db   sqlite:///abs/out.db   out.db        → SqliteSink (file created if missing)
//   postgresql://user@host:5432/db, postgres://…, "host=… dbname=…" → PostgresSink
//   mysql://user:pass@host:3306/db, mariadb://…            → MysqlSink (see mysql_uri.h)
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sinks/sink.h"

namespace backlog::sinks {

struct DestinationUri {
  enum class Kind { Sqlite, Postgres, Mysql };
  Kind kind = Kind::Sqlite;
  std::string location;  // SQLite: the file path; others: the URI as given
};

// Parses a destination; on a malformed one returns nullopt and sets *error.
std::optional<DestinationUri> parse_destination(std::string_view text, std::string* error);

// Opens the destination; on failure returns nullptr and sets *error, which names the
// destination once at its start (passwords redacted): callers add only their context.
std::unique_ptr<Sink> open_sink(std::string_view text, std::string* error);

// A message of open_sink (or of the sink it opened) without the destination it starts
// with (`text` redacted, or the sink's own name for it, which may differ: a keyword
// string, a default port filled in), passwords redacted: for a caller that names the
// destination its own way.
std::string error_reason(std::string_view error, std::string_view text);

// "postgresql://u:secret@h/db" → "postgresql://u:***@h/db" (for messages); a
// `password=…` keyword or query parameter becomes `password=***` too.
std::string redact_uri(std::string_view uri);

// A destination with its password taken out (what a jobs catalog may store), and the
// password as it was written (percent-encoded in a URI, quoted as a keyword value).
struct DestinationSecret {
  std::string uri;        // "postgresql://etl@host/db"
  std::string password;   // "pw"; "" when the destination had none
};

// "postgresql://etl:pw@host/db" → {"postgresql://etl@host/db", "pw"}; a `?password=…` /
// `&password=…` query parameter and a `password=…` keyword are taken out too. Returns
// nullopt and sets *error when the text holds more than one password.
std::optional<DestinationSecret> split_password(std::string_view uri, std::string* error);

// The reverse of split_password: the password put back into the URI it returned (into
// the user part when there is a user, else as `password=…`). "" leaves the URI as it is.
std::string join_password(std::string_view uri, std::string_view password);

}  // namespace backlog::sinks
