// The emulator's in-memory Backlog space: plain structs mirroring the API's entities,
// plus the indexes that keep list endpoints fast at 100 000 issues.
//
// Ids are small sequential integers (1, 2, 3…) that stay stable for a given seed and
// size. Rows referenced by id live in vectors indexed by id-1; deleted issues, comments
// and wikis stay in place with `deleted = true` so ids never shift.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "time_format.h"

namespace backlog::emulator {

struct User {
  int id = 0;
  std::string user_id;         // login name ("admin", "user2")
  std::string name;
  int role_type = 2;           // 1 admin, 2 normal, 3 reporter, 4 viewer, 5/6 guests
  std::string lang;            // "ja", "en" or "" for null
  std::string mail;
  bool has_nulab_account = true;
  std::string nulab_id;
  Epoch last_login = 0;        // 0 renders as null
};

struct Space {
  std::string key = "demo";
  std::string name;
  int owner_id = 1;
  Epoch created = 0, updated = 0;
  std::string notification;
  Epoch notification_updated = 0;
};

struct IssueType { int id, project_id; std::string name, color; int display_order; };
struct Status { int id, project_id; std::string name, color; int display_order; };
struct Category { int id, project_id; std::string name; int display_order; };
struct Version {
  int id, project_id;
  std::string name, description;
  int32_t start_date = kNoDate, release_due_date = kNoDate;
  bool archived = false;
  int display_order = 0;
};
struct ListItem { int id; std::string name; int display_order; };
// Custom field types (Backlog's typeId): 1 text, 2 sentence, 3 numeric, 4 date,
// 5 single list, 6 multiple list, 7 checkbox, 8 radio.
struct CustomField {
  int id, project_id, type_id;
  std::string name, description;
  bool required = false;
  std::vector<int> applicable_issue_types;   // empty = all
  int display_order = 0;
  std::vector<ListItem> items;               // list types only
};

struct Project {
  int id = 0;
  std::string key, name;
  bool archived = false;
  int display_order = 0;
  std::string text_formatting_rule = "markdown";
  std::vector<int> members, administrators, teams;
  std::vector<IssueType> issue_types;
  std::vector<Status> statuses;
  std::vector<Category> categories;
  std::vector<Version> versions;
  std::vector<CustomField> custom_fields;
  std::vector<int> issue_ids;                // by keyId-1 (0 = none); includes deleted
  std::vector<int> wiki_ids, repo_ids, shared_file_ids;
  std::vector<std::string> wiki_tags;        // index+1 = tag id offset (see wiki tag ids)
  int tag_id_base = 0;
  int next_key_id = 1;
};

struct Attachment { int id; std::string name; int64_t size; int created_user; Epoch created; };
struct SharedFile {
  int id, project_id;
  bool directory;
  std::string dir, name;                     // dir like "/docs/", name like "spec.pdf"
  int64_t size;
  int created_user, updated_user;
  Epoch created, updated;
};
struct Star { int id; std::string title, url; int presenter; Epoch created; };

// One custom field value on an issue; which member is meaningful depends on the type.
struct CustomValue {
  int field_id = 0;
  bool null = true;
  std::string text;             // text / sentence / date (yyyy-MM-dd)
  double number = 0;            // numeric
  std::vector<int> items;       // list item ids (single list: one)
};

struct Issue {
  int id = 0, project_id = 0, key_id = 0;
  bool deleted = false;
  int issue_type_id = 0, priority_id = 3, status_id = 1;
  int resolution_id = -1;                    // -1 = null
  int assignee_id = 0;                       // 0 = null
  std::string summary, description;
  std::vector<int> categories, versions, milestones;
  int32_t start_date = kNoDate, due_date = kNoDate;
  double estimated_hours = -1, actual_hours = -1;   // < 0 = null
  int parent_id = 0;                         // 0 = null
  int child_count = 0;                       // live children (for parentChild filters)
  int depth = 0;                             // 0 top level, 1 child, 2 grandchild
  int created_user = 1, updated_user = 1;
  Epoch created = 0, updated = 0;
  std::vector<CustomValue> custom_values;
  std::vector<Attachment> attachments;
  std::vector<int> shared_files;
  std::vector<int> stars;                    // star ids
  std::vector<int> comment_ids;              // ascending
};

// One changeLog entry of an issue comment. A custom-field change also names the field in
// `attributeInfo` ({id, typeId}, nulab/backlog-js ChangeLog.AttributeInfo); 0 = not one.
struct ChangeLogEntry {
  std::string field, new_value, original_value;
  int attribute_id = 0, attribute_type_id = 0;
};
struct Comment {
  int id = 0, issue_id = 0, project_id = 0;
  bool deleted = false;
  std::string content;                       // may be "" (change-only comments → null)
  std::vector<ChangeLogEntry> change_log;
  int created_user = 1;
  Epoch created = 0, updated = 0;
  std::vector<int> stars;
  std::vector<int> notified_users;
};

struct WikiVersion { int version; std::string name, content; int created_user; Epoch created; };
struct Wiki {
  int id = 0, project_id = 0;
  bool deleted = false;
  std::string name, content;
  std::vector<int> tags;                     // tag ids
  std::vector<Attachment> attachments;
  std::vector<int> shared_files, stars;
  int created_user = 1, updated_user = 1;
  Epoch created = 0, updated = 0;
  std::vector<WikiVersion> history;          // ascending version
};

// An activity's content is either frozen JSON (writes, and generated non-issue events) or,
// for the hundreds of thousands of generated issue events, rendered from the issue and
// comment it refers to when served: that keeps a 100 000-issue start fast and small.
struct Activity {
  int id = 0, type = 0, project_id = 0, created_user = 1;
  Epoch created = 0;
  std::string content_json;                  // "" = render from issue_id/comment_id
  int issue_id = 0, comment_id = 0;          // generated issue events (types 1, 2, 3)
};

struct GitRepo {
  int id, project_id;
  std::string name, description;
  int display_order;
  Epoch pushed_at;
  int created_user, updated_user;
  Epoch created, updated;
  std::vector<int> pull_request_ids;         // by number-1
};

struct PullRequestComment {
  int id; std::string content; std::vector<ChangeLogEntry> change_log;
  int created_user; Epoch created, updated;
};
struct PullRequest {
  int id, project_id, repo_id, number;
  std::string summary, description, base, branch;
  int status_id;                              // 1 Open, 2 Closed, 3 Merged
  int assignee_id;                            // 0 = null
  int issue_id;                               // 0 = null
  std::string base_commit, branch_commit, merge_commit;   // "" = null
  Epoch close_at, merge_at;                   // 0 = null
  int created_user, updated_user;
  Epoch created, updated;
  std::vector<Attachment> attachments;
  std::vector<PullRequestComment> comments;   // ascending id
};

struct Team {
  int id; std::string name; std::vector<int> members;
  int created_user, updated_user; Epoch created, updated;
};

struct Notification {
  int id; bool already_read, resource_already_read; int reason;
  int project_id, issue_id, comment_id, sender; Epoch created;
};

struct Watching {
  int id, user_id, issue_id; bool resource_already_read; std::string note;
  Epoch created, updated;
};

struct RecentlyViewed { int kind; int ref_id; Epoch viewed; };   // kind 0 issue, 1 project, 2 wiki

// The whole space. Guarded by Emulator's reader/writer lock.
struct Dataset {
  Space space;
  std::vector<User> users;                   // id = index+1
  std::vector<Project> projects;             // id = index+1
  std::vector<Issue> issues;                 // id = index+1
  std::vector<Comment> comments;             // id = index+1
  std::vector<Wiki> wikis;                   // id = index+1
  std::vector<Activity> activities;          // id = index+1, ascending created
  std::vector<SharedFile> shared_files;      // id = index+1
  std::vector<Star> stars;                   // id = index+1
  std::vector<GitRepo> repos;                // id = index+1
  std::vector<PullRequest> pull_requests;    // id = index+1
  std::vector<Team> teams;                   // id = index+1
  std::vector<Notification> notifications;   // id = index+1 (for the API user)
  std::vector<Watching> watchings;           // id = index+1
  std::vector<RecentlyViewed> recently_viewed;
  int next_attachment_id = 1, next_pr_comment_id = 1, next_status_id = 1;
  int deleted_issues = 0;                    // issues with deleted = true (0: ids are positions)
  std::unordered_map<int, const CustomField*> custom_field_by_id;   // rebuilt after generation

  const Project* project_by_key(std::string_view key) const;
  const User* user(int id) const { return id >= 1 && id <= static_cast<int>(users.size()) ? &users[id - 1] : nullptr; }
  const Status* status(int project_id, int status_id) const;
  const IssueType* issue_type(int project_id, int type_id) const;
  const Category* category(int project_id, int id) const;
  const Version* version(int project_id, int id) const;
};

// Fixed space-wide tables (Backlog's own ids and Japanese names).
struct NamedId { int id; const char* name; };
inline constexpr NamedId kPriorities[] = {{2, "高"}, {3, "中"}, {4, "低"}};
inline constexpr NamedId kResolutions[] = {{0, "対応済み"}, {1, "対応しない"}, {2, "無効"}, {3, "重複"}, {4, "再現しない"}};
inline constexpr NamedId kPullRequestStatuses[] = {{1, "Open"}, {2, "Closed"}, {3, "Merged"}};
const char* priority_name(int id);
const char* resolution_name(int id);

}  // namespace backlog::emulator
