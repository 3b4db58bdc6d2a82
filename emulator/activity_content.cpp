// Activity content JSON, written once when the event happens (so it keeps the values of
// that moment, like the real service's history).
#include "activity_content.h"

#include "json_out.h"

namespace backlog::emulator {

static void write_comment_ref(JsonWriter& w, const Comment* c) {
  key(w, "comment");
  if (!c) { w.Null(); return; }
  w.StartObject();
  num(w, "id", c->id);
  str(w, "content", c->content);
  w.EndObject();
}

static void empty_array(JsonWriter& w, std::string_view k) {
  key(w, k);
  w.StartArray();
  w.EndArray();
}

std::string issue_activity_content(const Issue& i, const Comment* comment,
                                   const std::vector<ActivityChange>& changes, bool created) {
  JsonDoc doc;
  auto& w = doc.w;
  w.StartObject();
  num(w, "id", i.id);
  num(w, "key_id", i.key_id);
  str(w, "summary", i.summary);
  str(w, "description", i.description);
  if (!created) {
    write_comment_ref(w, comment);
    key(w, "changes");
    w.StartArray();
    for (const auto& c : changes) {
      w.StartObject();
      str(w, "field", c.field);
      str(w, "new_value", c.new_value);
      str(w, "old_value", c.old_value);
      str(w, "type", "standard");
      w.EndObject();
    }
    w.EndArray();
    empty_array(w, "attachments");
    empty_array(w, "shared_files");
    empty_array(w, "external_file_links");
  }
  w.EndObject();
  return doc.str();
}

std::string issue_deleted_content(const Issue& i) {
  JsonDoc doc;
  doc.w.StartObject();
  num(doc.w, "id", i.id);
  num(doc.w, "key_id", i.key_id);
  doc.w.EndObject();
  return doc.str();
}

std::string wiki_activity_content(const Wiki& wk, bool deleted) {
  JsonDoc doc;
  auto& w = doc.w;
  w.StartObject();
  num(w, "id", wk.id);
  str(w, "name", wk.name);
  str(w, "content", deleted ? "" : wk.content);
  // Nulab's own samples of wiki activities (nulab/backlog4j activity_wiki_created.json and
  // activity_wiki_updated.json, types 5 and 6) carry "diff": null and "version": null; the
  // emulator renders no diffs, so it follows them rather than inventing values.
  null(w, "diff");
  null(w, "version");
  empty_array(w, "attachments");
  empty_array(w, "shared_files");
  w.EndObject();
  return doc.str();
}

static void write_repo_ref(JsonWriter& w, const GitRepo& r) {
  key(w, "repository");
  w.StartObject();
  num(w, "id", r.id);
  str(w, "name", r.name);
  str(w, "description", r.description);
  w.EndObject();
}

std::string repo_created_content(const GitRepo& r) {
  JsonDoc doc;
  doc.w.StartObject();
  write_repo_ref(doc.w, r);
  doc.w.EndObject();
  return doc.str();
}

std::string project_user_added_content(const Dataset& d, int user_id, const std::vector<int>& group) {
  JsonDoc doc;
  auto& w = doc.w;
  w.StartObject();
  key(w, "users");
  w.StartArray();
  write_user(w, d, user_id);
  w.EndArray();
  // Users added together give one activity each, and every one of them lists the whole
  // group, itself included, as {id, type} (nulab/backlog4j activity_project_user_added.json).
  key(w, "group_project_activities");
  w.StartArray();
  for (int id : group) {
    w.StartObject();
    num(w, "id", id);
    num(w, "type", kProjectUserAdded);
    w.EndObject();
  }
  w.EndArray();
  str(w, "comment", "");
  w.EndObject();
  return doc.str();
}

std::string pull_request_content(const Dataset& d, const PullRequest& pr, const PullRequestComment* comment) {
  JsonDoc doc;
  auto& w = doc.w;
  w.StartObject();
  num(w, "id", pr.id);
  num(w, "number", pr.number);
  str(w, "summary", pr.summary);
  str(w, "description", pr.description);
  key(w, "comment");
  if (comment) {
    w.StartObject();
    num(w, "id", comment->id);
    str(w, "content", comment->content);
    w.EndObject();
  } else {
    w.Null();
  }
  empty_array(w, "changes");
  key(w, "issue");
  if (pr.issue_id) {
    const Issue& i = d.issues[pr.issue_id - 1];
    w.StartObject();
    num(w, "id", i.id);
    num(w, "key_id", i.key_id);
    str(w, "issue_key", d.projects[i.project_id - 1].key + "-" + std::to_string(i.key_id));
    str(w, "summary", i.summary);
    str(w, "description", i.description);
    w.EndObject();
  } else {
    w.Null();
  }
  write_repo_ref(w, d.repos[pr.repo_id - 1]);
  w.EndObject();
  return doc.str();
}

std::string generated_issue_content(const Dataset& d, const Activity& a) {
  const Issue& i = d.issues[a.issue_id - 1];
  const Comment* c = a.comment_id ? &d.comments[a.comment_id - 1] : nullptr;
  if (a.type == kIssueCreated) return issue_activity_content(i, nullptr, {}, true);
  std::vector<ActivityChange> changes;
  if (a.type == kIssueUpdated) changes.push_back({"status", c ? "2" : std::to_string(i.status_id), "1"});
  return issue_activity_content(i, c, changes, false);
}

void record_activity(Dataset& d, int type, int project_id, int user_id, Epoch when, std::string content) {
  Activity a;
  a.id = static_cast<int>(d.activities.size()) + 1;
  a.type = type;
  a.project_id = project_id;
  a.created_user = user_id;
  // Activity ids are ascending in time; a clock step backwards must not break that.
  a.created = d.activities.empty() ? when : std::max(when, d.activities.back().created);
  a.content_json = std::move(content);
  d.activities.push_back(std::move(a));
}

}  // namespace backlog::emulator
