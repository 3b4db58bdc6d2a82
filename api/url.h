// Building request URLs and form bodies: RFC 3986 percent-encoding of parameter names and
// values, joined as `name=value&…`. Paths given by callers are already safe and pass as is.
#pragma once

#include <string>
#include <string_view>

#include "api/client.h"

namespace backlog::api {

// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
// UTF-8 text (e.g. a Japanese keyword) becomes one %XX per byte.
std::string percent_encode(std::string_view text);

// `a=1&b%5B%5D=2` for the params in order (also the application/x-www-form-urlencoded body).
std::string encode_query(const Params& params);

// path + "?" + query (or "&" when the path already has a query); just path if query is empty.
std::string append_query(std::string_view path, std::string_view query);

}  // namespace backlog::api
