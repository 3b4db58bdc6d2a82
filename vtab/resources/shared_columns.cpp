// Builders for the object shapes Backlog repeats across resources (see shared_columns.h).
// Field names and types follow nulab/backlog-js src/entity.ts.
#include "vtab/resources/shared_columns.h"

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string_view>

namespace backlog::vtab::shared {
namespace {

// One column of a nested object: name <prefix><field_name>, JSON <json>.<json_field>,
// doc "<doc> of <what>." (or just "<doc>." when the object is the row itself).
Column nested(const Nest& n, const char* field_name, Type type, const char* json_field,
              std::string_view doc) {
  std::string json;
  std::string_view base = n.json;
  if (base.empty()) {
    json = json_field;
  } else if (base == "^") {
    json = std::string("^") + json_field;
  } else {
    json = std::string(base) + "." + json_field;
  }
  std::string text(doc);
  if (*n.what != '\0') text += std::string(" of ") + n.what;
  text += ".";
  return {.name = intern(std::string(n.prefix) + field_name),
          .type = type,
          .json = intern(std::move(json)),
          .doc = intern(std::move(text))};
}

// A nested object inside a nested object: createdUser inside a shared file row.
Nest inner(const Nest& outer, const char* prefix, const char* json, const char* what) {
  std::string path = outer.json;
  if (path.empty()) {
    path = json;
  } else if (path == "^") {
    path = std::string("^") + json;
  } else {
    path += std::string(".") + json;
  }
  return {intern(std::string(outer.prefix) + prefix), intern(std::move(path)), what};
}

}  // namespace

const char* intern(std::string text) {
  // A deque never moves its elements, so the returned pointers stay valid.
  static std::deque<std::string> strings;
  return strings.emplace_back(std::move(text)).c_str();
}

std::vector<Column> join(std::initializer_list<std::vector<Column>> parts) {
  std::vector<Column> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

std::vector<Column> configure(std::vector<Column> columns,
                              std::initializer_list<std::pair<const char*, Pushdown>> settings) {
  for (const auto& [name, pushdown] : settings) {
    bool found = false;
    for (Column& c : columns) {
      if (std::string_view(c.name) != name) continue;
      c.filter = pushdown.filter;
      c.sort = pushdown.sort;
      c.write = pushdown.write;
      found = true;
    }
    if (!found) {
      // Static initialization: no caller to report to, and the catalog would be wrong.
      std::fprintf(stderr, "backlogsql catalog: configure() names unknown column %s\n", name);
      std::abort();
    }
  }
  return columns;
}

std::vector<Column> from_path(std::vector<Column> columns, const char* name) {
  for (Column& c : columns) {
    if (std::string_view(c.name) == name) {
      c.json = nullptr;
      return columns;
    }
  }
  std::fprintf(stderr, "backlogsql catalog: from_path() names unknown column %s\n", name);
  std::abort();
}

std::vector<Column> detail_except(std::vector<Column> columns, const char* except) {
  for (Column& c : columns) c.detail = std::string_view(c.name) != except;
  return columns;
}

std::vector<Column> user_columns(Nest n, Pushdown id) {
  std::vector<Column> cols = {
      nested(n, "Id", Type::Integer, "id", "Numeric user id"),
      nested(n, "UserId", Type::Text, "userId", "Login name"),
      nested(n, "Name", Type::Text, "name", "Display name"),
      nested(n, "RoleType", Type::Integer, "roleType",
             "Role (1 administrator, 2 normal user, 3 reporter, 4 viewer, 5 guest reporter, "
             "6 guest viewer)"),
      nested(n, "Lang", Type::Text, "lang", "Language setting (ja, en, …)"),
      nested(n, "MailAddress", Type::Text, "mailAddress", "Mail address"),
      nested(n, "LastLoginTime", Type::Timestamp, "lastLoginTime", "Last login time"),
  };
  cols[0].filter = id.filter;
  cols[0].sort = id.sort;
  cols[0].write = id.write;
  return cols;
}

std::vector<Column> user_account_columns() {
  const Nest n{"", "", ""};
  return {
      nested(n, "NulabAccountNulabId", Type::Text, "nulabAccount.nulabId",
             "Nulab Account id linked to the user"),
      nested(n, "NulabAccountName", Type::Text, "nulabAccount.name", "Nulab Account name"),
      nested(n, "NulabAccountUniqueId", Type::Text, "nulabAccount.uniqueId",
             "Nulab Account unique id"),
      nested(n, "Keyword", Type::Text, "keyword", "Search keyword Backlog keeps for the user"),
  };
}

std::vector<Column> project_columns(Nest n) {
  // The key column is ProjectKey both for the row itself and under a "Project" prefix.
  const bool own = *n.prefix == '\0';
  return {
      nested(n, "Id", Type::Integer, "id", "Numeric project id"),
      nested(n, own ? "ProjectKey" : "Key", Type::Text, "projectKey",
             "Project key (the prefix of issue keys)"),
      nested(n, "Name", Type::Text, "name", "Project name"),
      nested(n, "ChartEnabled", Type::Boolean, "chartEnabled", "Whether charts are enabled"),
      nested(n, "UseResolvedForChart", Type::Boolean, "useResolvedForChart",
             "Whether charts count Resolved as done"),
      nested(n, "SubtaskingEnabled", Type::Boolean, "subtaskingEnabled",
             "Whether subtasking is enabled"),
      nested(n, "ProjectLeaderCanEditProjectLeader", Type::Boolean,
             "projectLeaderCanEditProjectLeader",
             "Whether project administrators can edit other project administrators"),
      nested(n, "UseWiki", Type::Boolean, "useWiki", "Whether the wiki is enabled"),
      nested(n, "UseFileSharing", Type::Boolean, "useFileSharing",
             "Whether file sharing is enabled"),
      nested(n, "UseWikiTreeView", Type::Boolean, "useWikiTreeView",
             "Whether the wiki tree view is enabled"),
      nested(n, "UseOriginalImageSizeAtWiki", Type::Boolean, "useOriginalImageSizeAtWiki",
             "Whether wiki images keep their original size"),
      nested(n, "UseSubversion", Type::Boolean, "useSubversion", "Whether Subversion is enabled"),
      nested(n, "UseGit", Type::Boolean, "useGit", "Whether Git is enabled"),
      nested(n, "TextFormattingRule", Type::Text, "textFormattingRule",
             "Text formatting rule (markdown or backlog)"),
      nested(n, "Archived", Type::Boolean, "archived", "Whether archived"),
      nested(n, "DisplayOrder", Type::Integer, "displayOrder", "Display order"),
      nested(n, "UseDevAttributes", Type::Boolean, "useDevAttributes",
             "Whether development attributes (Git/SVN fields) are shown"),
      nested(n, "GrandchildIssueEnabled", Type::Boolean, "grandchildIssueEnabled",
             "Whether grandchild issues are enabled"),
  };
}

std::vector<Column> project_brief_columns(Nest n) {
  return {
      nested(n, "Id", Type::Integer, "id", "Numeric id"),
      nested(n, "Key", Type::Text, "projectKey", "Project key"),
      nested(n, "Name", Type::Text, "name", "Name"),
  };
}

std::vector<Column> issue_brief_columns(const char* json, const char* what) {
  const Nest n{"Issue", json, what};
  const Nest bare{"", json, what};  // IssueKey, IssueTypeId: the API name already says "issue"
  return join({
      {
          nested(n, "Id", Type::Integer, "id", "Numeric id"),
          nested(n, "ProjectId", Type::Integer, "projectId", "Project id"),
          nested(bare, "IssueKey", Type::Text, "issueKey", "Issue key (PRJ-123)"),
          nested(n, "KeyId", Type::Integer, "keyId", "Number part of the issue key"),
          nested(bare, "IssueTypeId", Type::Integer, "issueType.id", "Issue type id"),
          nested(bare, "IssueTypeName", Type::Text, "issueType.name", "Issue type name"),
          nested(n, "Summary", Type::Text, "summary", "Summary"),
          nested(n, "Description", Type::Text, "description", "Description"),
          nested(n, "ResolutionId", Type::Integer, "resolution.id", "Resolution id"),
          nested(n, "ResolutionName", Type::Text, "resolution.name", "Resolution name"),
          nested(n, "PriorityId", Type::Integer, "priority.id", "Priority id"),
          nested(n, "PriorityName", Type::Text, "priority.name", "Priority name"),
          nested(n, "StatusId", Type::Integer, "status.id", "Status id"),
          nested(n, "StatusName", Type::Text, "status.name", "Status name"),
          nested(n, "AssigneeId", Type::Integer, "assignee.id", "Assignee's numeric user id"),
          nested(n, "AssigneeName", Type::Text, "assignee.name", "Assignee's name"),
          nested(n, "StartDate", Type::Date, "startDate", "Start date"),
          nested(n, "DueDate", Type::Date, "dueDate", "Due date"),
          nested(n, "EstimatedHours", Type::Real, "estimatedHours", "Estimated hours"),
          nested(n, "ActualHours", Type::Real, "actualHours", "Actual hours"),
          nested(n, "ParentIssueId", Type::Integer, "parentIssueId", "Parent issue id"),
          nested(n, "CreatedUserId", Type::Integer, "createdUser.id", "Creator's numeric user id"),
          nested(n, "CreatedUserName", Type::Text, "createdUser.name", "Creator's name"),
          nested(n, "Created", Type::Timestamp, "created", "Creation time"),
          nested(n, "UpdatedUserId", Type::Integer, "updatedUser.id",
                 "Last updater's numeric user id"),
          nested(n, "UpdatedUserName", Type::Text, "updatedUser.name", "Last updater's name"),
          nested(n, "Updated", Type::Timestamp, "updated", "Last update time"),
      },
  });
}

std::vector<Column> category_columns() {
  const Nest n{"", "", "the category"};
  return {
      nested(n, "Id", Type::Integer, "id", "Id"),
      nested(n, "Name", Type::Text, "name", "Name"),
      nested(n, "DisplayOrder", Type::Integer, "displayOrder", "Display order"),
  };
}

std::vector<Column> version_columns() {
  const Nest n{"", "", "the version/milestone"};
  return {
      nested(n, "Id", Type::Integer, "id", "Id"),
      nested(n, "Name", Type::Text, "name", "Name"),
      nested(n, "Description", Type::Text, "description", "Description"),
      nested(n, "StartDate", Type::Date, "startDate", "Start date"),
      nested(n, "ReleaseDueDate", Type::Date, "releaseDueDate", "Release due date"),
      nested(n, "Archived", Type::Boolean, "archived", "Whether archived"),
      nested(n, "DisplayOrder", Type::Integer, "displayOrder", "Display order"),
  };
}

std::vector<Column> star_columns(Nest n) {
  return join({
      {
          nested(n, "Id", Type::Integer, "id", "Star id"),
          nested(n, "Comment", Type::Text, "comment", "Comment left with the star"),
          nested(n, "Url", Type::Text, "url", "URL of the starred item"),
          nested(n, "Title", Type::Text, "title", "Title of the starred item"),
      },
      user_columns(inner(n, "Presenter", "presenter", "the user who gave the star")),
      {nested(n, "Created", Type::Timestamp, "created", "Time the star was given")},
  });
}

std::vector<Column> shared_file_columns(Nest n) {
  return join({
      {
          nested(n, "Id", Type::Integer, "id", "Shared file id"),
          nested(n, "ProjectId", Type::Integer, "projectId", "Project id"),
          nested(n, "Type", Type::Text, "type", "file or directory"),
          nested(n, "Dir", Type::Text, "dir", "Directory path, starting and ending with /"),
          nested(n, "Name", Type::Text, "name", "File name"),
          nested(n, "Size", Type::Integer, "size", "Size in bytes"),
      },
      user_columns(inner(n, "CreatedUser", "createdUser", "the user who added the file")),
      {nested(n, "Created", Type::Timestamp, "created", "Time the file was added")},
      user_columns(inner(n, "UpdatedUser", "updatedUser", "the user who last changed the file")),
      {nested(n, "Updated", Type::Timestamp, "updated", "Time the file last changed")},
  });
}

std::vector<Column> attachment_columns(Nest n) {
  return join({
      {
          nested(n, "Id", Type::Integer, "id", "Attachment id"),
          nested(n, "Name", Type::Text, "name", "File name"),
          nested(n, "Size", Type::Integer, "size", "Size in bytes"),
      },
      user_columns(inner(n, "CreatedUser", "createdUser", "the user who attached the file")),
      {nested(n, "Created", Type::Timestamp, "created", "Time the file was attached")},
  });
}

std::vector<Column> team_columns(Nest n) {
  return join({
      {
          nested(n, "Id", Type::Integer, "id", "Team id"),
          nested(n, "Name", Type::Text, "name", "Team name"),
          nested(n, "Members", Type::Json, "members", "Member users as a JSON array"),
          nested(n, "DisplayOrder", Type::Integer, "displayOrder", "Display order"),
      },
      user_columns(inner(n, "CreatedUser", "createdUser", "the user who created the team")),
      {nested(n, "Created", Type::Timestamp, "created", "Creation time")},
      user_columns(inner(n, "UpdatedUser", "updatedUser", "the user who last changed the team")),
      {nested(n, "Updated", Type::Timestamp, "updated", "Last update time")},
  });
}

std::vector<Column> comment_body_columns(const char* what) {
  const Nest n{"", "", what};
  return join({
      {nested(n, "Content", Type::Text, "content", "Text")},
      {nested(n, "ChangeLog", Type::Json, "changeLog",
              "Field changes made with the comment, as a JSON array")},
      user_columns({"CreatedUser", "createdUser", "the comment's author"}),
      {
          nested(n, "Created", Type::Timestamp, "created", "Creation time"),
          nested(n, "Updated", Type::Timestamp, "updated", "Last edit time"),
          nested(n, "Stars", Type::Json, "stars", "Stars given, as a JSON array"),
          nested(n, "Notifications", Type::Json, "notifications",
                 "Users notified, as a JSON array"),
      },
  });
}

std::vector<Column> change_log_columns(bool with_issue_info) {
  const Nest n{"", "", "the changed field"};
  std::vector<Column> cols = {
      nested(n, "Field", Type::Text, "field", "Name"),
      nested(n, "NewValue", Type::Text, "newValue", "New value"),
      nested(n, "OriginalValue", Type::Text, "originalValue", "Previous value"),
  };
  if (with_issue_info) {
    std::vector<Column> info = {
        nested(n, "AttachmentInfoId", Type::Integer, "attachmentInfo.id",
               "Attachment id when an attachment changed"),
        nested(n, "AttachmentInfoType", Type::Text, "attachmentInfo.type",
               "Attachment change kind"),
        nested(n, "AttributeInfoId", Type::Integer, "attributeInfo.id",
               "Custom field id when a custom field changed"),
        nested(n, "AttributeInfoTypeId", Type::Integer, "attributeInfo.typeId",
               "Custom field type id"),
        nested(n, "NotificationInfoType", Type::Text, "notificationInfo.type",
               "Notification kind"),
    };
    cols.insert(cols.end(), info.begin(), info.end());
  }
  return cols;
}

std::vector<Column> comment_notification_columns() {
  const Nest n{"", "", "the notification"};
  return join({
      {
          nested(n, "Id", Type::Integer, "id", "Notification id"),
          nested(n, "AlreadyRead", Type::Boolean, "alreadyRead", "Whether the user read it"),
          nested(n, "Reason", Type::Integer, "reason", "Why the user was notified (reason code)"),
      },
      user_columns({"User", "user", "the notified user"}),
      {nested(n, "ResourceAlreadyRead", Type::Boolean, "resourceAlreadyRead",
              "Whether the user read the commented item")},
  });
}

std::vector<Column> activity_columns() {
  const Nest n{"", "", "the activity"};
  std::vector<Column> head = {
      nested(n, "Id", Type::Integer, "id", "Activity id (grows with time)"),
      nested(n, "Type", Type::Integer, "type",
             "Activity type: 1 issue created, 2 updated, 3 commented, 4 deleted, 5-7 wiki "
             "created/updated/deleted, 8-10 file added/updated/deleted, 11 svn commit, 12 git "
             "push, 13 git repository created, 14 issues bulk-updated, 15-16 project user "
             "added/removed, 17 notification added, 18-21 pull request added/updated/commented/"
             "merged, 22-24 milestone created/updated/deleted, 25-26 project team "
             "added/removed, …"),
  };
  head[0].filter = Filter::id_range();
  head[1].filter = Filter::in("activityTypeId[]");
  return join({
      head,
      project_brief_columns({"Project", "project", "the activity's project"}),
      {
          nested(n, "Content", Type::Json, "content",
                 "What happened, as JSON (shape depends on Type)"),
          nested(n, "ContentId", Type::Integer, "content.id",
                 "Id of the object the activity is about (issue, wiki page, file…)"),
          nested(n, "ContentKeyId", Type::Integer, "content.key_id",
                 "Number part of the issue key, for issue activities"),
          nested(n, "ContentSummary", Type::Text, "content.summary",
                 "Issue or pull request summary, when the activity has one"),
          nested(n, "Notifications", Type::Json, "notifications",
                 "Notifications sent (Backlog now always returns an empty array)"),
      },
      user_columns({"CreatedUser", "createdUser", "the user who acted"}),
      {nested(n, "Created", Type::Timestamp, "created", "Time of the activity")},
  });
}

std::vector<Column> disk_usage_columns() {
  const Nest n{"", "", ""};
  return {
      nested(n, "Issue", Type::Integer, "issue", "Bytes used by issue attachments"),
      nested(n, "Wiki", Type::Integer, "wiki", "Bytes used by wiki attachments"),
      nested(n, "File", Type::Integer, "file", "Bytes used by shared files"),
      nested(n, "Subversion", Type::Integer, "subversion", "Bytes used by Subversion"),
      nested(n, "Git", Type::Integer, "git", "Bytes used by Git"),
      nested(n, "GitLFS", Type::Integer, "gitLFS", "Bytes used by Git LFS"),
  };
}

}  // namespace backlog::vtab::shared
