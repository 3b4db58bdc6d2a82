// Percent-encoding and query building for requests (see url.h).
#include "api/url.h"

namespace backlog::api {

namespace {
bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}
}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string encode_query(const Params& params) {
  std::string out;
  for (const Param& p : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(p.name);
    out += '=';
    out += percent_encode(p.value);
  }
  return out;
}

std::string append_query(std::string_view path, std::string_view query) {
  std::string out(path);
  if (query.empty()) return out;
  out += path.find('?') == std::string_view::npos ? '?' : '&';
  out += query;
  return out;
}

}  // namespace backlog::api
