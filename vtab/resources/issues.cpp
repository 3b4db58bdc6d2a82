// Issues and the views that hang off one issue: its categories, versions, milestones
// (arrays inside the issue object), participants, attachments and linked shared files.
//
//   SELECT IssueKey, Summary, StatusName FROM Issues WHERE ProjectId = 1 AND Updated >= '2024-01-01';
//   SELECT IssueId, Name FROM IssueCategories WHERE ProjectId IN (1, 2);
//   SELECT Name, Size FROM IssueAttachments WHERE IssueId = 42;
//
// Sources: GET /api/v2/issues (offset/count, every filter of "Get Issue List"),
// /api/v2/issues/:id/{participants,attachments,sharedFiles}; field names from
// nulab/backlog-js src/entity.ts (Issue.Issue).
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;
using shared::user_columns;

namespace {
constexpr const char* kEachIssue = R"(SELECT "Id" AS "IssueId" FROM "Issues")";

// The columns the exploded issue views (IssueCategories…) read from the enclosing issue,
// with the same pushdown as Issues so `WHERE ProjectId = 1` still filters on the server.
std::vector<Column> enclosing_issue_columns() {
  return {
      {.name = "IssueId", .type = Type::Integer, .json = "^id", .filter = Filter::in("id[]"),
       .doc = "Id of the issue."},
      {.name = "IssueKey", .type = Type::Text, .json = "^issueKey", .doc = "Key of the issue."},
      {.name = "ProjectId", .type = Type::Integer, .json = "^projectId",
       .filter = Filter::in("projectId[]"), .doc = "Project of the issue."},
      {.name = "IssueUpdated", .type = Type::Timestamp, .json = "^updated",
       .filter = Filter::range("updatedSince", "updatedUntil"),
       .doc = "Last update time of the issue."},
  };
}

}  // namespace

