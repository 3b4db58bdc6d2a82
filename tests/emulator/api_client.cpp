// ApiClient implementation (see api_client.h).
#include "api_client.h"

namespace backlog::testing {

std::string ApiResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

int ApiResponse::error_code() const {
  if (!json.IsObject() || !json.HasMember("errors") || !json["errors"].IsArray() || json["errors"].Empty()) return 0;
  return json["errors"][0]["code"].GetInt();
}

ApiClient::ApiClient(const EmulatorProcess& emu) : client_("127.0.0.1", emu.port()), key_(emu.api_key()) {
  client_.set_url_encode(false);
  client_.set_read_timeout(60, 0);
}

std::string ApiClient::with_key(const std::string& target) const {
  return "/api/v2" + target + (target.find('?') == std::string::npos ? "?" : "&") + "apiKey=" + key_;
}

ApiResponse ApiClient::wrap(const httplib::Result& r) {
  ApiResponse out;
  if (!r) return out;
  out.transport_ok = true;
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  out.json.Parse(out.body.c_str());
  if (out.json.HasParseError()) out.json.SetNull();
  return out;
}

ApiResponse ApiClient::get(const std::string& target, bool with_key) {
  return wrap(client_.Get(with_key ? this->with_key(target) : "/api/v2" + target));
}

ApiResponse ApiClient::get_with_bearer(const std::string& target, const std::string& token) {
  return wrap(client_.Get("/api/v2" + target, {{"Authorization", "Bearer " + token}}));
}

ApiResponse ApiClient::send(const std::string& method, const std::string& target, const std::string& form_body) {
  const std::string path = with_key(target);
  const char* type = "application/x-www-form-urlencoded";
  if (method == "POST") return wrap(client_.Post(path, form_body, type));
  if (method == "PATCH") return wrap(client_.Patch(path, form_body, type));
  return wrap(client_.Delete(path, form_body, type));
}

ApiResponse ApiClient::raw_get(const std::string& absolute_target) { return wrap(client_.Get(absolute_target)); }

ApiResponse ApiClient::post_form_raw(const std::string& absolute_target, const std::string& form_body) {
  return wrap(client_.Post(absolute_target, form_body, "application/x-www-form-urlencoded"));
}

}  // namespace backlog::testing

namespace backlog::testing {

std::vector<int> all_issue_ids(ApiClient& api, const std::string& query) {
  std::vector<int> ids;
  for (int offset = 0;; offset += 100) {
    ApiResponse r = api.get("/issues?" + query + (query.empty() ? "" : "&") + "count=100&offset=" + std::to_string(offset));
    if (r.status != 200 || !r.json.IsArray()) throw std::runtime_error("issue list failed: " + r.body);
    for (const auto& issue : r.json.GetArray()) ids.push_back(issue["id"].GetInt());
    if (r.json.Size() < 100) break;
  }
  return ids;
}

IssuePages all_issues(ApiClient& api) {
  IssuePages out;
  for (int offset = 0;; offset += 100) {
    ApiResponse r = api.get("/issues?count=100&offset=" + std::to_string(offset));
    if (r.status != 200 || !r.json.IsArray()) throw std::runtime_error("issue list failed: " + r.body);
    const bool last = r.json.Size() < 100;
    out.pages.push_back(std::move(r.json));
    if (last) break;
  }
  return out;
}

}  // namespace backlog::testing
