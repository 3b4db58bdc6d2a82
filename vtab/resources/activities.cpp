// Activities ("recent updates") of the space, of a project and of a user.
//
//   SELECT Id, Type, ProjectKey, ContentSummary FROM SpaceUpdates WHERE Id > 5000;
//   SELECT * FROM SpaceUpdates WHERE Type IN (4, 7, 10, 24);        -- deletions
//   SELECT Created, Type FROM ProjectRecentUpdates WHERE ProjectId = 1;
//
// All three page by minId/maxId (count ≤ 100) and filter by activityTypeId[]. SpaceUpdates
// is also where incremental replication finds deletions (Resource::deleted_activity_types).
// Field names: backlog-js entity.ts Activity.Activity; types from src/types.ts ActivityType.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

extern const Resource kSpaceUpdates{
    .table = "SpaceUpdates",
    .doc = "Recent activities of the whole space.",
    .path = "/api/v2/space/activities",
    .paging = Paging::MinMaxId,
    .columns = shared::activity_columns(),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 1000,
};

extern const Resource kProjectRecentUpdates{
    .table = "ProjectRecentUpdates",
    .doc = "Recent activities of a project.",
    .path = "/api/v2/projects/{ProjectId}/activities",
    .paging = Paging::MinMaxId,
    .parent = R"(SELECT "Id" AS "ProjectId" FROM "Projects")",
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = shared::activity_columns(),  // ProjectId (project.id) is the path column
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 300,
};

extern const Resource kUserRecentUpdates{
    .table = "UserRecentUpdates",
    .doc = "Recent activities of a user.",
    .path = "/api/v2/users/{UserId}/activities",
    .paging = Paging::MinMaxId,
    .parent = R"(SELECT "Id" AS "UserId" FROM "Users")",
    .parent_table = "Users",
    .parent_key = "UserId",
    .columns = join({
        {{.name = "UserId", .type = Type::Integer,
          .doc = "Numeric id of the user (= Users.Id; the {UserId} of the request path)."}},
        shared::activity_columns(),
    }),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 100,
};

}  // namespace backlog::vtab
