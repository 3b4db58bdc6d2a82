// Pattern compilation and matching for router.h.
#include "router.h"

namespace backlog::emulator {

static const std::string kApiPrefix = "/api/v2";

std::string Router::group_of(const std::string& path) {
  // "/api/v2/issues/1" → "issues"; anything else → its first segment marked absolute.
  std::string rest = path;
  std::string mark;
  if (rest.rfind(kApiPrefix + "/", 0) == 0) {
    rest = rest.substr(kApiPrefix.size() + 1);
  } else {
    mark = "//";
    rest = rest.empty() ? rest : rest.substr(1);
  }
  return mark + rest.substr(0, rest.find('/'));
}

void Router::add(const std::string& method, const std::string& pattern, Handler h) {
  const std::string path = pattern.rfind("//", 0) == 0 ? pattern.substr(1) : kApiPrefix + pattern;
  std::string re;
  for (size_t i = 0; i < path.size();) {
    if (path[i] == ':') {
      size_t j = i + 1;
      while (j < path.size() && path[j] != '/') ++j;
      re += "([^/]+)";
      i = j;
    } else if (path[i] == '*') {
      re += "(.*)";
      ++i;
    } else {
      if (std::string(".[]{}()\\^$|?+").find(path[i]) != std::string::npos) re += '\\';
      re += path[i++];
    }
  }
  groups_[group_of(path)].push_back({method, std::regex(re), std::move(h)});
}

const Handler* Router::match(const std::string& method, const std::string& path, std::vector<std::string>& args,
                             bool& path_known) const {
  path_known = false;
  auto it = groups_.find(group_of(path));
  if (it == groups_.end()) return nullptr;
  std::smatch m;
  for (const auto& route : it->second) {
    if (!std::regex_match(path, m, route.re)) continue;
    path_known = true;
    if (route.method != method) continue;
    args.clear();
    for (size_t i = 1; i < m.size(); ++i) args.push_back(m[i].str());
    return &route.handler;
  }
  return nullptr;
}

}  // namespace backlog::emulator
