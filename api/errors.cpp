// Wording of ApiError messages (see errors.h).
#include "api/errors.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include <cctype>

namespace backlog::api {

namespace {

constexpr size_t kSummaryChars = 120;

// A short, single-line view of a body that is not a Backlog error (e.g. a proxy's HTML page).
std::string summarize_body(std::string_view body) {
  if (auto open = body.find("<title>"); open != std::string_view::npos) {
    auto close = body.find("</title>", open);
    if (close != std::string_view::npos) body = body.substr(open + 7, close - open - 7);
  }
  std::string out;
  for (char c : body) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
    if (out.size() >= kSummaryChars) {
      out += "…";
      break;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string gave_up(int retries) {
  return retries > 0 ? fmt::format(" (gave up after {} {})", retries, retries == 1 ? "retry" : "retries")
                     : std::string();
}

// What libcurl's failure means for the user, in words that name the server.
std::string transport_reason(int code, std::string_view base_url, long timeout_ms) {
  switch (static_cast<CURLcode>(code)) {
    case CURLE_COULDNT_CONNECT:
      return fmt::format("cannot connect to {}", base_url);
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("cannot resolve the host of {}", base_url);
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("no complete answer from {} within {} ms", base_url, timeout_ms);
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return fmt::format("connection to {} dropped", base_url);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return fmt::format("TLS failure talking to {}", base_url);
    default:
      return fmt::format("request to {} failed", base_url);
  }
}

}  // namespace

std::vector<BacklogError> parse_backlog_errors(std::string_view body) {
  std::vector<BacklogError> out;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  auto errors = doc.FindMember("errors");
  if (errors == doc.MemberEnd() || !errors->value.IsArray()) return out;
  for (const auto& e : errors->value.GetArray()) {
    if (!e.IsObject()) continue;
    BacklogError be;
    if (auto m = e.FindMember("code"); m != e.MemberEnd() && m->value.IsInt()) be.code = m->value.GetInt();
    if (auto m = e.FindMember("message"); m != e.MemberEnd() && m->value.IsString())
      be.message = m->value.GetString();
    if (auto m = e.FindMember("moreInfo"); m != e.MemberEnd() && m->value.IsString())
      be.more_info = m->value.GetString();
    out.push_back(std::move(be));
  }
  return out;
}

std::string describe_call(std::string_view method, std::string_view target) {
  return redact(fmt::format("{} {}", method, target));
}

ApiError http_error(std::string_view method, std::string_view target, long status,
                    std::string_view body, int retries) {
  std::string text = fmt::format("{}: HTTP {}", describe_call(method, target), status);
  std::vector<BacklogError> errors = parse_backlog_errors(body);
  for (size_t k = 0; k < errors.size(); ++k) {
    const BacklogError& e = errors[k];
    text += k == 0 ? ", " : "; ";
    text += fmt::format("Backlog error {} ({}", e.code, e.message);
    if (!e.more_info.empty()) text += fmt::format(": {}", e.more_info);
    text += ')';
  }
  if (errors.empty()) {
    std::string summary = summarize_body(body);
    if (!summary.empty()) text += fmt::format(", body: \"{}\"", summary);
  }
  text += gave_up(retries);
  return ApiError(redact(text), status, errors.empty() ? 0 : errors.front().code);
}

ApiError transport_error(std::string_view method, std::string_view target,
                         std::string_view base_url, int curl_code, long timeout_ms, int retries) {
  std::string text = fmt::format("{}: {} ({}){}", describe_call(method, target),
                                 transport_reason(curl_code, base_url, timeout_ms),
                                 curl_easy_strerror(static_cast<CURLcode>(curl_code)), gave_up(retries));
  return ApiError(redact(text), 0, 0);
}

ApiError client_error(std::string_view method, std::string_view target, std::string_view why) {
  return ApiError(redact(fmt::format("{}: {}", describe_call(method, target), why)), 0, 0);
}

}  // namespace backlog::api
