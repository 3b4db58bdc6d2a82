// Users and per-user lists: received stars, watchings, notifications, recently viewed items.
//
//   SELECT Id, UserId, Name, MailAddress FROM Users;
//   SELECT IssueKey, Note FROM Watchings WHERE UserId = 12;      -- UserId: numeric id here
//   SELECT ProjectKey, Name FROM UserRecentlyViewedProjects;
//
// Careful with names: in Users, Id is the numeric id and UserId the login name (Backlog's
// own field names). The per-user paths (/api/v2/users/:userId/…) take the NUMERIC id, so in
// Watchings and UserReceivedStars the path column `UserId` holds the numeric id (= Users.Id).
// The recently-viewed lists and Notifications are the authenticated user's own.
// Field names: backlog-js entity.ts User.User, Star.Star, WatchingList.*, Notification.*.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

namespace {
constexpr const char* kEachUser = R"(SELECT "Id" AS "UserId" FROM "Users")";

std::vector<Column> user_path_column() {
  return {{.name = "UserId", .type = Type::Integer,
           .doc = "Numeric id of the user (= Users.Id; the {UserId} of the request path)."}};
}
}  // namespace

extern const Resource kUsers{
    .table = "Users",
    .doc = "Users of the space.",
    .path = "/api/v2/users",
    .get_path = "/api/v2/users/{Id}",
    .columns = join({shared::user_columns({"", "", ""}), shared::user_account_columns()}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 30,
};

extern const Resource kUserReceivedStars{
    .table = "UserReceivedStars",
    .doc = "Stars a user received.",
    .path = "/api/v2/users/{UserId}/stars",
    .paging = Paging::MinMaxId,
    .parent = kEachUser,
    .parent_table = "Users",
    .parent_key = "UserId",
    .columns = join({user_path_column(),
                     shared::configure(shared::star_columns({"", "", ""}),
                                       {{"Id", {.filter = Filter::id_range()}}})}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 20,
};

extern const Resource kWatchings{
    .table = "Watchings",
    .doc = "Issues a user watches (INSERT watches IssueId, UPDATE edits Note, DELETE unwatches).",
    .path = "/api/v2/users/{UserId}/watchings",
    .paging = Paging::OffsetCount,
    .get_path = "/api/v2/watchings/{Id}",
    .parent = kEachUser,
    .parent_table = "Users",
    .parent_key = "UserId",
    .columns = join({
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Watching id."},
        },
        user_path_column(),
        {
            {.name = "AlreadyRead", .type = Type::Boolean, .json = "alreadyRead",
             .doc = "Whether the watching was read (older answers; see ResourceAlreadyRead)."},
            {.name = "ResourceAlreadyRead", .type = Type::Boolean, .json = "resourceAlreadyRead",
             .filter = Filter::flag("resourceAlreadyRead"),
             .doc = "Whether the user has read the issue's latest update."},
            {.name = "Note", .type = Type::Text, .json = "note", .write = "note",
             .doc = "The user's note on the watching."},
            {.name = "Type", .type = Type::Text, .json = "type", .doc = "Watched item kind (issue)."},
        },
        shared::configure(shared::issue_brief_columns("issue", "the watched issue"),
                          {{"IssueId", {.filter = Filter::in("issueId[]"),
                                        .write = "issueIdOrKey"}},
                           {"IssueUpdated", {.sort = "issueUpdated"}}}),
        {
            {.name = "LastContentUpdated", .type = Type::Timestamp, .json = "lastContentUpdated",
             .doc = "Last time the watched issue changed."},
            {.name = "Created", .type = Type::Timestamp, .json = "created", .sort = "created",
             .doc = "Time the watching started."},
            {.name = "Updated", .type = Type::Timestamp, .json = "updated", .sort = "updated",
             .doc = "Last update time of the watching."},
        },
    }),
    .key = {"Id"},
    .insert = {"POST", "/api/v2/watchings"},
    .update = {"PATCH", "/api/v2/watchings/{Id}"},
    .remove = {"DELETE", "/api/v2/watchings/{Id}"},
    .rows_estimate = 20,
};

extern const Resource kNotifications{
    .table = "Notifications",
    .doc = "Notifications of the authenticated user.",
    .path = "/api/v2/notifications",
    .paging = Paging::MinMaxId,
    .columns = join({
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .filter = Filter::id_range(),
             .doc = "Notification id (grows with time)."},
            {.name = "AlreadyRead", .type = Type::Boolean, .json = "alreadyRead",
             .doc = "Whether the notification was read."},
            {.name = "Reason", .type = Type::Integer, .json = "reason",
             .doc = "Why it was sent: 1 assigned, 2 commented, 3 issue added, 4 issue updated, "
                    "5 file added, 6 project user added, 9 other, 10 assigned to a pull "
                    "request, 11 pull request commented, 12 pull request added, 13 pull "
                    "request updated."},
            {.name = "ResourceAlreadyRead", .type = Type::Boolean, .json = "resourceAlreadyRead",
             .doc = "Whether the item it is about was read."},
        },
        shared::project_brief_columns({"Project", "project", "the notification's project"}),
        shared::issue_brief_columns("issue", "the issue it is about"),
        {
            {.name = "CommentId", .type = Type::Integer, .json = "comment.id",
             .doc = "Issue comment it is about."},
            {.name = "CommentContent", .type = Type::Text, .json = "comment.content",
             .doc = "Text of that comment."},
            {.name = "PullRequestId", .type = Type::Integer, .json = "pullRequest.id",
             .doc = "Pull request it is about."},
            {.name = "PullRequestNumber", .type = Type::Integer, .json = "pullRequest.number",
             .doc = "Number of that pull request."},
            {.name = "PullRequestSummary", .type = Type::Text, .json = "pullRequest.summary",
             .doc = "Title of that pull request."},
            {.name = "PullRequestCommentId", .type = Type::Integer,
             .json = "pullRequestComment.id", .doc = "Pull request comment it is about."},
            {.name = "PullRequestCommentContent", .type = Type::Text,
             .json = "pullRequestComment.content", .doc = "Text of that comment."},
        },
        shared::user_columns({"Sender", "sender", "the user who caused it"}),
        {{.name = "Created", .type = Type::Timestamp, .json = "created", .doc = "Time sent."}},
    }),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 100,
};

