// Issue comments and what each comment carries: its change log, stars and notifications.
//
//   SELECT Id, CreatedUserName, Content FROM IssueComments WHERE IssueId = 42;
//   SELECT * FROM IssueComments WHERE IssueId = 42 AND Id > 1000;   -- minId=1000
//   SELECT Field, OriginalValue, NewValue FROM IssueCommentChangeLog WHERE IssueId = 42;
//
// GET /api/v2/issues/:issueIdOrKey/comments pages by minId/maxId (count ≤ 100). Without an
// IssueId constraint the tables walk every issue (one call per issue: costly — constrain).
// The views explode the changeLog / stars / notifications arrays of each comment, so they
// cost the same calls as IssueComments. Field names: backlog-js entity.ts Issue.Comment.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

namespace {
constexpr const char* kEachIssue = R"(SELECT "Id" AS "IssueId" FROM "Issues")";
constexpr const char* kComments = "/api/v2/issues/{IssueId}/comments";

std::vector<Column> issue_id_column() {
  return {{.name = "IssueId", .type = Type::Integer,
           .doc = "Issue id (the {IssueId} of the request path)."}};
}

// The enclosing comment of an exploded entry; its id still drives minId/maxId paging.
std::vector<Column> comment_id_column() {
  return {{.name = "CommentId", .type = Type::Integer, .json = "^id",
           .filter = Filter::id_range(), .doc = "Id of the comment."}};
}
}  // namespace

extern const Resource kIssueComments{
    .table = "IssueComments",
    .doc = "Comments on issues (INSERT/UPDATE/DELETE post, edit and delete comments).",
    .path = kComments,
    .paging = Paging::MinMaxId,
    .get_path = "/api/v2/issues/{IssueId}/comments/{Id}",
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    .columns = join({
        {{.name = "Id", .type = Type::Integer, .json = "id", .filter = Filter::id_range(),
          .doc = "Comment id (grows with time)."}},
        issue_id_column(),
        {{.name = "ProjectId", .type = Type::Integer, .json = "projectId",
          .doc = "Project of the issue."}},
        shared::configure(shared::comment_body_columns("the comment"),
                          {{"Content", {.write = "content"}}}),
    }),
    .key = {"Id"},
    .insert = {"POST", kComments},
    .update = {"PATCH", "/api/v2/issues/{IssueId}/comments/{Id}"},
    .remove = {"DELETE", "/api/v2/issues/{IssueId}/comments/{Id}"},
    .rows_estimate = 10,
};

extern const Resource kIssueCommentChangeLog{
    .table = "IssueCommentChangeLog",
    .doc = "Field changes recorded with issue comments, one row per changed field.",
    .path = kComments,
    .paging = Paging::MinMaxId,
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    .explode = "changeLog",
    .columns = join({issue_id_column(), comment_id_column(), shared::change_log_columns(true)}),
    .is_view = true,  // entries have no id of their own: no key
    .rows_estimate = 10,
};

extern const Resource kIssueCommentStars{
    .table = "IssueCommentStars",
    .doc = "Stars given to issue comments.",
    .path = kComments,
    .paging = Paging::MinMaxId,
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    .explode = "stars",
    .columns = join({issue_id_column(), comment_id_column(), shared::star_columns({"", "", ""})}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 2,
};

extern const Resource kIssueCommentNotifications{
    .table = "IssueCommentNotifications",
    .doc = "Users notified of issue comments.",
    .path = kComments,
    .paging = Paging::MinMaxId,
    .parent = kEachIssue,
    .parent_table = "Issues",
    .parent_key = "IssueId",
    .explode = "notifications",
    .columns = join({issue_id_column(), comment_id_column(),
                     shared::comment_notification_columns()}),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 5,
};

}  // namespace backlog::vtab