extern const Resource kIssues{
    .table = "Issues",
    .doc = "Issues of every project the user can see.",
    .path = "/api/v2/issues",
    .paging = Paging::OffsetCount,
    .page_size = 100,
    .get_path = "/api/v2/issues/{Id}",
    .get_by = {"IssueKey"},
    .columns = join({
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .filter = Filter::in("id[]"),
             .doc = "Numeric issue id."},
            {.name = "ProjectId", .type = Type::Integer, .json = "projectId",
             .filter = Filter::in("projectId[]"), .write = "projectId",
             .doc = "Project the issue belongs to."},
            {.name = "IssueKey", .type = Type::Text, .json = "issueKey",
             .doc = "Issue key: PROJECT-123."},
            {.name = "KeyId", .type = Type::Integer, .json = "keyId",
             .doc = "Number part of the issue key."},
            {.name = "IssueTypeId", .type = Type::Integer, .json = "issueType.id",
             .filter = Filter::in("issueTypeId[]"), .sort = "issueType", .write = "issueTypeId",
             .doc = "Issue type id."},
            {.name = "IssueTypeProjectId", .type = Type::Integer, .json = "issueType.projectId",
             .doc = "Project of the issue type."},
            {.name = "IssueTypeName", .type = Type::Text, .json = "issueType.name",
             .doc = "Issue type name (Bug, Task…)."},
            {.name = "IssueTypeColor", .type = Type::Text, .json = "issueType.color",
             .doc = "Issue type color (#rrggbb)."},
            {.name = "IssueTypeDisplayOrder", .type = Type::Integer,
             .json = "issueType.displayOrder", .doc = "Issue type display order."},
            {.name = "Summary", .type = Type::Text, .json = "summary", .sort = "summary",
             .write = "summary", .doc = "One-line title."},
            {.name = "Description", .type = Type::Text, .json = "description",
             .write = "description", .doc = "Body text."},
            {.name = "ResolutionId", .type = Type::Integer, .json = "resolution.id",
             .filter = Filter::in("resolutionId[]"), .write = "resolutionId",
             .doc = "Resolution id (NULL when unresolved)."},
            {.name = "ResolutionName", .type = Type::Text, .json = "resolution.name",
             .doc = "Resolution name."},
            {.name = "PriorityId", .type = Type::Integer, .json = "priority.id",
             .filter = Filter::in("priorityId[]"), .sort = "priority", .write = "priorityId",
             .doc = "Priority id."},
            {.name = "PriorityName", .type = Type::Text, .json = "priority.name",
             .doc = "Priority name."},
            {.name = "StatusId", .type = Type::Integer, .json = "status.id",
             .filter = Filter::in("statusId[]"), .sort = "status", .write = "statusId",
             .doc = "Status id."},
            {.name = "StatusProjectId", .type = Type::Integer, .json = "status.projectId",
             .doc = "Project of the status."},
            {.name = "StatusName", .type = Type::Text, .json = "status.name",
             .doc = "Status name (Open, In Progress…)."},
            {.name = "StatusColor", .type = Type::Text, .json = "status.color",
             .doc = "Status color (#rrggbb)."},
            {.name = "StatusDisplayOrder", .type = Type::Integer, .json = "status.displayOrder",
             .doc = "Status display order."},
        },
        user_columns({"Assignee", "assignee", "the assignee"},
                     {.filter = Filter::in("assigneeId[]"), .sort = "assignee",
                      .write = "assigneeId"}),
        {
            {.name = "Categories", .type = Type::Json, .json = "category", .sort = "category",
             .doc = "Categories as a JSON array (see IssueCategories)."},
            {.name = "Versions", .type = Type::Json, .json = "versions", .sort = "version",
             .doc = "Affected versions as a JSON array (see IssueVersions)."},
            {.name = "Milestones", .type = Type::Json, .json = "milestone", .sort = "milestone",
             .doc = "Milestones as a JSON array (see IssueMilestones)."},
            {.name = "StartDate", .type = Type::Date, .json = "startDate",
             .filter = Filter::range("startDateSince", "startDateUntil"), .sort = "startDate",
             .write = "startDate", .doc = "Start date."},
            {.name = "DueDate", .type = Type::Date, .json = "dueDate",
             .filter = Filter::range("dueDateSince", "dueDateUntil"), .sort = "dueDate",
             .write = "dueDate", .doc = "Due date."},
            {.name = "EstimatedHours", .type = Type::Real, .json = "estimatedHours",
             .sort = "estimatedHours", .write = "estimatedHours", .doc = "Estimated hours."},
            {.name = "ActualHours", .type = Type::Real, .json = "actualHours",
             .sort = "actualHours", .write = "actualHours", .doc = "Actual hours."},
            {.name = "ParentIssueId", .type = Type::Integer, .json = "parentIssueId",
             .filter = Filter::in("parentIssueId[]"), .write = "parentIssueId",
             .doc = "Parent issue id (NULL for a top-level issue)."},
        },
        user_columns({"CreatedUser", "createdUser", "the issue's creator"},
                     {.filter = Filter::in("createdUserId[]"), .sort = "createdUser"}),
        {
            {.name = "Created", .type = Type::Timestamp, .json = "created",
             .filter = Filter::range("createdSince", "createdUntil"), .sort = "created",
             .doc = "Creation time."},
        },
        user_columns({"UpdatedUser", "updatedUser", "the issue's last updater"},
                     {.sort = "updatedUser"}),
        {
            {.name = "Updated", .type = Type::Timestamp, .json = "updated",
             .filter = Filter::range("updatedSince", "updatedUntil"), .sort = "updated",
             .doc = "Last update time (the incremental cursor)."},
            {.name = "CustomFields", .type = Type::Json, .json = "customFields",
             .doc = "Custom field values as a JSON array of {id, fieldTypeId, name, value}."},
            {.name = "Attachments", .type = Type::Json, .json = "attachments",
             .sort = "attachment", .doc = "Attachments as a JSON array."},
            {.name = "SharedFiles", .type = Type::Json, .json = "sharedFiles",
             .sort = "sharedFile", .doc = "Linked shared files as a JSON array."},
            {.name = "Stars", .type = Type::Json, .json = "stars",
             .doc = "Stars as a JSON array."},
            // Inputs only: the API filters on them but the row has no such scalar field.
            {.name = "Keyword", .type = Type::Text, .filter = Filter::eq("keyword"),
             .hidden = true, .doc = "Input: full-text search in summary, description, comments."},
            {.name = "CategoryId", .type = Type::Integer, .filter = Filter::in("categoryId[]"),
             .hidden = true, .doc = "Input: only issues in this category."},
            {.name = "VersionId", .type = Type::Integer, .filter = Filter::in("versionId[]"),
             .hidden = true, .doc = "Input: only issues affecting this version."},
            {.name = "MilestoneId", .type = Type::Integer, .filter = Filter::in("milestoneId[]"),
             .hidden = true, .doc = "Input: only issues in this milestone."},
            {.name = "ParentChild", .type = Type::Integer, .filter = Filter::eq("parentChild"),
             .hidden = true,
             .doc = "Input: 0 all, 1 not child, 2 child, 3 neither parent nor child, 4 parent…"},
            {.name = "HasDueDate", .type = Type::Boolean, .filter = Filter::flag("hasDueDate"),
             .hidden = true, .doc = "Input: only issues with (1) or without (0) a due date."},
            {.name = "HasAttachment", .type = Type::Boolean, .filter = Filter::flag("attachment"),
             .hidden = true, .doc = "Input: only issues with (1) or without (0) attachments."},
            {.name = "HasSharedFile", .type = Type::Boolean, .filter = Filter::flag("sharedFile"),
             .hidden = true, .doc = "Input: only issues with (1) or without (0) shared files."},
        },
    }),
    .key = {"Id"},
    .cursor = "Updated",
    .insert = {"POST", "/api/v2/issues"},
    .update = {"PATCH", "/api/v2/issues/{Id}"},
    .remove = {"DELETE", "/api/v2/issues/{Id}"},
    .deleted_activity_types = {4},  // content: {id, key_id}
    .deleted_key_json = "id",
    .rows_estimate = 5000,
};

