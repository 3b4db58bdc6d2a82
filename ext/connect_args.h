// What backlog_connect()'s arguments mean, as client options:
//
//   backlog_connect('https://SPACE.backlog.com', 'API_KEY')
//   backlog_connect('profile:prod')                    -- [profiles.prod] of config.toml
//   backlog_connect('AuthScheme=APIToken;APIKey=…;URL=https://SPACE.backlog.com')
//
// The same forms as the shell's --url/--api-key, --profile and --source (api/connection.h).
#pragma once

#include <string>
#include <vector>

#include "api/client.h"

namespace backlog::ext {

// `args` are the SQL arguments as text (NULL → ""). Throws std::runtime_error (or
// api::ConnectionError) naming what is wrong; never with a secret in it.
api::ClientOptions connect_options(const std::vector<std::string>& args);

}  // namespace backlog::ext
