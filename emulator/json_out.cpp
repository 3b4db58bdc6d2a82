// Entity serializers: the field order and names follow the response examples of the
// official API reference (developer.nulab.com) and nulab/backlog-js src/entity.ts.
#include "json_out.h"

#include "activity_content.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace backlog::emulator {

void key(JsonWriter& w, std::string_view k) {
  assert(std::none_of(k.begin(), k.end(), [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }));
  w.PlainKey(k);
}
void str(JsonWriter& w, std::string_view k, std::string_view v) {
  key(w, k);
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}
void str_or_null(JsonWriter& w, std::string_view k, std::string_view v) {
  if (v.empty()) null(w, k); else str(w, k, v);
}
void num(JsonWriter& w, std::string_view k, int64_t v) { key(w, k); w.Int64(v); }
void boolean(JsonWriter& w, std::string_view k, bool v) { key(w, k); w.Bool(v); }
void null(JsonWriter& w, std::string_view k) { key(w, k); w.Null(); }
void time_or_null(JsonWriter& w, std::string_view k, Epoch t) {
  if (t == 0) null(w, k); else str(w, k, format_timestamp(t));
}
void date_or_null(JsonWriter& w, std::string_view k, int32_t day) {
  if (day == kNoDate) null(w, k); else str(w, k, format_date_field(day));
}
static void hours_or_null(JsonWriter& w, std::string_view k, double h) {
  key(w, k);
  if (h < 0) w.Null(); else w.Double(h);
}

// createdUser/created/updatedUser/updated, the audit quartet most objects end with.
static void write_authors(JsonWriter& w, const Dataset& d, int created_user, Epoch created, int updated_user, Epoch updated) {
  key(w, "createdUser");
  write_user(w, d, created_user);
  time_or_null(w, "created", created);
  key(w, "updatedUser");
  write_user(w, d, updated_user);
  time_or_null(w, "updated", updated);
}
static void write_attachments(JsonWriter& w, const Dataset& d, const std::vector<Attachment>& list) {
  key(w, "attachments");
  w.StartArray();
  for (const auto& a : list) write_attachment(w, d, a);
  w.EndArray();
}
static void write_shared_files(JsonWriter& w, const Dataset& d, const std::vector<int>& ids) {
  key(w, "sharedFiles");
  w.StartArray();
  for (int f : ids) write_shared_file(w, d, d.shared_files[f - 1]);
  w.EndArray();
}

void write_user(JsonWriter& w, const Dataset& d, int user_id) {
  const User* u = d.user(user_id);
  if (!u) { w.Null(); return; }
  w.StartObject();
  num(w, "id", u->id);
  str(w, "userId", u->user_id);
  str(w, "name", u->name);
  num(w, "roleType", u->role_type);
  str_or_null(w, "lang", u->lang);
  key(w, "nulabAccount");
  if (u->has_nulab_account) {
    w.StartObject();
    str(w, "nulabId", u->nulab_id);
    str(w, "name", u->name);
    str(w, "uniqueId", u->user_id);
    w.EndObject();
  } else {
    w.Null();
  }
  str(w, "mailAddress", u->mail);
  time_or_null(w, "lastLoginTime", u->last_login);
  w.EndObject();
}

void write_space(JsonWriter& w, const Dataset& d) {
  w.StartObject();
  str(w, "spaceKey", d.space.key);
  str(w, "name", d.space.name);
  num(w, "ownerId", d.space.owner_id);
  str(w, "lang", "ja");
  str(w, "timezone", "Asia/Tokyo");
  str(w, "reportSendTime", "08:00:00");
  str(w, "textFormattingRule", "markdown");
  time_or_null(w, "created", d.space.created);
  time_or_null(w, "updated", d.space.updated);
  w.EndObject();
}

