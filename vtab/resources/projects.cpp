// Projects and their settings: members, administrators, categories, versions/milestones,
// issue types, statuses, custom fields (and their list items), teams.
//
//   SELECT Id, ProjectKey, Name FROM Projects WHERE Archived = 0;
//   SELECT Name, Color FROM ProjectStatuses WHERE ProjectId = 1;
//   SELECT p.ProjectKey, u.Name FROM Projects p JOIN ProjectUsers u ON u.ProjectId = p.Id;
//
// Every per-project endpoint is GET /api/v2/projects/:projectIdOrKey/…: with
// `ProjectId = x` it is one call, otherwise one call per row of Projects.
// Field names from nulab/backlog-js src/entity.ts (Project.*, Issue.IssueType, Team.Team).
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

namespace {
constexpr const char* kEachProject = R"(SELECT "Id" AS "ProjectId" FROM "Projects")";

// The placeholder column of every per-project table.
std::vector<Column> project_id_column() {
  return {{.name = "ProjectId", .type = Type::Integer,
           .doc = "Project id (the {ProjectId} of the request path)."}};
}
}  // namespace

extern const Resource kProjects{
    .table = "Projects",
    .doc = "Projects the user has joined (all projects with All = 1 for administrators).",
    .path = "/api/v2/projects",
    .get_path = "/api/v2/projects/{Id}",
    .get_by = {"ProjectKey"},
    .columns = join({
        shared::configure(shared::project_columns({"", "", ""}),
                          {
                              {"ProjectKey", {.write = "key"}},
                              {"Name", {.write = "name"}},
                              {"ChartEnabled", {.write = "chartEnabled"}},
                              {"SubtaskingEnabled", {.write = "subtaskingEnabled"}},
                              {"ProjectLeaderCanEditProjectLeader",
                               {.write = "projectLeaderCanEditProjectLeader"}},
                              {"TextFormattingRule", {.write = "textFormattingRule"}},
                              {"Archived", {.filter = Filter::flag("archived"),
                                            .write = "archived"}},
                              {"GrandchildIssueEnabled", {.write = "grandchildIssueEnabled"}},
                          }),
        {{.name = "All", .type = Type::Boolean, .filter = Filter::flag("all"), .hidden = true,
          .doc = "Input: 1 lists every project of the space (administrators only)."}},
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/projects"},
    .update = {"PATCH", "/api/v2/projects/{Id}"},
    // DELETE /api/v2/projects/:id exists but erases every issue, wiki page and file of the
    // project: too destructive for a stray `DELETE FROM Projects`, so not offered.
    .rows_estimate = 20,
};

extern const Resource kProjectUsers{
    .table = "ProjectUsers",
    .doc = "Members of a project. INSERT adds the user with numeric id Id to the project.",
    .path = "/api/v2/projects/{ProjectId}/users",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        shared::user_columns({"", "", ""}, {.write = "userId"}),
        shared::user_account_columns(),
        {{.name = "ExcludeGroupMembers", .type = Type::Boolean,
          .filter = Filter::flag("excludeGroupMembers"), .hidden = true,
          .doc = "Input: 1 leaves out users who are members only through a team."}},
    }),
    .key = {"Id", "ProjectId"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/users"},
    .rows_estimate = 10,
};

extern const Resource kProjectAdministrators{
    .table = "ProjectAdministrators",
    .doc = "Project administrators. INSERT makes the user with numeric id Id one.",
    .path = "/api/v2/projects/{ProjectId}/administrators",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        shared::user_columns({"", "", ""}, {.write = "userId"}),
        shared::user_account_columns(),
    }),
    .key = {"Id", "ProjectId"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/administrators"},
    .rows_estimate = 2,
};

extern const Resource kProjectCategories{
    .table = "ProjectCategories",
    .doc = "Issue categories defined in a project.",
    .path = "/api/v2/projects/{ProjectId}/categories",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        shared::configure(shared::category_columns(), {{"Name", {.write = "name"}}}),
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/categories"},
    .update = {"PATCH", "/api/v2/projects/{ProjectId}/categories/{Id}"},
    .remove = {"DELETE", "/api/v2/projects/{ProjectId}/categories/{Id}"},
    .rows_estimate = 10,
};

