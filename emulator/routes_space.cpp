// Space-wide reads: space, its activities, disk usage, notification, licence, rate limit,
// priorities, resolutions, the API user's notifications, and teams.
#include "activity_list.h"
#include "api_error.h"
#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {
namespace {

struct Usage { int64_t issue = 0, wiki = 0, file = 0, git = 0; };

Usage project_usage(const Dataset& d, const Project& p) {
  Usage u;
  for (int id : p.issue_ids)
    for (const auto& a : d.issues[id - 1].attachments) u.issue += a.size;
  for (int id : p.wiki_ids)
    for (const auto& a : d.wikis[id - 1].attachments) u.wiki += a.size;
  for (int id : p.shared_file_ids) u.file += d.shared_files[id - 1].size;
  u.git = static_cast<int64_t>(p.repo_ids.size()) * 1'048'576;
  return u;
}

void write_usage(JsonWriter& w, const Usage& u) {
  num(w, "issue", u.issue);
  num(w, "wiki", u.wiki);
  num(w, "file", u.file);
  num(w, "subversion", 0);
  num(w, "git", u.git);
  num(w, "gitLFS", 0);
}

void write_window(JsonWriter& w, const char* name, const RateWindow& r) {
  key(w, name);
  w.StartObject();
  num(w, "limit", r.limit);
  num(w, "remaining", r.remaining);
  num(w, "reset", r.reset);
  w.EndObject();
}

}  // namespace

void write_project_disk_usage(JsonWriter& w, const Dataset& d, const Project& p) {
  w.StartObject();
  num(w, "projectId", p.id);
  write_usage(w, project_usage(d, p));
  w.EndObject();
}

void add_space_routes(Router& r) {
  r.get("/space", [](Call& c) { return json_reply([&](JsonWriter& w) { write_space(w, c.data); }); });
  r.get("/space/activities", [](Call& c) { return activity_list(c, 0, 0); });
  r.get("/space/diskUsage", [](Call& c) {
    return json_reply([&](JsonWriter& w) {
      Usage total;
      for (const auto& p : c.data.projects) {
        Usage u = project_usage(c.data, p);
        total.issue += u.issue; total.wiki += u.wiki; total.file += u.file; total.git += u.git;
      }
      w.StartObject();
      num(w, "capacity", 1'073'741'824LL * 100);
      write_usage(w, total);
      key(w, "details");
      w.StartArray();
      for (const auto& p : c.data.projects) write_project_disk_usage(w, c.data, p);
      w.EndArray();
      w.EndObject();
    });
  });
  r.get("/space/notification", [](Call& c) {
    return json_reply([&](JsonWriter& w) {
      w.StartObject();
      str(w, "content", c.data.space.notification);
      time_or_null(w, "updated", c.data.space.notification_updated);
      w.EndObject();
    });
  });
  r.get("/space/licence", [](Call&) {
    return json_reply([](JsonWriter& w) {
      w.StartObject();
      boolean(w, "active", true);
      num(w, "attachmentLimit", 0);
      num(w, "attachmentLimitPerFile", 0);
      num(w, "attachmentNumLimit", 0);
      boolean(w, "attribute", true);
      num(w, "attributeLimit", 0);
      boolean(w, "burndown", true);
      num(w, "commentLimit", 0);
      num(w, "componentLimit", 0);
      boolean(w, "fileSharing", true);
      boolean(w, "gantt", true);
      boolean(w, "git", true);
      boolean(w, "grandchildIssueEnabled", true);
      num(w, "issueLimit", 0);
      num(w, "licenceTypeId", 46);
      str(w, "limitDate", "2030-12-31T00:00:00Z");
      boolean(w, "nulabAccount", true);
      boolean(w, "parentChildIssue", true);
      boolean(w, "postIssueByMail", true);
      num(w, "projectLimit", 0);
      num(w, "pullRequestAttachmentLimitPerFile", 0);
      num(w, "pullRequestAttachmentNumLimit", 0);
      boolean(w, "remoteAddress", true);
      num(w, "remoteAddressLimit", 0);
      str(w, "startedOn", "2018-12-01T00:00:00Z");
      num(w, "storageLimit", 1'073'741'824LL * 100);
      boolean(w, "subversion", true);
      boolean(w, "subversionExternal", true);
      num(w, "userLimit", 0);
      num(w, "versionLimit", 0);
      boolean(w, "wikiAttachment", true);
      num(w, "wikiAttachmentLimitPerFile", 0);
      num(w, "wikiAttachmentNumLimit", 0);
      w.EndObject();
    });
  });
  r.get("/rateLimit", [](Call& c) {
    return json_reply([&](JsonWriter& w) {
      w.StartObject();
      key(w, "rateLimit");
      w.StartObject();
      for (const char* name : {"read", "update", "search", "icon"}) write_window(w, name, c.rate);
      w.EndObject();
      w.EndObject();
    });
  });
  auto named_list = [](const auto& table) {
    return [&table](Call&) {
      return json_reply([&](JsonWriter& w) {
        w.StartArray();
        for (const auto& n : table) {
          w.StartObject();
          num(w, "id", n.id);
          str(w, "name", n.name);
          w.EndObject();
        }
        w.EndArray();
      });
    };
  };
  r.get("/priorities", named_list(kPriorities));
  r.get("/resolutions", named_list(kResolutions));

  r.get("/notifications/count", [](Call& c) {
    const auto already = c.query.get_bool("alreadyRead");
    const auto resource = c.query.get_bool("resourceAlreadyRead");
    int64_t n = 0;
    for (const auto& x : c.data.notifications)
      if ((!already || x.already_read == *already) && (!resource || x.resource_already_read == *resource)) ++n;
    return json_reply([&](JsonWriter& w) { write_count(w, n); });
  });
  r.get("/notifications", [](Call& c) {
    const auto page = select_page(c.data.notifications, id_page(c.query), [](const Notification& n) { return n.id; });
    return array_reply(page, [&](JsonWriter& w, const auto& n) { write_notification(w, c.data, n); });
  });

  r.get("/teams", [](Call& c) {
    std::vector<int> ids;
    for (const auto& t : c.data.teams) ids.push_back(t.id);
    if (!c.query.ascending(false)) std::reverse(ids.begin(), ids.end());
    const auto page = slice(ids, offset_page(c.query));
    return array_reply(page, [&](JsonWriter& w, int id) { write_team(w, c.data, c.data.teams[id - 1]); });
  });
  r.get("/teams/:teamId", [](Call& c) {
    const int id = parse_id(c.arg(0));
    if (!id || id > static_cast<int>(c.data.teams.size())) throw ApiError(404, kNoResource, "No team (" + c.arg(0) + ").");
    return json_reply([&](JsonWriter& w) { write_team(w, c.data, c.data.teams[id - 1]); });
  });
}

}  // namespace backlog::emulator