void write_project(JsonWriter& w, const Project& p) {
  w.StartObject();
  num(w, "id", p.id);
  str(w, "projectKey", p.key);
  str(w, "name", p.name);
  // useGantt/useBurndown: not in today's reference example, but sent by the real service
  // (nulab/backlog4j project.json, projects.json): booleans, null on projects made through
  // API v2 (the second project of projects.json). One of each per three projects here.
  for (const char* k : {"useGantt", "useBurndown"}) {
    if (p.id % 3 == 0) null(w, k); else boolean(w, k, p.id % 3 == 1);
  }
  boolean(w, "chartEnabled", true);
  boolean(w, "useResolvedForChart", false);
  boolean(w, "subtaskingEnabled", true);
  boolean(w, "projectLeaderCanEditProjectLeader", false);
  boolean(w, "useWiki", true);
  boolean(w, "useFileSharing", true);
  boolean(w, "useWikiTreeView", true);
  boolean(w, "useOriginalImageSizeAtWiki", false);
  boolean(w, "useSubversion", false);
  boolean(w, "useGit", true);
  str(w, "textFormattingRule", p.text_formatting_rule);
  boolean(w, "archived", p.archived);
  num(w, "displayOrder", p.display_order);
  boolean(w, "useDevAttributes", true);
  boolean(w, "grandchildIssueEnabled", true);
  w.EndObject();
}

void write_issue_type(JsonWriter& w, const IssueType& t, bool with_templates) {
  w.StartObject();
  num(w, "id", t.id);
  num(w, "projectId", t.project_id);
  str(w, "name", t.name);
  str(w, "color", t.color);
  num(w, "displayOrder", t.display_order);
  if (with_templates) {
    null(w, "templateSummary");
    null(w, "templateDescription");
  }
  w.EndObject();
}

void write_status(JsonWriter& w, const Status& s) {
  w.StartObject();
  num(w, "id", s.id);
  num(w, "projectId", s.project_id);
  str(w, "name", s.name);
  str(w, "color", s.color);
  num(w, "displayOrder", s.display_order);
  w.EndObject();
}

void write_category(JsonWriter& w, const Category& c) {
  w.StartObject();
  num(w, "id", c.id);
  num(w, "projectId", c.project_id);
  str(w, "name", c.name);
  num(w, "displayOrder", c.display_order);
  w.EndObject();
}

void write_version(JsonWriter& w, const Version& v) {
  w.StartObject();
  num(w, "id", v.id);
  num(w, "projectId", v.project_id);
  str(w, "name", v.name);
  str(w, "description", v.description);
  date_or_null(w, "startDate", v.start_date);
  date_or_null(w, "releaseDueDate", v.release_due_date);
  boolean(w, "archived", v.archived);
  num(w, "displayOrder", v.display_order);
  w.EndObject();
}

static void write_list_item(JsonWriter& w, const ListItem& it) {
  w.StartObject();
  num(w, "id", it.id);
  str(w, "name", it.name);
  num(w, "displayOrder", it.display_order);
  w.EndObject();
}

void write_custom_field(JsonWriter& w, const CustomField& f) {
  w.StartObject();
  num(w, "id", f.id);
  num(w, "projectId", f.project_id);
  num(w, "typeId", f.type_id);
  num(w, "version", 1);
  str(w, "name", f.name);
  str(w, "description", f.description);
  boolean(w, "required", f.required);
  boolean(w, "useIssueType", !f.applicable_issue_types.empty());
  key(w, "applicableIssueTypes");
  w.StartArray();
  for (int t : f.applicable_issue_types) w.Int(t);
  w.EndArray();
  num(w, "displayOrder", f.display_order);
  if (f.type_id == 3) {
    null(w, "min");
    null(w, "max");
    null(w, "initialValue");
    str(w, "unit", "h");
  } else if (f.type_id == 4) {
    null(w, "min");
    null(w, "max");
    null(w, "initialDate");
  } else if (f.type_id >= 5) {
    boolean(w, "allowAddItem", true);
    key(w, "items");
    w.StartArray();
    for (const auto& it : f.items) write_list_item(w, it);
    w.EndArray();
    if (f.type_id >= 7) boolean(w, "allowInput", false);
  }
  w.EndObject();
}