extern const Resource kProjectVersionMilestones{
    .table = "ProjectVersionMilestones",
    .doc = "Versions / milestones defined in a project.",
    .path = "/api/v2/projects/{ProjectId}/versions",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        // Archived can only be changed by UPDATE (PATCH); POST ignores it.
        shared::configure(shared::version_columns(),
                          {
                              {"Name", {.write = "name"}},
                              {"Description", {.write = "description"}},
                              {"StartDate", {.write = "startDate"}},
                              {"ReleaseDueDate", {.write = "releaseDueDate"}},
                              {"Archived", {.write = "archived"}},
                          }),
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/versions"},
    .update = {"PATCH", "/api/v2/projects/{ProjectId}/versions/{Id}"},
    .remove = {"DELETE", "/api/v2/projects/{ProjectId}/versions/{Id}"},
    .deleted_activity_types = {24},  // milestone deleted: content {id, name, …}
    .deleted_key_json = "id",
    .rows_estimate = 10,
};

extern const Resource kProjectIssueTypes{
    .table = "ProjectIssueTypes",
    .doc = "Issue types defined in a project.",
    .path = "/api/v2/projects/{ProjectId}/issueTypes",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Issue type id."},
            {.name = "Name", .type = Type::Text, .json = "name", .write = "name",
             .doc = "Issue type name."},
            {.name = "Color", .type = Type::Text, .json = "color", .write = "color",
             .doc = "Color (#rrggbb, one of Backlog's palette)."},
            {.name = "DisplayOrder", .type = Type::Integer, .json = "displayOrder",
             .doc = "Display order."},
            {.name = "TemplateSummary", .type = Type::Text, .json = "templateSummary",
             .write = "templateSummary", .doc = "Summary template for new issues."},
            {.name = "TemplateDescription", .type = Type::Text, .json = "templateDescription",
             .write = "templateDescription", .doc = "Description template for new issues."},
        },
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/issueTypes"},
    .update = {"PATCH", "/api/v2/projects/{ProjectId}/issueTypes/{Id}"},
    // DELETE needs substituteIssueTypeId, which a row does not carry: not offered.
    .rows_estimate = 5,
};

extern const Resource kProjectStatuses{
    .table = "ProjectStatuses",
    .doc = "Issue statuses of a project.",
    .path = "/api/v2/projects/{ProjectId}/statuses",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Status id."},
            {.name = "Name", .type = Type::Text, .json = "name", .write = "name",
             .doc = "Status name."},
            {.name = "Color", .type = Type::Text, .json = "color", .write = "color",
             .doc = "Color (#rrggbb, one of Backlog's palette)."},
            {.name = "DisplayOrder", .type = Type::Integer, .json = "displayOrder",
             .doc = "Display order."},
        },
    }),
    .key = {"Id", "ProjectId"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/statuses"},
    .update = {"PATCH", "/api/v2/projects/{ProjectId}/statuses/{Id}"},
    // DELETE needs substituteStatusId, which a row does not carry: not offered.
    .rows_estimate = 5,
};

