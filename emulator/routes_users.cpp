// User reads: users, myself, a user's activities, stars, watchings, and the API user's
// recently viewed issues, projects and wikis.
#include <algorithm>

#include "activity_list.h"
#include "api_error.h"
#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {

static Reply recently_viewed(Call& c, int kind) {
  std::vector<const RecentlyViewed*> items;
  for (const auto& rv : c.data.recently_viewed)
    if (rv.kind == kind) items.push_back(&rv);
  std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->viewed > b->viewed; });
  if (c.query.ascending(false)) std::reverse(items.begin(), items.end());
  const auto page = slice(items, offset_page(c.query));
  return json_reply([&](JsonWriter& w) {
    w.StartArray();
    for (const RecentlyViewed* rv : page) {
      if (kind == 0 && c.data.issues[rv->ref_id - 1].deleted) continue;
      if (kind == 2 && c.data.wikis[rv->ref_id - 1].deleted) continue;
      w.StartObject();
      key(w, kind == 0 ? "issue" : kind == 1 ? "project" : "page");
      if (kind == 0) write_issue(w, c.data, c.data.issues[rv->ref_id - 1]);
      else if (kind == 1) write_project(w, c.data.projects[rv->ref_id - 1]);
      else write_wiki_list_item(w, c.data, c.data.wikis[rv->ref_id - 1]);
      time_or_null(w, "updated", rv->viewed);
      w.EndObject();
    }
    w.EndArray();
  });
}

static std::vector<const Watching*> watchings_of(Call& c, int user_id) {
  const auto read = c.query.get_bool("resourceAlreadyRead");
  const auto issue_ids = c.query.all_ints("issueId[]");
  std::vector<const Watching*> out;
  for (const auto& wt : c.data.watchings) {
    if (wt.user_id != user_id || c.data.issues[wt.issue_id - 1].deleted) continue;
    if (read && wt.resource_already_read != *read) continue;
    if (!issue_ids.empty() && std::find(issue_ids.begin(), issue_ids.end(), wt.issue_id) == issue_ids.end()) continue;
    out.push_back(&wt);
  }
  return out;
}

void add_user_routes(Router& r) {
  r.get("/users", [](Call& c) {
    return array_reply(c.data.users, [&](JsonWriter& w, const auto& u) { write_user(w, c.data, u.id); });
  });
  r.get("/users/myself", [](Call& c) { return json_reply([&](JsonWriter& w) { write_user(w, c.data, c.user_id); }); });
  r.get("/users/myself/recentlyViewedIssues", [](Call& c) { return recently_viewed(c, 0); });
  r.get("/users/myself/recentlyViewedProjects", [](Call& c) { return recently_viewed(c, 1); });
  r.get("/users/myself/recentlyViewedWikis", [](Call& c) { return recently_viewed(c, 2); });
  r.get("/users/:userId", [](Call& c) {
    const User& u = user_arg(c.data, c.arg(0));
    return json_reply([&](JsonWriter& w) { write_user(w, c.data, u.id); });
  });
  r.get("/users/:userId/activities", [](Call& c) { return activity_list(c, 0, user_arg(c.data, c.arg(0)).id); });

  r.get("/users/:userId/stars/count", [](Call& c) {
    const User& u = user_arg(c.data, c.arg(0));
    const auto since = c.query.get_date("since"), until = c.query.get_date("until");
    int64_t n = 0;
    for (const auto& s : c.data.stars) {
      const auto day = static_cast<int32_t>(s.created / 86400);
      if (s.presenter == u.id && (!since || day >= *since) && (!until || day <= *until)) ++n;
    }
    return json_reply([&](JsonWriter& w) { write_count(w, n); });
  });
  r.get("/users/:userId/stars", [](Call& c) {
    const User& u = user_arg(c.data, c.arg(0));
    std::vector<int> ids;
    for (const auto& s : c.data.stars)
      if (s.presenter == u.id) ids.push_back(s.id);
    const auto page = select_page(ids, id_page(c.query), [](int id) { return id; });
    return array_reply(page, [&](JsonWriter& w, int id) { write_star(w, c.data, c.data.stars[id - 1]); });
  });

  r.get("/users/:userId/watchings/count", [](Call& c) {
    const User& u = user_arg(c.data, c.arg(0));
    const auto n = static_cast<int64_t>(watchings_of(c, u.id).size());
    return json_reply([&](JsonWriter& w) { write_count(w, n); });
  });
  r.get("/users/:userId/watchings", [](Call& c) {
    const User& u = user_arg(c.data, c.arg(0));
    auto items = watchings_of(c, u.id);
    const std::string sort = c.query.get("sort").value_or("issueUpdated");
    if (sort != "created" && sort != "updated" && sort != "issueUpdated")
      throw ApiError(400, kInvalidRequest, "The parameter 'sort' must be created, updated or issueUpdated.");
    auto when = [&](const Watching* wt) {
      return sort == "created" ? wt->created : sort == "updated" ? wt->updated : c.data.issues[wt->issue_id - 1].updated;
    };
    const bool asc = c.query.ascending(false);
    std::stable_sort(items.begin(), items.end(), [&](auto* a, auto* b) {
      return asc ? when(a) < when(b) : when(a) > when(b);
    });
    const auto page = slice(items, offset_page(c.query));
    return array_reply(page, [&](JsonWriter& w, const Watching* wt) { write_watching(w, c.data, *wt); });
  });
  r.get("/watchings/:watchingId", [](Call& c) {
    const int id = parse_id(c.arg(0));
    if (!id || id > static_cast<int>(c.data.watchings.size())) throw ApiError(404, kNoResource, "No watching (" + c.arg(0) + ").");
    return json_reply([&](JsonWriter& w) { write_watching(w, c.data, c.data.watchings[id - 1]); });
  });
}

}  // namespace backlog::emulator