void write_attachment(JsonWriter& w, const Dataset& d, const Attachment& a) {
  w.StartObject();
  num(w, "id", a.id);
  str(w, "name", a.name);
  num(w, "size", a.size);
  key(w, "createdUser");
  write_user(w, d, a.created_user);
  time_or_null(w, "created", a.created);
  w.EndObject();
}

void write_shared_file(JsonWriter& w, const Dataset& d, const SharedFile& f) {
  w.StartObject();
  num(w, "id", f.id);
  num(w, "projectId", f.project_id);
  str(w, "type", f.directory ? "directory" : "file");
  str(w, "dir", f.dir);
  str(w, "name", f.name);
  key(w, "size");
  if (f.directory) w.Null(); else w.Int64(f.size);
  write_authors(w, d, f.created_user, f.created, f.updated_user, f.updated);
  w.EndObject();
}

void write_star(JsonWriter& w, const Dataset& d, const Star& s) {
  w.StartObject();
  num(w, "id", s.id);
  null(w, "comment");
  str(w, "url", s.url);
  str(w, "title", s.title);
  key(w, "presenter");
  write_user(w, d, s.presenter);
  time_or_null(w, "created", s.created);
  w.EndObject();
}

static void write_stars(JsonWriter& w, const Dataset& d, const std::vector<int>& ids) {
  key(w, "stars");
  w.StartArray();
  for (int id : ids) write_star(w, d, d.stars[id - 1]);
  w.EndArray();
}

static void write_custom_value(JsonWriter& w, const CustomField& f, const CustomValue& v) {
  w.StartObject();
  num(w, "id", f.id);
  num(w, "fieldTypeId", f.type_id);
  str(w, "name", f.name);
  key(w, "value");
  auto item = [&](int id) {
    for (const auto& it : f.items)
      if (it.id == id) return write_list_item(w, it);
    w.Null();
  };
  if (f.type_id == 6 || f.type_id == 7) {
    w.StartArray();
    if (!v.null)
      for (int id : v.items) item(id);
    w.EndArray();
  } else if (v.null) {
    w.Null();
  } else if (f.type_id == 3) {
    w.Double(v.number);
  } else if (f.type_id == 4) {
    auto day = parse_ymd(v.text);
    w.String(day ? format_date_field(*day) : v.text);
  } else if (f.type_id == 5 || f.type_id == 8) {
    item(v.items.empty() ? 0 : v.items.front());
  } else {
    w.String(v.text);
  }
  if (f.type_id >= 7) null(w, "otherValue");
  w.EndObject();
}

