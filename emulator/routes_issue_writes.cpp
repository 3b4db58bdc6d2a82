// Issue and comment writes (form-encoded, like the real API):
//   POST /issues                     → 201, the new issue; activity type 1
//   PATCH /issues/:i                 → the issue; a change-log comment and activity type 2
//   DELETE /issues/:i                → the deleted issue; activity type 4; later 404
//   POST /issues/:i/comments         → 201, the comment; activity type 3
//   PATCH /issues/:i/comments/:id    → the comment (its `updated` moves; no activity)
//   DELETE /issues/:i/comments/:id   → the deleted comment
// Every change moves the issue's `updated`/`updatedUser` to now and the API user.
#include <algorithm>
#include <cstdio>

#include "activity_content.h"
#include "api_error.h"
#include "lookup.h"
#include "router.h"
#include "write_support.h"

namespace backlog::emulator {
namespace {

struct ChangeSet {
  std::vector<ActivityChange> changes;
  void add(const std::string& field, const std::string& old_value, const std::string& new_value,
           const CustomField* custom = nullptr) {
    if (old_value == new_value) return;
    changes.push_back({field, new_value, old_value, custom ? custom->id : 0, custom ? custom->type_id : 0});
  }
};

std::string hours_text(double h) {
  if (h < 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", h);
  return buf;
}
std::string date_text(int32_t day) { return day == kNoDate ? "" : format_ymd(day); }

template <typename Named>
std::string names(const std::vector<int>& ids, const std::vector<Named>& all) {
  std::string out;
  for (int id : ids)
    for (const auto& x : all)
      if (x.id == id) out += (out.empty() ? "" : ",") + x.name;
  return out;
}

std::string user_name(const Dataset& d, int id) { return d.user(id) ? d.user(id)->name : ""; }

// Optional date / hours fields: absent = unchanged, "" = cleared.
void set_date(const Params& f, const char* name, int32_t& field) {
  if (!f.has(name)) return;
  field = f.get(name)->empty() ? kNoDate : *f.get_date(name);
}
void set_hours(const Params& f, const char* name, double& field) {
  if (!f.has(name)) return;
  if (f.get(name)->empty()) { field = -1; return; }
  const double h = *f.get_double(name);
  if (h < 0) throw bad_parameter(std::string("The parameter '") + name + "' must not be negative.");
  field = h;
}

// Height of the family below an issue: 0 no children, 1 children, 2 grandchildren.
int subtree_height(const Dataset& d, const Project& p, int issue_id) {
  int height = 0;
  for (int id : p.issue_ids) {
    const Issue& x = d.issues[id - 1];
    if (x.deleted || x.parent_id != issue_id) continue;
    height = std::max(height, x.child_count > 0 ? 2 : 1);
  }
  return height;
}

// Validates and sets parentIssueId on `i` (a copy being edited). Backlog allows two levels
// below a top-level issue, and no cycles. Counters and depths are recomputed afterwards
// by reindex_family().
void set_parent(const Dataset& d, const Project& p, Issue& i, const Params& f) {
  if (!f.has("parentIssueId")) return;
  int new_parent = 0;
  if (!f.get("parentIssueId")->empty()) {
    const int64_t pid = *f.get_int("parentIssueId");
    bool ok = pid >= 1 && pid <= static_cast<int64_t>(d.issues.size()) && !d.issues[pid - 1].deleted &&
              d.issues[pid - 1].project_id == i.project_id;
    for (int64_t up = pid; ok && up; up = d.issues[up - 1].parent_id) ok = up != i.id;   // no cycles
    if (ok) ok = d.issues[pid - 1].depth + 1 + subtree_height(d, p, i.id) <= 2;
    if (!ok) throw bad_parameter("The parameter 'parentIssueId' must name an issue of the same project that can have this issue as a child.");
    new_parent = static_cast<int>(pid);
  }
  i.parent_id = new_parent;
}

// Recomputes child counts and depths of a project's issues after a parent changed or an
// issue was deleted (children of a deleted issue become top-level issues).
void reindex_family(Dataset& d, const Project& p) {
  for (int id : p.issue_ids) d.issues[id - 1].child_count = 0;
  for (int id : p.issue_ids) {
    Issue& x = d.issues[id - 1];
    if (x.parent_id && d.issues[x.parent_id - 1].deleted) x.parent_id = 0;
    if (!x.deleted && x.parent_id) ++d.issues[x.parent_id - 1].child_count;
  }
  for (int id : p.issue_ids) {
    Issue& x = d.issues[id - 1];
    x.depth = 0;
    for (int up = x.parent_id; up && x.depth < 3; up = d.issues[up - 1].parent_id) ++x.depth;
  }
}

void set_custom_values(Dataset& d, const Project& p, Issue& i, const Params& f, ChangeSet& ch) {
  for (const auto& field : p.custom_fields) {
    const std::string name = "customField_" + std::to_string(field.id);
    const bool list = field.type_id >= 5;
    if (!f.has(name) && !(list && f.has(name + "[]"))) continue;
    CustomValue* v = nullptr;
    for (auto& cv : i.custom_values)
      if (cv.field_id == field.id) v = &cv;
    if (!v) v = &i.custom_values.emplace_back(CustomValue{field.id, true, {}, 0, {}});
    const std::string before = v->null ? "" : list ? std::to_string(v->items.size()) : v->text;
    const std::string value = f.get(name).value_or("");
    v->items.clear();
    v->text.clear();
    v->null = value.empty() && !f.has(name + "[]");
    if (list) {
      std::vector<int> valid;
      for (const auto& it : field.items) valid.push_back(it.id);
      v->items = checked_ids(f, (name + (f.has(name + "[]") ? "[]" : "")).c_str(), valid);
    } else if (!v->null && field.type_id == 3) {
      v->number = *f.get_double(name);
      v->text = hours_text(v->number);
    } else if (!v->null && field.type_id == 4) {
      v->text = format_ymd(*f.get_date(name));
    } else {
      v->text = value;
    }
    ch.add(field.name, before, v->null ? "" : list ? std::to_string(v->items.size()) : v->text, &field);
  }
  (void)d;
}

// Applies every field present in the form; records what changed.
void apply_fields(Dataset& d, const Project& p, Issue& i, const Params& f, ChangeSet& ch) {
  if (f.has("summary")) {
    const std::string s = required_text(f, "summary");
    ch.add("summary", i.summary, s);
    i.summary = s;
  }
  if (auto v = f.get("description")) { ch.add("description", i.description, *v); i.description = *v; }
  if (auto v = f.get_int("issueTypeId")) {
    check_one_of(*v, ids_of_issue_types(p), "issueTypeId");
    ch.add("issueType", d.issue_type(p.id, i.issue_type_id)->name, d.issue_type(p.id, static_cast<int>(*v))->name);
    i.issue_type_id = static_cast<int>(*v);
  }
  if (auto v = f.get_int("priorityId")) {
    if (!priority_name(static_cast<int>(*v))) throw bad_parameter("The parameter 'priorityId' has an unknown id.");
    ch.add("priority", std::to_string(i.priority_id), std::to_string(*v));
    i.priority_id = static_cast<int>(*v);
  }
  if (auto v = f.get_int("statusId")) {
    check_one_of(*v, ids_of_statuses(p), "statusId");
    ch.add("status", std::to_string(i.status_id), std::to_string(*v));
    i.status_id = static_cast<int>(*v);
  }
  if (f.has("resolutionId")) {
    const int r = f.get("resolutionId")->empty() ? -1 : static_cast<int>(*f.get_int("resolutionId"));
    if (r >= 0 && !resolution_name(r)) throw bad_parameter("The parameter 'resolutionId' has an unknown id.");
    ch.add("resolution", i.resolution_id < 0 ? "" : std::to_string(i.resolution_id), r < 0 ? "" : std::to_string(r));
    i.resolution_id = r;
  }
  if (f.has("assigneeId")) {
    const int a = f.get("assigneeId")->empty() ? 0 : static_cast<int>(*f.get_int("assigneeId"));
    if (a && !d.user(a)) throw bad_parameter("The parameter 'assigneeId' names no user.");
    ch.add("assigner", user_name(d, i.assignee_id), user_name(d, a));
    i.assignee_id = a;
  }
  struct ListField { const char* param; const char* change; std::vector<int> Issue::*member; bool categories; };
  for (const ListField& lf : {ListField{"categoryId[]", "component", &Issue::categories, true},
                              ListField{"versionId[]", "version", &Issue::versions, false},
                              ListField{"milestoneId[]", "milestone", &Issue::milestones, false}}) {
    if (!f.has(lf.param)) continue;
    auto ids = checked_ids(f, lf.param, lf.categories ? ids_of_categories(p) : ids_of_versions(p));
    auto label = [&](const std::vector<int>& v) { return lf.categories ? names(v, p.categories) : names(v, p.versions); };
    ch.add(lf.change, label(i.*lf.member), label(ids));
    i.*lf.member = std::move(ids);
  }
  const auto old_start = i.start_date, old_due = i.due_date;
  set_date(f, "startDate", i.start_date);
  set_date(f, "dueDate", i.due_date);
  ch.add("startDate", date_text(old_start), date_text(i.start_date));
  ch.add("limitDate", date_text(old_due), date_text(i.due_date));
  const double old_est = i.estimated_hours, old_act = i.actual_hours;
  set_hours(f, "estimatedHours", i.estimated_hours);
  set_hours(f, "actualHours", i.actual_hours);
  ch.add("estimatedHours", hours_text(old_est), hours_text(i.estimated_hours));
  ch.add("actualHours", hours_text(old_act), hours_text(i.actual_hours));
  set_custom_values(d, p, i, f, ch);
  // Last, so the other fields are already valid when the family is checked.
  const int old_parent = i.parent_id;
  set_parent(d, p, i, f);
  ch.add("parentIssue", old_parent ? issue_key(d, d.issues[old_parent - 1]) : "",
         i.parent_id ? issue_key(d, d.issues[i.parent_id - 1]) : "");
}

Comment& new_comment(Dataset& d, Issue& i, const std::string& content, int user, Epoch now) {
  Comment c;
  c.id = static_cast<int>(d.comments.size()) + 1;
  c.issue_id = i.id;
  c.project_id = i.project_id;
  c.content = content;
  c.created_user = user;
  c.created = c.updated = now;
  i.comment_ids.push_back(c.id);
  d.comments.push_back(std::move(c));
  return d.comments.back();
}

void touch(Issue& i, int user, Epoch now) {
  i.updated = std::max(now, i.updated);
  i.updated_user = user;
}

// Activities carry ids for status/priority/resolution ("new_value":"4"); a comment's
// changeLog shows names ("newValue":"処理中"), as in Backlog's own samples.
std::string display_value(const Dataset& d, const Project& p, const std::string& field, const std::string& value) {
  if (value.empty()) return value;
  const int id = std::atoi(value.c_str());
  if (field == "status") {
    auto* s = d.status(p.id, id);
    return s ? s->name : value;
  }
  const char* name = field == "priority" ? priority_name(id) : field == "resolution" ? resolution_name(id) : nullptr;
  return name ? name : value;
}

Reply issue_reply(const Dataset& d, const Issue& i, int status) {
  return json_reply([&](JsonWriter& w) { write_issue(w, d, i); }, status);
}

}  // namespace

void add_issue_write_routes(Router& r) {
  r.post("/issues", [](Call& c) {
    Dataset& d = c.data;
    const Params& f = c.form;
    const int64_t pid = required_int(f, "projectId");
    if (pid < 1 || pid > static_cast<int64_t>(d.projects.size())) throw bad_parameter("The parameter 'projectId' names no project.");
    Project& p = d.projects[pid - 1];
    required_text(f, "summary");
    required_int(f, "issueTypeId");
    required_int(f, "priorityId");
    const Epoch now = now_epoch();
    Issue i;
    i.id = static_cast<int>(d.issues.size()) + 1;
    i.project_id = p.id;
    i.key_id = p.next_key_id;
    i.issue_type_id = p.issue_types.front().id;
    i.status_id = 1;
    i.created_user = i.updated_user = c.user_id;
    i.created = i.updated = now;
    ChangeSet ignored;
    apply_fields(d, p, i, f, ignored);   // throws before anything is stored
    ++p.next_key_id;
    p.issue_ids.push_back(i.id);
    record_activity(d, kIssueCreated, p.id, c.user_id, now, issue_activity_content(i, nullptr, {}, true));
    d.issues.push_back(std::move(i));
    reindex_family(d, p);
    return issue_reply(d, d.issues.back(), 201);
  });

  r.patch("/issues/:issueIdOrKey", [](Call& c) {
    Dataset& d = c.data;
    Issue& i = issue_arg(d, c.arg(0));
    const Project& p = d.projects[i.project_id - 1];
    Issue edited = i;
    ChangeSet ch;
    apply_fields(d, p, edited, c.form, ch);
    const Epoch now = now_epoch();
    const bool family_changed = edited.parent_id != i.parent_id;
    i = std::move(edited);
    if (family_changed) reindex_family(d, p);
    touch(i, c.user_id, now);
    Comment& cm = new_comment(d, i, c.form.get("comment").value_or(""), c.user_id, now);
    for (const auto& change : ch.changes)
      cm.change_log.push_back({change.field, display_value(d, p, change.field, change.new_value),
                               display_value(d, p, change.field, change.old_value),
                               change.custom_field_id, change.custom_field_type_id});
    record_activity(d, kIssueUpdated, p.id, c.user_id, now, issue_activity_content(i, &cm, ch.changes, false));
    return issue_reply(d, i, 200);
  });

  r.del("/issues/:issueIdOrKey", [](Call& c) {
    Dataset& d = c.data;
    Issue& i = issue_arg(d, c.arg(0));
    Reply reply = issue_reply(d, i, 200);   // the issue as it was
    i.deleted = true;
    ++d.deleted_issues;
    reindex_family(d, d.projects[i.project_id - 1]);
    record_activity(d, kIssueDeleted, i.project_id, c.user_id, now_epoch(), issue_deleted_content(i));
    return reply;
  });

  r.post("/issues/:issueIdOrKey/comments", [](Call& c) {
    Dataset& d = c.data;
    Issue& i = issue_arg(d, c.arg(0));
    const std::string content = required_text(c.form, "content");
    std::vector<int> notified;
    for (int64_t u : c.form.all_ints("notifiedUserId[]")) {
      if (!d.user(static_cast<int>(u))) throw bad_parameter("The parameter 'notifiedUserId[]' names no user.");
      notified.push_back(static_cast<int>(u));
    }
    const Epoch now = now_epoch();
    Comment& cm = new_comment(d, i, content, c.user_id, now);
    cm.notified_users = std::move(notified);
    touch(i, c.user_id, now);
    record_activity(d, kIssueCommented, i.project_id, c.user_id, now, issue_activity_content(i, &cm, {}, false));
    return json_reply([&](JsonWriter& w) { write_comment(w, d, cm); }, 201);
  });

  r.patch("/issues/:issueIdOrKey/comments/:commentId", [](Call& c) {
    Dataset& d = c.data;
    Issue& i = issue_arg(d, c.arg(0));
    Comment& cm = comment_arg(d, i, c.arg(1));
    cm.content = required_text(c.form, "content");
    cm.updated = std::max(now_epoch(), cm.updated);
    return json_reply([&](JsonWriter& w) { write_comment(w, d, cm); });
  });

  r.del("/issues/:issueIdOrKey/comments/:commentId", [](Call& c) {
    Dataset& d = c.data;
    Issue& i = issue_arg(d, c.arg(0));
    Comment& cm = comment_arg(d, i, c.arg(1));
    Reply reply = json_reply([&](JsonWriter& w) { write_comment(w, d, cm); });
    cm.deleted = true;
    return reply;
  });
}

}  // namespace backlog::emulator
