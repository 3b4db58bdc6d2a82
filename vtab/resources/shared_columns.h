// Column groups that several resources share: a nested user, project, star, shared file,
// attachment, comment, activity… Backlog repeats these object shapes all over its API, so
// each resource file lists only what is its own and pulls the repeated shapes from here
// (no copy-paste between resources).
//
//   .columns = join({
//       {{.name = "Id", .type = Type::Integer, .json = "id", .doc = "Comment id."}},
//       user_columns({"CreatedUser", "createdUser", "the comment's author"}),
//   }),
//
// A nested object's columns are named <prefix><Field> and read from <json>.<field>
// (CData flattens nested objects the same way: createdUser.name → CreatedUserName).
// With an empty prefix and json the object is the row itself.
//
// The builders run once, during static initialization of the resource declarations; the
// names and doc strings they compose are interned for the life of the program, so a
// Column keeps plain `const char*` like the hand-written ones.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "vtab/resource.h"

namespace backlog::vtab::shared {

// Where a nested object sits and how to name it.
struct Nest {
  const char* prefix;  // column-name prefix: "CreatedUser" ("" for the row itself)
  const char* json;    // JSON path of the object: "createdUser", "^" for the enclosing
                       // object of an exploded array, "" for the row itself
  const char* what;    // doc phrase: "the user who created the issue"
};

// Pushdown and write settings of one column of a group (the group builders know shapes,
// the resource knows which of its columns the API filters, sorts or writes).
struct Pushdown {
  Filter filter = {};
  const char* sort = nullptr;
  const char* write = nullptr;
};

// Concatenates column groups in order.
std::vector<Column> join(std::initializer_list<std::vector<Column>> parts);

// Returns `columns` with the named columns' pushdown/write settings set. Naming a column
// the group does not have is a declaration bug: it aborts at startup (tests catch it).
std::vector<Column> configure(std::vector<Column> columns,
                              std::initializer_list<std::pair<const char*, Pushdown>> settings);

// Returns `columns` with the named column reading its value from the path placeholder of
// the same name instead of JSON (json = nullptr): the row then shows exactly the value the
// query constrained on or the parent query produced.
std::vector<Column> from_path(std::vector<Column> columns, const char* name);

// Returns `columns` marked `detail` (read from the single-object answer, one request per
// row and only when a query uses them), except the column named `except`.
std::vector<Column> detail_except(std::vector<Column> columns, const char* except);

// A string that lives as long as the program (for composed names and docs).
const char* intern(std::string text);

// User: Id, UserId (login name), Name, RoleType, Lang, MailAddress, LastLoginTime.
std::vector<Column> user_columns(Nest n, Pushdown id = {});
// The extra fields of a top-level user object (Users, ProjectUsers…): NulabAccount*, Keyword.
std::vector<Column> user_account_columns();
// Project: Id, ProjectKey, Name and every project setting flag.
std::vector<Column> project_columns(Nest n);
// The three project columns activities and notifications carry: <p>Id, <p>Key, <p>Name.
std::vector<Column> project_brief_columns(Nest n);
// Issue as nested in watchings, notifications, recently viewed issues and pull requests:
// IssueId, IssueKey, IssueSummary, IssueStatusName… (prefix "Issue", json "issue").
std::vector<Column> issue_brief_columns(const char* json, const char* what);
// Category: Id, Name, DisplayOrder.
std::vector<Column> category_columns();
// Version/milestone: Id, Name, Description, StartDate, ReleaseDueDate, Archived, DisplayOrder.
std::vector<Column> version_columns();
// Star: Id, Comment, Url, Title, Presenter*, Created.
std::vector<Column> star_columns(Nest n);
// Shared file: Id, ProjectId, Type, Dir, Name, Size, CreatedUser*, Created, UpdatedUser*, Updated.
std::vector<Column> shared_file_columns(Nest n);
// Attachment (issue, wiki, pull request): Id, Name, Size, CreatedUser*, Created.
std::vector<Column> attachment_columns(Nest n);
// Team: Id, Name, Members (JSON), DisplayOrder, CreatedUser*, Created, UpdatedUser*, Updated.
std::vector<Column> team_columns(Nest n);
// Comment body shared by issue and pull-request comments: Content, ChangeLog, CreatedUser*,
// Created, Updated, Stars, Notifications (the Id column is the caller's: it carries paging).
std::vector<Column> comment_body_columns(const char* what);
// One entry of a comment's changeLog (issue comments have the *Info objects too).
std::vector<Column> change_log_columns(bool with_issue_info);
// One entry of a comment's notifications: Id, AlreadyRead, Reason, User*, ResourceAlreadyRead.
std::vector<Column> comment_notification_columns();
// Activity ("recent update"): Id (minId/maxId), Type (activityTypeId[]), Project*,
// Content (JSON) + its common keys, Notifications, CreatedUser*, Created.
std::vector<Column> activity_columns();
// Disk usage counters shared by the space total and the per-project details.
std::vector<Column> disk_usage_columns();

}  // namespace backlog::vtab::shared
