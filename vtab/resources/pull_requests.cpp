// Git repositories, pull requests and pull-request comments (with their change logs, stars
// and notifications) and attachments.
//
//   SELECT Name, HttpUrl FROM Repositories WHERE ProjectId = 1;
//   SELECT Number, Summary, StatusName FROM PullRequests WHERE ProjectId = 1 AND RepositoryId = 3;
//   SELECT Content FROM PullRequestComments WHERE ProjectId = 1 AND RepositoryId = 3 AND Number = 12;
//
// Paths: /api/v2/projects/:p/git/repositories[/:repo/pullRequests[/:number/comments…]].
// Pull requests page by offset/count and filter by statusId[], assigneeId[], issueId[],
// createdUserId[]; comments page by minId/maxId. Without the path columns constrained, the
// tables walk Projects → Repositories → PullRequests. Field names: backlog-js entity.ts
// Git.GitRepository, PullRequest.*.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;
using shared::user_columns;

namespace {
constexpr const char* kEachProject = R"(SELECT "Id" AS "ProjectId" FROM "Projects")";
constexpr const char* kEachRepository =
    R"(SELECT "ProjectId", "Id" AS "RepositoryId" FROM "Repositories")";
constexpr const char* kEachPullRequest =
    R"(SELECT "ProjectId", "RepositoryId", "Number" FROM "PullRequests")";
constexpr const char* kPullRequestsPath =
    "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests";
constexpr const char* kCommentsPath =
    "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests/{Number}/comments";

// The path columns of everything under one pull request.
std::vector<Column> pull_request_path_columns() {
  return {
      {.name = "ProjectId", .type = Type::Integer, .doc = "Project id (path)."},
      {.name = "RepositoryId", .type = Type::Integer, .doc = "Repository id (path)."},
      {.name = "Number", .type = Type::Integer, .doc = "Pull request number (path)."},
  };
}

std::vector<Column> comment_id_column() {
  return {{.name = "CommentId", .type = Type::Integer, .json = "^id",
           .filter = Filter::id_range(), .doc = "Id of the comment."}};
}
}  // namespace

extern const Resource kRepositories{
    .table = "Repositories",
    .doc = "Git repositories of a project.",
    .path = "/api/v2/projects/{ProjectId}/git/repositories",
    .get_path = "/api/v2/projects/{ProjectId}/git/repositories/{Id}",
    .parent = kEachProject,
    .parent_table = "Projects",
    .parent_key = "ProjectId",
    .columns = join({
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Repository id."},
            {.name = "ProjectId", .type = Type::Integer, .json = "projectId",
             .doc = "Project of the repository."},
            {.name = "Name", .type = Type::Text, .json = "name", .doc = "Repository name."},
            {.name = "Description", .type = Type::Text, .json = "description",
             .doc = "Description."},
            {.name = "HookUrl", .type = Type::Text, .json = "hookUrl",
             .doc = "Web hook URL called on push."},
            {.name = "HttpUrl", .type = Type::Text, .json = "httpUrl", .doc = "HTTPS clone URL."},
            {.name = "SshUrl", .type = Type::Text, .json = "sshUrl", .doc = "SSH clone URL."},
            {.name = "DisplayOrder", .type = Type::Integer, .json = "displayOrder",
             .doc = "Display order."},
            {.name = "PushedAt", .type = Type::Timestamp, .json = "pushedAt",
             .doc = "Time of the last push."},
        },
        user_columns({"CreatedUser", "createdUser", "the repository's creator"}),
        {{.name = "Created", .type = Type::Timestamp, .json = "created",
          .doc = "Creation time."}},
        user_columns({"UpdatedUser", "updatedUser", "the repository's last updater"}),
        {{.name = "Updated", .type = Type::Timestamp, .json = "updated",
          .doc = "Last update time."}},
    }),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 3,
};

