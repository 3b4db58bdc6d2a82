// Activity list: walks the id-ordered activity vector from the page's start, so a page
// costs O(count) for the space list even with hundreds of thousands of activities.
#include "activity_list.h"

#include <set>

#include "paging.h"

namespace backlog::emulator {

Reply activity_list(Call& c, int project_id, int user_id) {
  const IdPage page = id_page(c.query);
  std::set<int64_t> types;
  for (int64_t t : c.query.all_ints("activityTypeId[]")) types.insert(t);
  const auto& all = c.data.activities;
  const int64_t n = static_cast<int64_t>(all.size());
  // Activity ids are index+1, so ids map straight to positions.
  int64_t lo = page.min_id ? std::max<int64_t>(0, *page.min_id) : 0;            // first index allowed
  int64_t hi = page.max_id ? std::min<int64_t>(n, *page.max_id - 1) : n;         // one past the last
  std::vector<const Activity*> picked;
  auto take = [&](const Activity& a) {
    if (project_id && a.project_id != project_id) return;
    if (user_id && a.created_user != user_id) return;
    if (!types.empty() && !types.count(a.type)) return;
    picked.push_back(&a);
  };
  if (page.ascending)
    for (int64_t k = lo; k < hi && static_cast<int64_t>(picked.size()) < page.count; ++k) take(all[k]);
  else
    for (int64_t k = hi - 1; k >= lo && static_cast<int64_t>(picked.size()) < page.count; --k) take(all[k]);
  return json_reply([&](JsonWriter& w) {
    w.StartArray();
    for (const Activity* a : picked) write_activity(w, c.data, *a);
    w.EndArray();
  });
}

}  // namespace backlog::emulator