extern const Resource kUserRecentlyViewedIssues{
    .table = "UserRecentlyViewedIssues",
    .doc = "Issues the authenticated user viewed recently.",
    .path = "/api/v2/users/myself/recentlyViewedIssues",
    .paging = Paging::OffsetCount,
    .columns = join({
        shared::issue_brief_columns("issue", "the viewed issue"),
        {{.name = "Updated", .type = Type::Timestamp, .json = "updated",
          .doc = "Time the user viewed it."}},
    }),
    .key = {"IssueId"},
    .is_view = true,
    .rows_estimate = 20,
};

extern const Resource kUserRecentlyViewedProjects{
    .table = "UserRecentlyViewedProjects",
    .doc = "Projects the authenticated user viewed recently.",
    .path = "/api/v2/users/myself/recentlyViewedProjects",
    .paging = Paging::OffsetCount,
    .columns = join({
        shared::project_columns({"Project", "project", "the viewed project"}),
        {{.name = "Updated", .type = Type::Timestamp, .json = "updated",
          .doc = "Time the user viewed it."}},
    }),
    .key = {"ProjectId"},
    .is_view = true,
    .rows_estimate = 20,
};

extern const Resource kUserRecentlyViewedWikiPages{
    .table = "UserRecentlyViewedWikiPages",
    .doc = "Wiki pages the authenticated user viewed recently.",
    .path = "/api/v2/users/myself/recentlyViewedWikis",
    .paging = Paging::OffsetCount,
    .columns = join({
        {
            {.name = "PageId", .type = Type::Integer, .json = "page.id", .doc = "Wiki page id."},
            {.name = "PageProjectId", .type = Type::Integer, .json = "page.projectId",
             .doc = "Project of the page."},
            {.name = "PageName", .type = Type::Text, .json = "page.name", .doc = "Page name."},
            {.name = "PageTags", .type = Type::Json, .json = "page.tags",
             .doc = "Tags of the page as a JSON array."},
        },
        shared::user_columns({"PageCreatedUser", "page.createdUser", "the page's creator"}),
        {{.name = "PageCreated", .type = Type::Timestamp, .json = "page.created",
          .doc = "Creation time of the page."}},
        shared::user_columns({"PageUpdatedUser", "page.updatedUser", "the page's last editor"}),
        {
            {.name = "PageUpdated", .type = Type::Timestamp, .json = "page.updated",
             .doc = "Last update time of the page."},
            {.name = "Updated", .type = Type::Timestamp, .json = "updated",
             .doc = "Time the user viewed it."},
        },
    }),
    .key = {"PageId"},
    .is_view = true,
    .rows_estimate = 20,
};

}  // namespace backlog::vtab
