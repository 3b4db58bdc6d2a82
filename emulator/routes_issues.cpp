// Issue reads: GET /issues, /issues/count, /issues/:issueIdOrKey and the issue's
// participants, attachments and shared files.
#include <set>

#include "issue_query.h"
#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {

// expand[]=childIssueSummary asks for the children's total/closed counts.
static bool wants_child_summary(const Params& q) {
  for (const auto& v : q.all("expand[]"))
    if (v == "childIssueSummary") return true;
  return false;
}

void add_issue_routes(Router& r) {
  r.get("/issues/count", [](Call& c) {
    offset_page(c.query);   // count/offset are validated even here, like the list
    const auto found = find_issues(c.data, c.query);
    return json_reply([&](JsonWriter& w) { write_count(w, static_cast<int64_t>(found.size())); });
  });

  r.get("/issues", [](Call& c) {
    const auto found = find_issue_page(c.data, c.query);
    const bool summary = wants_child_summary(c.query);
    return array_reply(found, [&](JsonWriter& w, const Issue* i) { write_issue(w, c.data, *i, summary); });
  });

  r.get("/issues/:issueIdOrKey", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    return json_reply([&](JsonWriter& w) { write_issue(w, c.data, i, wants_child_summary(c.query)); });
  });

  r.get("/issues/:issueIdOrKey/participants", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    std::set<int> users = {i.created_user, i.updated_user};
    if (i.assignee_id) users.insert(i.assignee_id);
    for (int id : i.comment_ids)
      if (!c.data.comments[id - 1].deleted) users.insert(c.data.comments[id - 1].created_user);
    return array_reply(users, [&](JsonWriter& w, int u) { write_user(w, c.data, u); });
  });

  r.get("/issues/:issueIdOrKey/attachments", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    return array_reply(i.attachments, [&](JsonWriter& w, const auto& a) { write_attachment(w, c.data, a); });
  });

  r.get("/issues/:issueIdOrKey/sharedFiles", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    return array_reply(i.shared_files, [&](JsonWriter& w, int f) { write_shared_file(w, c.data, c.data.shared_files[f - 1]); });
  });
}

}  // namespace backlog::emulator
