// Issue comment reads: GET /issues/:i/comments (minId/maxId/count/order, newest first by
// default), /comments/count, /comments/:id and /comments/:id/notifications.
#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {

static std::vector<int> live_comments(const Dataset& d, const Issue& i) {
  std::vector<int> ids;
  for (int id : i.comment_ids)
    if (!d.comments[id - 1].deleted) ids.push_back(id);
  return ids;
}

void add_comment_routes(Router& r) {
  r.get("/issues/:issueIdOrKey/comments/count", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    return json_reply([&](JsonWriter& w) { write_count(w, static_cast<int64_t>(live_comments(c.data, i).size())); });
  });

  r.get("/issues/:issueIdOrKey/comments", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    const IdPage page = id_page(c.query);
    const auto ids = select_page(live_comments(c.data, i), page, [](int id) { return id; });
    return array_reply(ids, [&](JsonWriter& w, int id) { write_comment(w, c.data, c.data.comments[id - 1]); });
  });

  r.get("/issues/:issueIdOrKey/comments/:commentId", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    const Comment& cm = comment_arg(c.data, i, c.arg(1));
    return json_reply([&](JsonWriter& w) { write_comment(w, c.data, cm); });
  });

  r.get("/issues/:issueIdOrKey/comments/:commentId/notifications", [](Call& c) {
    const Issue& i = issue_arg(c.data, c.arg(0));
    const Comment& cm = comment_arg(c.data, i, c.arg(1));
    return json_reply([&](JsonWriter& w) {
      w.StartArray();
      for (size_t k = 0; k < cm.notified_users.size(); ++k)
        write_comment_notification(w, c.data, cm.id * 10 + static_cast<int>(k), cm.notified_users[k]);
      w.EndArray();
    });
  });
}

}  // namespace backlog::emulator
