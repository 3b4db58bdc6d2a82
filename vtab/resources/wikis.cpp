// Wiki pages and what hangs off a page: attachments, history, tags, stars, linked shared files.
//
//   SELECT Id, Name, Updated FROM WikiPages WHERE ProjectId = 1;
//   SELECT Name, Content FROM WikiPages WHERE ProjectId = 1 AND Keyword = 'release';
//   SELECT Version, CreatedUserName, Created FROM WikiPageHistory WHERE WikiId = 7;
//
// GET /api/v2/wikis needs `projectIdOrKey` as a query parameter, so WikiPages and
// WikiPageTags put "?projectIdOrKey={ProjectId}" in their path template (the API client
// appends further parameters with "&") and fan out over Projects like any path column. The list answer has no content/attachments/
// sharedFiles/stars: those columns are `detail` (GET /api/v2/wikis/:id per row, only when
// the query uses them). Field names: backlog-js entity.ts Wiki.*.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

namespace {
constexpr const char* kEachProject = R"(SELECT "Id" AS "ProjectId" FROM "Projects")";
constexpr const char* kEachPage = R"(SELECT "Id" AS "WikiId" FROM "WikiPages")";

std::vector<Column> wiki_id_column() {
  return {{.name = "WikiId", .type = Type::Integer,
           .doc = "Wiki page id (the {WikiId} of the request path)."}};
}
}  // namespace

extern const Resource kWikiPages{
    .table = "WikiPages",
    .doc = "Wiki pages of a project (INSERT/UPDATE/DELETE create, edit and delete pages).",
    .path = "/api/v2/wikis?projectIdOrKey={ProjectId}",
    .get_path = "/api/v2/wikis/{Id}",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Wiki page id."},
            {.name = "ProjectId", .type = Type::Integer, .json = "projectId",
             .write = "projectId", .doc = "Project of the page."},
            {.name = "Name", .type = Type::Text, .json = "name", .write = "name",
             .doc = "Page name (its path in the wiki tree)."},
            {.name = "Content", .type = Type::Text, .json = "content", .write = "content",
             .detail = true, .doc = "Page text (fetched per page)."},
            {.name = "Tags", .type = Type::Json, .json = "tags",
             .doc = "Tags as a JSON array of {id, name}."},
            {.name = "Attachments", .type = Type::Json, .json = "attachments", .detail = true,
             .doc = "Attachments as a JSON array (fetched per page)."},
            {.name = "SharedFiles", .type = Type::Json, .json = "sharedFiles", .detail = true,
             .doc = "Linked shared files as a JSON array (fetched per page)."},
            {.name = "Stars", .type = Type::Json, .json = "stars", .detail = true,
             .doc = "Stars as a JSON array (fetched per page)."},
        },
        shared::user_columns({"CreatedUser", "createdUser", "the page's creator"}),
        {{.name = "Created", .type = Type::Timestamp, .json = "created",
          .doc = "Creation time."}},
        shared::user_columns({"UpdatedUser", "updatedUser", "the page's last editor"}),
        {
            {.name = "Updated", .type = Type::Timestamp, .json = "updated",
             .doc = "Last update time."},
            {.name = "Keyword", .type = Type::Text, .filter = Filter::eq("keyword"),
             .hidden = true, .doc = "Input: search page names and contents."},
            {.name = "MailNotify", .type = Type::Boolean, .write = "mailNotify", .hidden = true,
             .doc = "Input on INSERT/UPDATE: 1 mails the change to project members."},
        },
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/wikis"},
    .update = {"PATCH", "/api/v2/wikis/{Id}"},
    .remove = {"DELETE", "/api/v2/wikis/{Id}"},
    .deleted_activity_types = {7},  // wiki deleted: content {id, name, …}
    .deleted_key_json = "id",
    .rows_estimate = 50,
};

extern const Resource kWikiPageTags{
    .table = "WikiPageTags",
    .doc = "Tags used by the wiki pages of a project.",
    .path = "/api/v2/wikis/tags?projectIdOrKey={ProjectId}",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = {
        {.name = "ProjectId", .type = Type::Integer,
         .doc = "Project id (the {ProjectId} of the request)."},
        {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Tag id."},
        {.name = "Name", .type = Type::Text, .json = "name", .doc = "Tag name."},
    },
    .key = {"Id", "ProjectId"},
    .is_view = true,
    .rows_estimate = 10,
};

extern const Resource kWikiPageAttachments{
    .table = "WikiPageAttachments",
    .doc = "Files attached to a wiki page.",
    .path = "/api/v2/wikis/{WikiId}/attachments",
    .parent = kEachPage,
    .parent_table = "WikiPages",
    .parent_key = "WikiId",
    .columns = join({wiki_id_column(), shared::attachment_columns({"", "", ""})}),
    .key = {"Id"},
    .remove = {"DELETE", "/api/v2/wikis/{WikiId}/attachments/{Id}"},
    .rows_estimate = 2,
};

extern const Resource kWikiPageHistory{
    .table = "WikiPageHistory",
    .doc = "Past versions of a wiki page.",
    .path = "/api/v2/wikis/{WikiId}/history",
    .paging = Paging::MinMaxId,
    .parent = kEachPage,
    .parent_table = "WikiPages",
    .parent_key = "WikiId",
    .columns = join({
        {
            {.name = "WikiId", .type = Type::Integer, .json = "pageId",
             .doc = "Wiki page id (pageId; the {WikiId} of the request path)."},
            {.name = "Version", .type = Type::Integer, .json = "version",
             .filter = Filter::id_range(), .doc = "Version number (minId/maxId page on it)."},
            {.name = "Name", .type = Type::Text, .json = "name", .doc = "Page name then."},
            {.name = "Content", .type = Type::Text, .json = "content", .doc = "Page text then."},
        },
        shared::user_columns({"CreatedUser", "createdUser", "the version's author"}),
        {{.name = "Created", .type = Type::Timestamp, .json = "created",
          .doc = "Time the version was saved."}},
    }),
    .key = {"WikiId", "Version"},
    .is_view = true,
    .rows_estimate = 10,
};

extern const Resource kWikiPageStars{
    .table = "WikiPageStars",
    .doc = "Stars given to a wiki page.",
    .path = "/api/v2/wikis/{WikiId}/stars",
    .parent = kEachPage,
    .parent_table = "WikiPages",
    .parent_key = "WikiId",
    .columns = join({wiki_id_column(), shared::star_columns({"", "", ""})}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 2,
};

extern const Resource kWikiPageLinkedSharedFiles{
    .table = "WikiPageLinkedSharedFiles",
    .doc = "Shared files linked to a wiki page.",
    .path = "/api/v2/wikis/{WikiId}/sharedFiles",
    .parent = kEachPage,
    .parent_table = "WikiPages",
    .parent_key = "WikiId",
    .columns = join({wiki_id_column(), shared::shared_file_columns({"", "", ""})}),
    .key = {"Id", "WikiId"},
    .is_view = true,
    .rows_estimate = 1,
};

}  // namespace backlog::vtab
