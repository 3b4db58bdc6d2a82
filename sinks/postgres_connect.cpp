// Connecting to PostgreSQL and explaining failures (see postgres_connect.h).
#include "sinks/postgres_connect.h"

#include <array>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "sinks/sink_uri.h"

namespace backlog::sinks {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// libpq's multi-line messages ("…failed: Connection refused\n\tIs the server running…")
// on one line.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A reason is chosen when the lower-cased message contains `needle` (and `also`, if set).
// Order matters: the first match wins (a pg_hba.conf refusal also mentions SSL).
struct Reason {
  std::string_view needle;
  std::string_view also;
  std::string_view reason;
};
constexpr std::array kReasons = {
    Reason{"password authentication failed", "", "wrong password"},
    Reason{"no password supplied", "", "password required (none given: put it in the URI, PGPASSWORD or ~/.pgpass)"},
    Reason{"could not translate host name", "", "unknown host"},
    Reason{"connection refused", "", "connection refused"},
    Reason{"database \"", "does not exist", "missing database"},
    Reason{"role \"", "does not exist", "unknown user"},
    Reason{"no pg_hba.conf entry", "", "not allowed by the server's pg_hba.conf"},
    Reason{"permission denied for database", "", "missing privilege: CONNECT on the database"},
    Reason{"timeout expired", "", "timeout"},
    Reason{"no route to host", "", "host unreachable"},
    Reason{"network is unreachable", "", "host unreachable"},
    Reason{"too many clients", "", "server busy (too many connections)"},
    Reason{"the database system is", "", "server not ready (starting up or shutting down)"},
    Reason{"ssl", "", "TLS failure"},
    Reason{"certificate", "", "TLS failure"},
    Reason{"invalid", "", "invalid connection string"},
    Reason{"missing \"=\"", "", "invalid connection string"},
};

}  // namespace

std::string explain_connect_failure(std::string_view libpq_message) {
  std::string text = one_line(libpq_message);
  std::string l = lower(text);
  for (const auto& r : kReasons) {
    if (l.find(r.needle) == std::string::npos) continue;
    if (!r.also.empty() && l.find(r.also) == std::string::npos) continue;
    return fmt::format("{} ({})", r.reason, text);
  }
  return fmt::format("connection failed ({})", text);
}

std::string describe_pg_destination(const std::string& conninfo) {
  std::string text = one_line(conninfo);
  if (text.find("://") != std::string::npos) return redact_uri(text);
  return "postgresql (" + redact_uri(text) + ")";
}

std::vector<std::string> pg_secrets(const std::string& conninfo) {
  std::vector<std::string> out;
  char* error = nullptr;
  if (PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error)) {
    for (PQconninfoOption* o = options; o->keyword; ++o)
      if (std::string_view(o->keyword) == "password" && o->val && *o->val) out.emplace_back(o->val);
    PQconninfoFree(options);
  }
  PQfreemem(error);
  if (const char* env = std::getenv("PGPASSWORD"); env && *env) out.emplace_back(env);
  return out;
}

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3))
      text.replace(at, s.size(), "***");
  }
  return text;
}

bool is_pg_keyword_string(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t start = i;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
  std::string word(text.substr(start, i - start));
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (word.empty() || i >= text.size() || text[i] != '=') return false;
  bool known = false;
  if (PQconninfoOption* defaults = PQconndefaults()) {
    for (PQconninfoOption* o = defaults; o->keyword && !known; ++o) known = word == o->keyword;
    PQconninfoFree(defaults);
  }
  return known;
}

PgConn pg_connect(const std::string& conninfo) {
  std::string describe = describe_pg_destination(conninfo);
  auto secrets = pg_secrets(conninfo);
  // Our defaults come first: values in the expanded destination text override them.
  std::vector<const char*> keys, values;
  if (!std::getenv("PGCONNECT_TIMEOUT")) {
    keys.push_back("connect_timeout");
    values.push_back("10");
  }
  keys.push_back("fallback_application_name");
  values.push_back("backlogsql");
  keys.push_back("dbname");
  values.push_back(conninfo.c_str());
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PgConn conn(PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1));
  if (!conn) throw SinkError(describe + ": cannot connect: out of memory");
  if (PQstatus(conn.get()) != CONNECTION_OK)
    throw SinkError(scrub_secrets(
        fmt::format("{}: cannot connect: {}", describe, explain_connect_failure(PQerrorMessage(conn.get()))),
        secrets));
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  try {
    if (PQsetClientEncoding(conn.get(), "UTF8") != 0) throw SinkError("cannot use client encoding UTF8");
    // UTC and ISO: timestamps read back as the sources write them. extra_float_digits=3:
    // shortest exact doubles on 12+, 17 digits (still exact) on older servers.
    pg_exec(conn.get(),
            "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3;"
            " SET client_min_messages = warning");
  } catch (const SinkError& e) {
    throw SinkError(scrub_secrets(fmt::format("{}: setting up the session: {}", describe, e.what()), secrets));
  }
  return conn;
}

}  // namespace backlog::sinks
