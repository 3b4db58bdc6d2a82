// Git reads: repositories of a project, pull requests (statusId[]/assigneeId[]/issueId[]/
// createdUserId[]/offset/count, newest first), their count, one pull request, its
// comments (minId/maxId/count/order) and attachments.
#include <algorithm>

#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {
namespace {

std::vector<const PullRequest*> filtered_prs(Call& c, const GitRepo& repo) {
  const auto status = c.query.all_ints("statusId[]"), assignee = c.query.all_ints("assigneeId[]"),
             issue = c.query.all_ints("issueId[]"), creator = c.query.all_ints("createdUserId[]");
  auto ok = [](const std::vector<int64_t>& set, int v) { return set.empty() || std::find(set.begin(), set.end(), v) != set.end(); };
  std::vector<const PullRequest*> out;
  for (auto it = repo.pull_request_ids.rbegin(); it != repo.pull_request_ids.rend(); ++it) {
    const PullRequest& pr = c.data.pull_requests[*it - 1];
    if (ok(status, pr.status_id) && ok(assignee, pr.assignee_id) && ok(issue, pr.issue_id) && ok(creator, pr.created_user))
      out.push_back(&pr);
  }
  return out;
}

const GitRepo& repo_of(Call& c) { return repo_arg(c.data, project_arg(c.data, c.arg(0)), c.arg(1)); }

}  // namespace

void add_git_routes(Router& r) {
  const std::string repos = "/projects/:projectIdOrKey/git/repositories";
  const std::string prs = repos + "/:repoIdOrName/pullRequests";
  r.get(repos, [](Call& c) {
    const Project& p = project_arg(c.data, c.arg(0));
    return array_reply(p.repo_ids, [&](JsonWriter& w, int id) { write_repo(w, c.data, c.data.repos[id - 1]); });
  });
  r.get(repos + "/:repoIdOrName", [](Call& c) {
    const GitRepo& repo = repo_of(c);
    return json_reply([&](JsonWriter& w) { write_repo(w, c.data, repo); });
  });
  r.get(prs + "/count", [](Call& c) {
    const auto n = static_cast<int64_t>(filtered_prs(c, repo_of(c)).size());
    return json_reply([&](JsonWriter& w) { write_count(w, n); });
  });
  r.get(prs, [](Call& c) {
    const OffsetPage page = offset_page(c.query);
    const auto list = slice(filtered_prs(c, repo_of(c)), page);
    return array_reply(list, [&](JsonWriter& w, const PullRequest* pr) { write_pull_request(w, c.data, *pr, false); });
  });
  r.get(prs + "/:number", [](Call& c) {
    const PullRequest& pr = pull_request_arg(c.data, repo_of(c), c.arg(2));
    return json_reply([&](JsonWriter& w) { write_pull_request(w, c.data, pr, true); });
  });
  r.get(prs + "/:number/comments/count", [](Call& c) {
    const PullRequest& pr = pull_request_arg(c.data, repo_of(c), c.arg(2));
    return json_reply([&](JsonWriter& w) { write_count(w, static_cast<int64_t>(pr.comments.size())); });
  });
  r.get(prs + "/:number/comments", [](Call& c) {
    const PullRequest& pr = pull_request_arg(c.data, repo_of(c), c.arg(2));
    const auto page = select_page(pr.comments, id_page(c.query), [](const PullRequestComment& x) { return x.id; });
    return array_reply(page, [&](JsonWriter& w, const auto& x) { write_pr_comment(w, c.data, x); });
  });
  r.get(prs + "/:number/attachments", [](Call& c) {
    const PullRequest& pr = pull_request_arg(c.data, repo_of(c), c.arg(2));
    return array_reply(pr.attachments, [&](JsonWriter& w, const auto& a) { write_attachment(w, c.data, a); });
  });
}

}  // namespace backlog::emulator