void write_issue(JsonWriter& w, const Dataset& d, const Issue& i, bool child_summary) {
  const Project& p = d.projects[i.project_id - 1];
  w.StartObject();
  num(w, "id", i.id);
  num(w, "projectId", i.project_id);
  str(w, "issueKey", p.key + "-" + std::to_string(i.key_id));
  num(w, "keyId", i.key_id);
  key(w, "issueType");
  if (auto* t = d.issue_type(i.project_id, i.issue_type_id)) write_issue_type(w, *t, false); else w.Null();
  str(w, "summary", i.summary);
  str(w, "description", i.description);
  key(w, "resolution");
  if (const char* r = resolution_name(i.resolution_id)) {
    w.StartObject();
    num(w, "id", i.resolution_id);
    str(w, "name", r);
    w.EndObject();
  } else {
    w.Null();
  }
  key(w, "priority");
  w.StartObject();
  num(w, "id", i.priority_id);
  str(w, "name", priority_name(i.priority_id) ? priority_name(i.priority_id) : "");
  w.EndObject();
  key(w, "status");
  if (auto* s = d.status(i.project_id, i.status_id)) write_status(w, *s); else w.Null();
  key(w, "assignee");
  write_user(w, d, i.assignee_id);
  key(w, "category");
  w.StartArray();
  for (int c : i.categories)
    if (auto* cat = d.category(i.project_id, c)) write_category(w, *cat);
  w.EndArray();
  for (auto [name, ids] : {std::pair{"versions", &i.versions}, std::pair{"milestone", &i.milestones}}) {
    key(w, name);
    w.StartArray();
    for (int v : *ids)
      if (auto* ver = d.version(i.project_id, v)) write_version(w, *ver);
    w.EndArray();
  }
  date_or_null(w, "startDate", i.start_date);
  // The due date's older name, still sent next to dueDate with the same value
  // (nulab/backlog4j issue.json; change logs of due-date edits say "limitDate" too).
  date_or_null(w, "limitDate", i.due_date);
  date_or_null(w, "dueDate", i.due_date);
  hours_or_null(w, "estimatedHours", i.estimated_hours);
  hours_or_null(w, "actualHours", i.actual_hours);
  key(w, "parentIssueId");
  if (i.parent_id) w.Int(i.parent_id); else w.Null();
  write_authors(w, d, i.created_user, i.created, i.updated_user, i.updated);
  key(w, "customFields");
  w.StartArray();
  for (const auto& v : i.custom_values) {
    auto it = d.custom_field_by_id.find(v.field_id);
    if (it != d.custom_field_by_id.end()) write_custom_value(w, *it->second, v);
  }
  w.EndArray();
  write_attachments(w, d, i.attachments);
  write_shared_files(w, d, i.shared_files);
  write_stars(w, d, i.stars);
  if (child_summary) {
    int closed = 0;   // status 4 (完了) counts as closed
    if (i.child_count > 0)
      for (int id : p.issue_ids) {
        const Issue& c = d.issues[id - 1];
        closed += !c.deleted && c.parent_id == i.id && c.status_id == 4;
      }
    key(w, "childIssueSummary");
    w.StartObject();
    num(w, "total", i.child_count);
    num(w, "closed", closed);
    w.EndObject();
  }
  w.EndObject();
}

void write_comment_notification(JsonWriter& w, const Dataset& d, int id, int user_id) {
  w.StartObject();
  num(w, "id", id);
  boolean(w, "alreadyRead", id % 2 == 0);
  num(w, "reason", 2);
  key(w, "user");
  write_user(w, d, user_id);
  boolean(w, "resourceAlreadyRead", id % 3 == 0);
  w.EndObject();
}

static void write_change_log(JsonWriter& w, const std::vector<ChangeLogEntry>& log, bool issue) {
  key(w, "changeLog");
  w.StartArray();
  for (const auto& c : log) {
    w.StartObject();
    str(w, "field", c.field);
    str_or_null(w, "newValue", c.new_value);
    str_or_null(w, "originalValue", c.original_value);
    // Issue comments only (PR comment entries have just the three fields above). The
    // documented entries carry attachmentInfo {id,type}, attributeInfo {id,typeId} and
    // notificationInfo {type} when the change concerns an attachment, a custom field or a
    // notification, else null (nulab/backlog4j issue_comments.json, backlog-js ChangeLog).
    // The emulator has no attachment uploads and no notification changes, so only
    // custom-field changes fill one of them.
    if (issue) {
      null(w, "attachmentInfo");
      key(w, "attributeInfo");
      if (c.attribute_id) {
        w.StartObject();
        num(w, "id", c.attribute_id);
        num(w, "typeId", c.attribute_type_id);
        w.EndObject();
      } else {
        w.Null();
      }
      null(w, "notificationInfo");
    }
    w.EndObject();
  }
  w.EndArray();
}

void write_comment(JsonWriter& w, const Dataset& d, const Comment& c) {
  w.StartObject();
  num(w, "id", c.id);
  num(w, "projectId", c.project_id);
  num(w, "issueId", c.issue_id);
  str_or_null(w, "content", c.content);
  write_change_log(w, c.change_log, true);
  key(w, "createdUser");
  write_user(w, d, c.created_user);
  time_or_null(w, "created", c.created);
  time_or_null(w, "updated", c.updated);
  write_stars(w, d, c.stars);
  key(w, "notifications");
  w.StartArray();
  for (size_t k = 0; k < c.notified_users.size(); ++k)
    write_comment_notification(w, d, c.id * 10 + static_cast<int>(k), c.notified_users[k]);
  w.EndArray();
  w.EndObject();
}

