// The Backlog connection a command line names, the Client options for it, and how main
// tells a connection failure (exit 2) from a failed statement (exit 1).
//
// Priority: --source, then --profile, then --url/--api-key, then BACKLOG_URL and
// BACKLOG_API_KEY. Two of the first three together are a usage error (which one would
// the user mean?); the environment only fills in when none of them is given, and
// --url/--api-key each fall back to their variable alone.
#pragma once

#include <optional>
#include <string>

#include "api/connection.h"
#include "api/trace.h"
#include "shell/options.h"

namespace backlog::shell {

struct ChosenConnection {
  api::Connection connection;
  std::string profile;        // the profile's name, or "" when not from a profile
  std::string config_path;    // config.toml the profile came from (refreshed tokens go there)
  std::string label;          // "profile prod (https://x.backlog.com)": for messages, no secret
};

// The connection `o` names. nullopt with an empty *error: none given at all; nullopt with
// *error set: a usage or configuration error (conflicting options, unknown profile, bad
// connection string, unsafe config.toml, …).
std::optional<ChosenConnection> choose_connection(const Options& o, std::string* error);

// Client options for a chosen connection, with --insecure and --parallel. For an OAuth
// profile, every refresh stores the new tokens in its config.toml. Throws
// api::ConnectionError (an OAuth connection that never logged in).
api::ClientOptions client_options_for(const ChosenConnection& chosen, const Options& o);

// Storing the tokens of a login or refresh: api::save_profile_tokens (api/connection.h).

// Tells a connection failure (exit 2) from a failed statement (exit 1): see api/trace.h.
using ConnectionWatch = api::ConnectionWatch;

}  // namespace backlog::shell