extern const Resource kPullRequests{
    .table = "PullRequests",
    .doc = "Pull requests of a Git repository.",
    .path = kPullRequestsPath,
    .paging = Paging::OffsetCount,
    .get_path =
        "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests/{Number}",
    .parent = kEachRepository,
    .parent_table = "Repositories",
    .parent_key = "RepositoryId",
    .columns = join({
        {
            {.name = "Id", .type = Type::Integer, .json = "id", .doc = "Pull request id."},
            {.name = "ProjectId", .type = Type::Integer, .json = "projectId",
             .doc = "Project id."},
            // From the request path, not the answer: older answers have no repositoryId,
            // and PullRequestComments/Attachments fan out with this column.
            {.name = "RepositoryId", .type = Type::Integer,
             .doc = "Repository id (the {RepositoryId} of the request path)."},
            {.name = "Number", .type = Type::Integer, .json = "number",
             .doc = "Pull request number within the repository."},
            {.name = "Summary", .type = Type::Text, .json = "summary", .write = "summary",
             .doc = "Title."},
            {.name = "Description", .type = Type::Text, .json = "description",
             .write = "description", .doc = "Body text."},
            {.name = "Base", .type = Type::Text, .json = "base", .write = "base",
             .doc = "Branch merged into (set on INSERT only)."},
            {.name = "Branch", .type = Type::Text, .json = "branch", .write = "branch",
             .doc = "Branch merged from (set on INSERT only)."},
            {.name = "StatusId", .type = Type::Integer, .json = "status.id",
             .filter = Filter::in("statusId[]"), .doc = "Status id: 1 open, 2 closed, 3 merged."},
            {.name = "StatusName", .type = Type::Text, .json = "status.name",
             .doc = "Status name."},
        },
        user_columns({"Assignee", "assignee", "the assignee"},
                     {.filter = Filter::in("assigneeId[]"), .write = "assigneeId"}),
        // The list answer nests only the issue's id ({"id": 31} in the documented example);
        // the other issue columns come from GET …/pullRequests/{Number}.
        shared::detail_except(
            shared::configure(shared::issue_brief_columns("issue", "the related issue"),
                              {{"IssueId", {.filter = Filter::in("issueId[]"), .write = "issueId"}}}),
            "IssueId"),
        {
            {.name = "BaseCommit", .type = Type::Text, .json = "baseCommit",
             .doc = "Commit hash of the base branch."},
            {.name = "BranchCommit", .type = Type::Text, .json = "branchCommit",
             .doc = "Commit hash of the merged branch."},
            {.name = "MergeCommit", .type = Type::Text, .json = "mergeCommit",
             .doc = "Merge commit hash."},
            {.name = "CloseAt", .type = Type::Timestamp, .json = "closeAt",
             .doc = "Time it was closed."},
            {.name = "MergeAt", .type = Type::Timestamp, .json = "mergeAt",
             .doc = "Time it was merged."},
        },
        user_columns({"CreatedUser", "createdUser", "the pull request's author"},
                     {.filter = Filter::in("createdUserId[]")}),
        {{.name = "Created", .type = Type::Timestamp, .json = "created",
          .doc = "Creation time."}},
        user_columns({"UpdatedUser", "updatedUser", "the pull request's last updater"}),
        {
            {.name = "Updated", .type = Type::Timestamp, .json = "updated",
             .doc = "Last update time."},
            {.name = "Attachments", .type = Type::Json, .json = "attachments",
             .doc = "Attachments as a JSON array (see PullRequestAttachments)."},
            {.name = "Stars", .type = Type::Json, .json = "stars",
             .doc = "Stars as a JSON array."},
        },
    }),
    .key = {"Id"},
    .insert = {"POST", kPullRequestsPath},
    .update = {"PATCH",
               "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests/"
               "{Number}"},
    .rows_estimate = 50,
};

extern const Resource kPullRequestComments{
    .table = "PullRequestComments",
    .doc = "Comments on pull requests (INSERT posts one, UPDATE edits its content).",
    .path = kCommentsPath,
    .paging = Paging::MinMaxId,
    .parent = kEachPullRequest,
    .parent_table = "PullRequests",  // no parent_key: the parent's key (Id) is not in the
                                     // rows, they know (ProjectId, RepositoryId, Number)
    .columns = join({
        {{.name = "Id", .type = Type::Integer, .json = "id", .filter = Filter::id_range(),
          .doc = "Comment id (grows with time)."}},
        pull_request_path_columns(),
        shared::configure(shared::comment_body_columns("the comment"),
                          {{"Content", {.write = "content"}}}),
    }),
    .key = {"Id"},
    .insert = {"POST", kCommentsPath},
    .update = {"PATCH",
               "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests/"
               "{Number}/comments/{Id}"},
    .rows_estimate = 10,
};

extern const Resource kPullRequestAttachments{
    .table = "PullRequestAttachments",
    .doc = "Files attached to a pull request.",
    .path = "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests/{Number}/"
            "attachments",
    .parent = kEachPullRequest,
    .parent_table = "PullRequests",  // no parent_key: the parent's key (Id) is not in the
                                     // rows, they know (ProjectId, RepositoryId, Number)
    .columns = join({pull_request_path_columns(), shared::attachment_columns({"", "", ""})}),
    .key = {"Id"},
    .remove = {"DELETE",
               "/api/v2/projects/{ProjectId}/git/repositories/{RepositoryId}/pullRequests/"
               "{Number}/attachments/{Id}"},
    .rows_estimate = 1,
};

extern const Resource kPullRequestCommentChangeLog{
    .table = "PullRequestCommentChangeLog",
    .doc = "Field changes recorded with pull request comments, one row per changed field.",
    .path = kCommentsPath,
    .paging = Paging::MinMaxId,
    .parent = kEachPullRequest,
    .parent_table = "PullRequests",  // no parent_key: the parent's key (Id) is not in the
                                     // rows, they know (ProjectId, RepositoryId, Number)
    .explode = "changeLog",
    .columns = join({pull_request_path_columns(), comment_id_column(),
                     shared::change_log_columns(false)}),
    .is_view = true,  // entries have no id of their own: no key
    .rows_estimate = 5,
};

extern const Resource kPullRequestCommentStars{
    .table = "PullRequestCommentStars",
    .doc = "Stars given to pull request comments.",
    .path = kCommentsPath,
    .paging = Paging::MinMaxId,
    .parent = kEachPullRequest,
    .parent_table = "PullRequests",  // no parent_key: the parent's key (Id) is not in the
                                     // rows, they know (ProjectId, RepositoryId, Number)
    .explode = "stars",
    .columns = join({pull_request_path_columns(), comment_id_column(),
                     shared::star_columns({"", "", ""})}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 2,
};

extern const Resource kPullRequestCommentNotifications{
    .table = "PullRequestCommentNotifications",
    .doc = "Users notified of pull request comments.",
    .path = kCommentsPath,
    .paging = Paging::MinMaxId,
    .parent = kEachPullRequest,
    .parent_table = "PullRequests",  // no parent_key: the parent's key (Id) is not in the
                                     // rows, they know (ProjectId, RepositoryId, Number)
    .explode = "notifications",
    .columns = join({pull_request_path_columns(), comment_id_column(),
                     shared::comment_notification_columns()}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 5,
};

}  // namespace backlog::vtab
