// Routing of emulator requests: a handler per (method, path pattern), grouped by the first
// path segment after /api/v2 so a request is matched against a handful of patterns only.
//
// Patterns read like the API reference: "/issues/:issueIdOrKey/comments/:commentId";
// a trailing "*" matches the rest of the path (shared file paths contain slashes).
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "json_out.h"
#include "model.h"
#include "params.h"
#include "rate_limiter.h"

namespace backlog::emulator {

class OAuthStore;

// Everything a handler may use. `data` is locked by the router: shared for GET, exclusive
// for writes.
struct Call {
  const httplib::Request& req;
  const Params& query;
  const Params& form;                  // form body of POST/PATCH/DELETE
  std::vector<std::string> args;       // the pattern's :placeholders, in order
  Dataset& data;
  int user_id;                         // the authenticated user (1 = "admin")
  RateWindow rate;
  OAuthStore* oauth = nullptr;
  const std::string& arg(size_t i) const { return args.at(i); }
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json;charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Reply(Call&)>;

class Router {
 public:
  // Paths are relative to /api/v2 unless they start with "//" (absolute, e.g. OAuth pages).
  void get(const std::string& pattern, Handler h) { add("GET", pattern, std::move(h)); }
  void post(const std::string& pattern, Handler h) { add("POST", pattern, std::move(h)); }
  void patch(const std::string& pattern, Handler h) { add("PATCH", pattern, std::move(h)); }
  void del(const std::string& pattern, Handler h) { add("DELETE", pattern, std::move(h)); }

  // Finds the handler for method+path; fills args. nullptr when nothing matches;
  // `path_known` tells whether another method would have matched (405 vs 404).
  const Handler* match(const std::string& method, const std::string& path, std::vector<std::string>& args,
                       bool& path_known) const;

 private:
  struct Route { std::string method; std::regex re; Handler handler; };
  void add(const std::string& method, const std::string& pattern, Handler h);
  static std::string group_of(const std::string& path);
  std::map<std::string, std::vector<Route>> groups_;
};

// Route tables, one per file (routes_*.cpp).
void add_space_routes(Router& r);
void add_user_routes(Router& r);
void add_project_routes(Router& r);
void add_issue_routes(Router& r);
void add_comment_routes(Router& r);
void add_wiki_routes(Router& r);
void add_git_routes(Router& r);
void add_issue_write_routes(Router& r);
void add_wiki_write_routes(Router& r);
void add_oauth_routes(Router& r);

// {"projectId":…,"issue":…,…}: shared by /space/diskUsage and /projects/:p/diskUsage.
void write_project_disk_usage(JsonWriter& w, const Dataset& d, const Project& p);

// A reply whose body is one JSON value written by `fill`.
template <typename Fill>
Reply json_reply(Fill&& fill, int status = 200);
// A reply whose body is a JSON array: `write(w, item)` for each item.
template <typename Items, typename Write>
Reply array_reply(const Items& items, Write&& write);

}  // namespace backlog::emulator

#include "json_out.h"

namespace backlog::emulator {
template <typename Fill>
Reply json_reply(Fill&& fill, int status) {
  JsonDoc doc;
  fill(doc.w);
  Reply r;
  r.status = status;
  r.body = doc.str();
  return r;
}
template <typename Items, typename Write>
Reply array_reply(const Items& items, Write&& write) {
  return json_reply([&](JsonWriter& w) {
    w.StartArray();
    for (const auto& x : items) write(w, x);
    w.EndArray();
  });
}
}  // namespace backlog::emulator
