// Opening a PostgreSQL connection for the sink, and saying why one failed.
//
//   PgConn c = pg_connect("postgresql://loader@db:5432/replica?sslmode=require");
//   // throws SinkError: "postgresql://loader@db:5432/replica: cannot connect: wrong password (…)"
//
// The destination text goes to libpq untouched (URI or keyword string), so libpq applies
// PGPASSWORD, ~/.pgpass, PGSSLMODE and the rest exactly as psql would. We only add
// defaults the user can override: a 10 s connect timeout (unless PGCONNECT_TIMEOUT is set)
// and application_name "backlogsql". The session is then set up for the sink: UTF8,
// TimeZone UTC, ISO dates, shortest exact floats, notices off.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sinks/postgres_handles.h"

namespace backlog::sinks {

// Connects and prepares the session; throws SinkError naming the reason.
PgConn pg_connect(const std::string& conninfo);

// "postgresql://u:***@h/db" or "postgresql (host=h dbname=db password=***)".
std::string describe_pg_destination(const std::string& conninfo);

// Passwords the connection may use (its password= / URI password, PGPASSWORD), so that
// messages can be scrubbed of them whatever produced the message.
std::vector<std::string> pg_secrets(const std::string& conninfo);
// `text` with every occurrence of each secret replaced by ***.
std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets);

// libpq's connection failure message → "<reason> (<libpq's words, on one line>)", reason
// one of: unknown host, connection refused, wrong password, password required, unknown
// user, missing database, not allowed by pg_hba.conf, TLS failure, timeout, …
std::string explain_connect_failure(std::string_view libpq_message);

// True when `text` starts with a libpq connection keyword followed by '='.
bool is_pg_keyword_string(std::string_view text);

}  // namespace backlog::sinks
