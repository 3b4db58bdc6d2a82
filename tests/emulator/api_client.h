// A small HTTP client for the emulator tests: sends exactly the target it is given (no
// re-encoding), adds apiKey unless told not to, and parses JSON bodies.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <string>

#include "support/emulator_process.h"

namespace backlog::testing {

struct ApiResponse {
  bool transport_ok = false;      // false: the connection failed or was dropped
  int status = 0;
  std::string body;
  httplib::Headers headers;
  rapidjson::Document json;       // parsed body (Null when the body is not JSON)
  std::string header(const std::string& name) const;
  // The first Backlog error code, or 0.
  int error_code() const;
};

class ApiClient {
 public:
  explicit ApiClient(const EmulatorProcess& emu);
  // `target` is the path under /api/v2 plus an optional query, e.g. "/issues?count=5".
  ApiResponse get(const std::string& target, bool with_key = true);
  ApiResponse get_with_bearer(const std::string& target, const std::string& token);
  ApiResponse send(const std::string& method, const std::string& target, const std::string& form_body);
  ApiResponse raw_get(const std::string& absolute_target);   // no /api/v2 prefix, no key
  ApiResponse post_form_raw(const std::string& absolute_target, const std::string& form_body);
  std::string with_key(const std::string& target) const;

 private:
  ApiResponse wrap(const httplib::Result& r);
  httplib::Client client_;
  std::string key_;
};

}  // namespace backlog::testing

namespace backlog::testing {

// Every issue matching `query` (a query string without count/offset), fetched page by page
// with count=100; returns the ids in the order served.
std::vector<int> all_issue_ids(ApiClient& api, const std::string& query);

// The full issue list as JSON pages (count=100), for computing expectations.
struct IssuePages {
  std::vector<rapidjson::Document> pages;
  template <typename F>
  void each(F&& f) const {
    for (const auto& page : pages)
      for (const auto& issue : page.GetArray()) f(issue);
  }
};
IssuePages all_issues(ApiClient& api);

}  // namespace backlog::testing