std::string wiki_tag_name(const Dataset& d, int tag_id) {
  for (const auto& p : d.projects)
    if (tag_id > p.tag_id_base && tag_id <= p.tag_id_base + static_cast<int>(p.wiki_tags.size()))
      return p.wiki_tags[tag_id - p.tag_id_base - 1];
  return "";
}

void write_wiki_tag(JsonWriter& w, const Dataset& d, int tag_id) {
  w.StartObject();
  num(w, "id", tag_id);
  str(w, "name", wiki_tag_name(d, tag_id));
  w.EndObject();
}

static void write_wiki_common(JsonWriter& w, const Dataset& d, const Wiki& wk, bool full) {
  w.StartObject();
  num(w, "id", wk.id);
  num(w, "projectId", wk.project_id);
  str(w, "name", wk.name);
  if (full) str(w, "content", wk.content);
  key(w, "tags");
  w.StartArray();
  for (int t : wk.tags) write_wiki_tag(w, d, t);
  w.EndArray();
  if (full) {
    write_attachments(w, d, wk.attachments);
    write_shared_files(w, d, wk.shared_files);
    write_stars(w, d, wk.stars);
  }
  write_authors(w, d, wk.created_user, wk.created, wk.updated_user, wk.updated);
  w.EndObject();
}
void write_wiki_list_item(JsonWriter& w, const Dataset& d, const Wiki& wk) { write_wiki_common(w, d, wk, false); }
void write_wiki(JsonWriter& w, const Dataset& d, const Wiki& wk) { write_wiki_common(w, d, wk, true); }

void write_activity(JsonWriter& w, const Dataset& d, const Activity& a) {
  w.StartObject();
  num(w, "id", a.id);
  key(w, "project");
  write_project(w, d.projects[a.project_id - 1]);
  num(w, "type", a.type);
  key(w, "content");
  if (a.content_json.empty()) {
    const std::string content = generated_issue_content(d, a);
    w.RawValue(content.data(), content.size(), rapidjson::kObjectType);
  } else {
    w.RawValue(a.content_json.data(), a.content_json.size(), rapidjson::kObjectType);
  }
  key(w, "notifications");
  w.StartArray();
  w.EndArray();
  key(w, "createdUser");
  write_user(w, d, a.created_user);
  time_or_null(w, "created", a.created);
  w.EndObject();
}

void write_repo(JsonWriter& w, const Dataset& d, const GitRepo& r) {
  const Project& p = d.projects[r.project_id - 1];
  w.StartObject();
  num(w, "id", r.id);
  num(w, "projectId", r.project_id);
  str(w, "name", r.name);
  str(w, "description", r.description);
  null(w, "hookUrl");
  str(w, "httpUrl", "https://" + d.space.key + ".backlog.com/git/" + p.key + "/" + r.name + ".git");
  str(w, "sshUrl", d.space.key + "@" + d.space.key + ".git.backlog.com:/" + p.key + "/" + r.name + ".git");
  num(w, "displayOrder", r.display_order);
  time_or_null(w, "pushedAt", r.pushed_at);
  write_authors(w, d, r.created_user, r.created, r.updated_user, r.updated);
  w.EndObject();
}

