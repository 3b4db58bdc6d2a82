// Shared files of a project (the "Files" tab), one directory listing at a time.
//
//   SELECT Dir, Name, Size FROM ProjectSharedFiles WHERE ProjectId = 1;            -- root
//   SELECT Name FROM ProjectSharedFiles WHERE ProjectId = 1 AND Dir = '/docs/';    -- a folder
//
// GET /api/v2/projects/:p/files/metadata/:path lists ONE directory (not recursive), offset/
// count paged. The path column Dir is the directory (as Backlog writes it: starts and ends
// with "/"); without a Dir constraint the parent query lists the root of every project.
// The {Dir} value must be sent with its slashes kept (not percent-encoded as %2F).
// Shared files linked to issues and wiki pages are in issues.cpp and wikis.cpp.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {

extern const Resource kProjectSharedFiles{
    .table = "ProjectSharedFiles",
    .doc = "Files and folders in one directory of a project's shared files.",
    .path = "/api/v2/projects/{ProjectId}/files/metadata{Dir}",
    .paging = Paging::OffsetCount,
    .parent = R"(SELECT "Id" AS "ProjectId", '/' AS "Dir" FROM "Projects")",
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = shared::shared_file_columns({"", "", ""}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 20,
};

}  // namespace backlog::vtab