extern const Resource kIssueCategories{
    .table = "IssueCategories",
    .doc = "One row per category set on an issue.",
    .path = "/api/v2/issues",
    .paging = Paging::OffsetCount,
    .explode = "category",
    .columns = join({enclosing_issue_columns(), shared::category_columns()}),
    .key = {"IssueId", "Id"},
    .is_view = true,
    .rows_estimate = 5000,
};

extern const Resource kIssueVersions{
    .table = "IssueVersions",
    .doc = "One row per affected version set on an issue.",
    .path = "/api/v2/issues",
    .paging = Paging::OffsetCount,
    .explode = "versions",
    .columns = join({enclosing_issue_columns(), shared::version_columns()}),
    .key = {"IssueId", "Id"},
    .is_view = true,
    .rows_estimate = 5000,
};

extern const Resource kIssueMilestones{
    .table = "IssueMilestones",
    .doc = "One row per milestone set on an issue.",
    .path = "/api/v2/issues",
    .paging = Paging::OffsetCount,
    .explode = "milestone",
    .columns = join({enclosing_issue_columns(), shared::version_columns()}),
    .key = {"IssueId", "Id"},
    .is_view = true,
    .rows_estimate = 5000,
};

extern const Resource kIssueParticipants{
    .table = "IssueParticipants",
    .doc = "Users who took part in an issue (created, commented, were assigned…).",
    .path = "/api/v2/issues/{IssueId}/participants",
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    .columns = join({
        {{.name = "IssueId", .type = Type::Integer, .doc = "Id of the issue."}},
        user_columns({"", "", ""}),
    }),
    .key = {"IssueId", "Id"},
    .is_view = true,
    .rows_estimate = 3,
};

extern const Resource kIssueAttachments{
    .table = "IssueAttachments",
    .doc = "Files attached to an issue.",
    .path = "/api/v2/issues/{IssueId}/attachments",
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    .columns = join({
        {{.name = "IssueId", .type = Type::Integer, .doc = "Id of the issue."}},
        shared::attachment_columns({"", "", ""}),
    }),
    .key = {"Id"},
    .remove = {"DELETE", "/api/v2/issues/{IssueId}/attachments/{Id}"},
    .rows_estimate = 2,
};

extern const Resource kIssueLinkedSharedFiles{
    .table = "IssueLinkedSharedFiles",
    .doc = "Shared files linked to an issue.",
    .path = "/api/v2/issues/{IssueId}/sharedFiles",
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    // INSERT links an existing shared file (by its Id) to the issue.
    .columns = shared::configure(join({
                                     {{.name = "IssueId", .type = Type::Integer,
                                       .doc = "Id of the issue."}},
                                     shared::shared_file_columns({"", "", ""}),
                                 }),
                                 {{"Id", {.write = "fileId[]"}}}),
    .key = {"Id", "IssueId"},
    .insert = {"POST", "/api/v2/issues/{IssueId}/sharedFiles"},
    .remove = {"DELETE", "/api/v2/issues/{IssueId}/sharedFiles/{Id}"},
    .rows_estimate = 1,
};

}  // namespace backlog::vtab