void write_pull_request(JsonWriter& w, const Dataset& d, const PullRequest& pr, bool full_issue) {
  w.StartObject();
  num(w, "id", pr.id);
  num(w, "projectId", pr.project_id);
  num(w, "repositoryId", pr.repo_id);
  num(w, "number", pr.number);
  str(w, "summary", pr.summary);
  str(w, "description", pr.description);
  str(w, "base", pr.base);
  str(w, "branch", pr.branch);
  key(w, "status");
  w.StartObject();
  num(w, "id", pr.status_id);
  str(w, "name", kPullRequestStatuses[pr.status_id - 1].name);
  w.EndObject();
  key(w, "assignee");
  write_user(w, d, pr.assignee_id);
  key(w, "issue");
  if (!pr.issue_id || d.issues[pr.issue_id - 1].deleted) {
    w.Null();
  } else if (full_issue) {
    write_issue(w, d, d.issues[pr.issue_id - 1]);
  } else {   // the list example carries only the issue's id
    w.StartObject();
    num(w, "id", pr.issue_id);
    w.EndObject();
  }
  str_or_null(w, "baseCommit", pr.base_commit);
  str_or_null(w, "branchCommit", pr.branch_commit);
  str_or_null(w, "mergeCommit", pr.merge_commit);
  time_or_null(w, "closeAt", pr.close_at);
  time_or_null(w, "mergeAt", pr.merge_at);
  write_authors(w, d, pr.created_user, pr.created, pr.updated_user, pr.updated);
  write_attachments(w, d, pr.attachments);
  key(w, "stars");
  w.StartArray();
  w.EndArray();
  w.EndObject();
}

void write_pr_comment(JsonWriter& w, const Dataset& d, const PullRequestComment& c) {
  w.StartObject();
  num(w, "id", c.id);
  str(w, "content", c.content);
  write_change_log(w, c.change_log, false);
  key(w, "createdUser");
  write_user(w, d, c.created_user);
  time_or_null(w, "created", c.created);
  time_or_null(w, "updated", c.updated);
  key(w, "stars");
  w.StartArray();
  w.EndArray();
  key(w, "notifications");
  w.StartArray();
  w.EndArray();
  w.EndObject();
}

void write_team(JsonWriter& w, const Dataset& d, const Team& t) {
  w.StartObject();
  num(w, "id", t.id);
  str(w, "name", t.name);
  key(w, "members");
  w.StartArray();
  for (int u : t.members) write_user(w, d, u);
  w.EndArray();
  null(w, "displayOrder");
  write_authors(w, d, t.created_user, t.created, t.updated_user, t.updated);
  w.EndObject();
}

void write_notification(JsonWriter& w, const Dataset& d, const Notification& n) {
  w.StartObject();
  num(w, "id", n.id);
  boolean(w, "alreadyRead", n.already_read);
  num(w, "reason", n.reason);
  boolean(w, "resourceAlreadyRead", n.resource_already_read);
  key(w, "project");
  write_project(w, d.projects[n.project_id - 1]);
  key(w, "issue");
  if (n.issue_id && !d.issues[n.issue_id - 1].deleted) write_issue(w, d, d.issues[n.issue_id - 1]); else w.Null();
  key(w, "comment");
  if (n.comment_id && !d.comments[n.comment_id - 1].deleted) write_comment(w, d, d.comments[n.comment_id - 1]); else w.Null();
  key(w, "pullRequest");
  w.Null();
  key(w, "pullRequestComment");
  w.Null();
  key(w, "sender");
  write_user(w, d, n.sender);
  time_or_null(w, "created", n.created);
  w.EndObject();
}

void write_watching(JsonWriter& w, const Dataset& d, const Watching& wt) {
  const Issue& i = d.issues[wt.issue_id - 1];
  w.StartObject();
  num(w, "id", wt.id);
  boolean(w, "resourceAlreadyRead", wt.resource_already_read);
  str(w, "note", wt.note);
  str(w, "type", "issue");
  key(w, "issue");
  write_issue(w, d, i);
  time_or_null(w, "lastContentUpdated", i.updated);
  time_or_null(w, "created", wt.created);
  time_or_null(w, "updated", wt.updated);
  w.EndObject();
}

void write_count(JsonWriter& w, int64_t count) {
  w.StartObject();
  num(w, "count", count);
  w.EndObject();
}

}  // namespace backlog::emulator