extern const Resource kProjectCustomFields{
    .table = "ProjectCustomFields",
    .doc = "Custom fields defined in a project.",
    .path = "/api/v2/projects/{ProjectId}/customFields",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Custom field id."},
            {.name = "TypeId", .type = Type::Integer, .json = "typeId", .write = "typeId",
             .doc = "1 text, 2 sentence, 3 number, 4 date, 5 single list, 6 multiple list, "
                    "7 checkbox, 8 radio."},
            {.name = "Name", .type = Type::Text, .json = "name", .write = "name",
             .doc = "Field name."},
            {.name = "Description", .type = Type::Text, .json = "description",
             .write = "description", .doc = "Description."},
            {.name = "Required", .type = Type::Boolean, .json = "required", .write = "required",
             .doc = "Whether a value is required."},
            {.name = "UseIssueType", .type = Type::Boolean, .json = "useIssueType",
             .doc = "Whether the field applies only to some issue types."},
            {.name = "ApplicableIssueTypes", .type = Type::Json, .json = "applicableIssueTypes",
             .doc = "Issue type ids the field applies to, as a JSON array."},
            {.name = "DisplayOrder", .type = Type::Integer, .json = "displayOrder",
             .doc = "Display order."},
            {.name = "Version", .type = Type::Integer, .json = "version",
             .doc = "Revision of the field definition."},
            {.name = "Min", .type = Type::Text, .json = "min",
             .doc = "Minimum (number fields: a number, date fields: a date)."},
            {.name = "Max", .type = Type::Text, .json = "max",
             .doc = "Maximum (number fields: a number, date fields: a date)."},
            {.name = "InitialValue", .type = Type::Real, .json = "initialValue",
             .doc = "Initial value of a number field."},
            {.name = "Unit", .type = Type::Text, .json = "unit", .doc = "Unit of a number field."},
            {.name = "InitialDateId", .type = Type::Integer, .json = "initialDate.id",
             .doc = "Date field initial value kind: 1 today, 2 today + shift, 3 fixed date."},
            {.name = "InitialDateShift", .type = Type::Integer, .json = "initialDate.shift",
             .doc = "Days added to today for the initial date."},
            {.name = "InitialDateDate", .type = Type::Date, .json = "initialDate.date",
             .doc = "Fixed initial date."},
            {.name = "Items", .type = Type::Json, .json = "items",
             .doc = "List items as a JSON array (see ProjectCustomFieldItems)."},
            {.name = "AllowAddItem", .type = Type::Boolean, .json = "allowAddItem",
             .doc = "Whether users may add list items."},
            {.name = "AllowInput", .type = Type::Boolean, .json = "allowInput",
             .doc = "Whether checkbox/radio fields accept free text too."},
        },
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/customFields"},
    .update = {"PATCH", "/api/v2/projects/{ProjectId}/customFields/{Id}"},
    .remove = {"DELETE", "/api/v2/projects/{ProjectId}/customFields/{Id}"},
    .rows_estimate = 5,
};

extern const Resource kProjectCustomFieldItems{
    .table = "ProjectCustomFieldItems",
    .doc = "Items of list-type custom fields (single/multiple list, checkbox, radio).",
    .path = "/api/v2/projects/{ProjectId}/customFields",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .explode = "items",
    .columns = join({
        project_id_column(),
        {
            {.name = "CustomFieldId", .type = Type::Integer, .json = "^id",
             .doc = "Custom field the item belongs to."},
            {.name = "CustomFieldName", .type = Type::Text, .json = "^name",
             .doc = "Name of the custom field."},
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Item id."},
            {.name = "Name", .type = Type::Text, .json = "name", .write = "name",
             .doc = "Item text."},
            {.name = "DisplayOrder", .type = Type::Integer, .json = "displayOrder",
             .doc = "Display order."},
        },
    }),
    .key = {"Id", "CustomFieldId"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/customFields/{CustomFieldId}/items"},
    .update = {"PATCH", "/api/v2/projects/{ProjectId}/customFields/{CustomFieldId}/items/{Id}"},
    .remove = {"DELETE", "/api/v2/projects/{ProjectId}/customFields/{CustomFieldId}/items/{Id}"},
    .rows_estimate = 10,
};

extern const Resource kProjectTeams{
    .table = "ProjectTeams",
    .doc = "Teams added to a project. INSERT adds the team with id Id to the project.",
    .path = "/api/v2/projects/{ProjectId}/teams",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        project_id_column(),
        shared::configure(shared::team_columns({"", "", ""}), {{"Id", {.write = "teamId"}}}),
    }),
    .key = {"Id", "ProjectId"},
    .insert = {"POST", "/api/v2/projects/{ProjectId}/teams"},
    .rows_estimate = 2,
};

extern const Resource kProjectTeamMembers{
    .table = "ProjectTeamMembers",
    .doc = "Members of the teams added to a project, one row per (team, user).",
    .path = "/api/v2/projects/{ProjectId}/teams",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .explode = "members",
    .columns = join({
        project_id_column(),
        {
            {.name = "TeamId", .type = Type::Integer, .json = "^id", .doc = "Team id."},
            {.name = "TeamName", .type = Type::Text, .json = "^name", .doc = "Team name."},
        },
        shared::user_columns({"", "", ""}),
    }),
    .key = {"ProjectId", "TeamId", "Id"},
    .is_view = true,
    .rows_estimate = 10,
};

}  // namespace backlog::vtab
