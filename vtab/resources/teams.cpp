// Teams of the space and their members.
//
//   SELECT Id, Name FROM Teams;
//   SELECT TeamName, Name, MailAddress FROM TeamMembers WHERE TeamId = 3;
//
// GET /api/v2/teams pages by offset/count (count ≤ 100). TeamMembers explodes each team's
// `members` array, so it costs the same calls as Teams. Project teams are in projects.cpp.
// Field names: backlog-js entity.ts Team.Team.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

extern const Resource kTeams{
    .table = "Teams",
    .doc = "Teams of the space.",
    .path = "/api/v2/teams",
    .paging = Paging::OffsetCount,
    .get_path = "/api/v2/teams/{Id}",
    .columns = shared::team_columns({"", "", ""}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 10,
};

extern const Resource kTeamMembers{
    .table = "TeamMembers",
    .doc = "Members of the space's teams, one row per (team, user).",
    .path = "/api/v2/teams",
    .paging = Paging::OffsetCount,
    .explode = "members",
    .columns = join({
        {
            {.name = "TeamId", .type = Type::Integer, .json = "^id", .doc = "Team id."},
            {.name = "TeamName", .type = Type::Text, .json = "^name", .doc = "Team name."},
        },
        shared::user_columns({"", "", ""}),
    }),
    .key = {"TeamId", "Id"},
    .is_view = true,
    .rows_estimate = 50,
};

}  // namespace backlog::vtab
