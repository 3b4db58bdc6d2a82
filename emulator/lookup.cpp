// Path argument resolution (see lookup.h).
#include "lookup.h"

#include <charconv>

#include "api_error.h"

namespace backlog::emulator {

int parse_id(const std::string& s) {
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && v > 0 ? v : 0;
}

Project& project_arg(Dataset& d, const std::string& id_or_key) {
  if (int id = parse_id(id_or_key); id && id <= static_cast<int>(d.projects.size())) return d.projects[id - 1];
  for (auto& p : d.projects)
    if (p.key == id_or_key) return p;
  throw no_resource("project (" + id_or_key + ")");
}

Issue& issue_arg(Dataset& d, const std::string& id_or_key) {
  Issue* found = nullptr;
  if (int id = parse_id(id_or_key); id && id <= static_cast<int>(d.issues.size())) {
    found = &d.issues[id - 1];
  } else if (auto dash = id_or_key.rfind('-'); dash != std::string::npos) {
    const std::string key = id_or_key.substr(0, dash);
    const int key_id = parse_id(id_or_key.substr(dash + 1));
    for (auto& p : d.projects)
      if (p.key == key && key_id && key_id <= static_cast<int>(p.issue_ids.size()))
        found = &d.issues[p.issue_ids[key_id - 1] - 1];
  }
  if (!found || found->deleted) throw no_resource("issue (" + id_or_key + ")");
  return *found;
}

User& user_arg(Dataset& d, const std::string& id) {
  int n = parse_id(id);
  if (!n || n > static_cast<int>(d.users.size())) throw no_resource("user (" + id + ")");
  return d.users[n - 1];
}

Wiki& wiki_arg(Dataset& d, const std::string& id) {
  int n = parse_id(id);
  if (!n || n > static_cast<int>(d.wikis.size()) || d.wikis[n - 1].deleted) throw no_resource("wiki (" + id + ")");
  return d.wikis[n - 1];
}

Comment& comment_arg(Dataset& d, const Issue& issue, const std::string& id) {
  int n = parse_id(id);
  if (!n || n > static_cast<int>(d.comments.size()) || d.comments[n - 1].deleted || d.comments[n - 1].issue_id != issue.id)
    throw no_resource("comment (" + id + ")");
  return d.comments[n - 1];
}

GitRepo& repo_arg(Dataset& d, const Project& p, const std::string& id_or_name) {
  const int id = parse_id(id_or_name);
  for (int r : p.repo_ids)
    if (r == id || d.repos[r - 1].name == id_or_name) return d.repos[r - 1];
  throw no_resource("repository (" + id_or_name + ")");
}

PullRequest& pull_request_arg(Dataset& d, const GitRepo& repo, const std::string& number) {
  const int n = parse_id(number);
  if (!n || n > static_cast<int>(repo.pull_request_ids.size())) throw no_resource("pull request (" + number + ")");
  return d.pull_requests[repo.pull_request_ids[n - 1] - 1];
}

std::string issue_key(const Dataset& d, const Issue& i) {
  return d.projects[i.project_id - 1].key + "-" + std::to_string(i.key_id);
}

}  // namespace backlog::emulator
