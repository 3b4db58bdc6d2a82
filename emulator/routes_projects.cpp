// Project reads: the project list (archived/all), one project, its members,
// administrators, activities, teams, disk usage, issue types, categories, versions
// (milestones), statuses, custom fields and shared file directories.
#include "activity_list.h"
#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {
namespace {

// Registers GET /projects/:p/<what> answering an array of the project's `member` items.
template <typename T, typename Write>
void project_array(Router& r, const std::string& what, std::vector<T> Project::*member, Write write) {
  r.get("/projects/:projectIdOrKey/" + what, [member, write](Call& c) {
    const Project& p = project_arg(c.data, c.arg(0));
    return array_reply(p.*member, [&](JsonWriter& w, const auto& x) { write(w, c.data, x); });
  });
}

Reply shared_files(Call& c, std::string path) {
  const Project& p = project_arg(c.data, c.arg(0));
  while (!path.empty() && path.back() == '/') path.pop_back();
  while (!path.empty() && path.front() == '/') path.erase(path.begin());
  const std::string dir = path.empty() ? "/" : "/" + path + "/";
  std::vector<int> ids;
  for (int id : p.shared_file_ids)
    if (c.data.shared_files[id - 1].dir == dir) ids.push_back(id);
  if (!c.query.ascending(true)) std::reverse(ids.begin(), ids.end());
  const auto page = slice(ids, offset_page(c.query, 1000));
  return array_reply(page, [&](JsonWriter& w, int id) { write_shared_file(w, c.data, c.data.shared_files[id - 1]); });
}

}  // namespace

void add_project_routes(Router& r) {
  r.get("/projects", [](Call& c) {
    const auto archived = c.query.get_bool("archived");
    c.query.get_bool("all");   // validated; the API user is an administrator of every project
    return json_reply([&](JsonWriter& w) {
      w.StartArray();
      for (const auto& p : c.data.projects)
        if (!archived || p.archived == *archived) write_project(w, p);
      w.EndArray();
    });
  });
  r.get("/projects/:projectIdOrKey", [](Call& c) {
    const Project& p = project_arg(c.data, c.arg(0));
    return json_reply([&](JsonWriter& w) { write_project(w, p); });
  });
  auto user = [](JsonWriter& w, const Dataset& d, int id) { write_user(w, d, id); };
  project_array(r, "users", &Project::members, user);
  project_array(r, "administrators", &Project::administrators, user);
  project_array(r, "teams", &Project::teams, [](JsonWriter& w, const Dataset& d, int id) { write_team(w, d, d.teams[id - 1]); });
  project_array(r, "issueTypes", &Project::issue_types, [](JsonWriter& w, const Dataset&, const IssueType& t) { write_issue_type(w, t); });
  project_array(r, "statuses", &Project::statuses, [](JsonWriter& w, const Dataset&, const Status& s) { write_status(w, s); });
  project_array(r, "categories", &Project::categories, [](JsonWriter& w, const Dataset&, const Category& x) { write_category(w, x); });
  project_array(r, "versions", &Project::versions, [](JsonWriter& w, const Dataset&, const Version& v) { write_version(w, v); });
  project_array(r, "customFields", &Project::custom_fields, [](JsonWriter& w, const Dataset&, const CustomField& f) { write_custom_field(w, f); });
  r.get("/projects/:projectIdOrKey/activities", [](Call& c) { return activity_list(c, project_arg(c.data, c.arg(0)).id, 0); });
  r.get("/projects/:projectIdOrKey/diskUsage", [](Call& c) {
    const Project& p = project_arg(c.data, c.arg(0));
    return json_reply([&](JsonWriter& w) { write_project_disk_usage(w, c.data, p); });
  });
  r.get("/projects/:projectIdOrKey/files/metadata", [](Call& c) { return shared_files(c, ""); });
  r.get("/projects/:projectIdOrKey/files/metadata/*", [](Call& c) { return shared_files(c, c.arg(1)); });
}

}  // namespace backlog::emulator
