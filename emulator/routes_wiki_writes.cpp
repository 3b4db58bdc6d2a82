// Wiki writes (form-encoded):
//   POST /wikis (projectId, name, content, mailNotify) → 201, the page; activity type 5
//   PATCH /wikis/:id (name, content, mailNotify)       → the page, a new history version; type 6
//   DELETE /wikis/:id                                  → the deleted page; type 7; later 404
#include "activity_content.h"
#include "api_error.h"
#include "lookup.h"
#include "router.h"
#include "write_support.h"

namespace backlog::emulator {

static void add_version(Wiki& w, int user, Epoch now) {
  const int version = w.history.empty() ? 1 : w.history.back().version + 1;
  w.history.push_back({version, w.name, w.content, user, now});
  w.updated = std::max(now, w.updated);
  w.updated_user = user;
}

void add_wiki_write_routes(Router& r) {
  r.post("/wikis", [](Call& c) {
    Dataset& d = c.data;
    const int64_t pid = required_int(c.form, "projectId");
    if (pid < 1 || pid > static_cast<int64_t>(d.projects.size())) throw bad_parameter("The parameter 'projectId' names no project.");
    Wiki w;
    w.id = static_cast<int>(d.wikis.size()) + 1;
    w.project_id = static_cast<int>(pid);
    w.name = required_text(c.form, "name");
    w.content = required_text(c.form, "content");
    c.form.get_bool("mailNotify");
    w.created_user = c.user_id;
    w.created = now_epoch();
    add_version(w, c.user_id, w.created);
    d.projects[pid - 1].wiki_ids.push_back(w.id);
    record_activity(d, kWikiCreated, w.project_id, c.user_id, w.created, wiki_activity_content(w, false));
    d.wikis.push_back(std::move(w));
    return json_reply([&](JsonWriter& jw) { write_wiki(jw, d, d.wikis.back()); }, 201);
  });

  r.patch("/wikis/:wikiId", [](Call& c) {
    Dataset& d = c.data;
    Wiki& w = wiki_arg(d, c.arg(0));
    if (c.form.has("name")) w.name = required_text(c.form, "name");
    if (auto v = c.form.get("content")) w.content = *v;
    c.form.get_bool("mailNotify");
    const Epoch now = now_epoch();
    add_version(w, c.user_id, now);
    record_activity(d, kWikiUpdated, w.project_id, c.user_id, now, wiki_activity_content(w, false));
    return json_reply([&](JsonWriter& jw) { write_wiki(jw, d, w); });
  });

  r.del("/wikis/:wikiId", [](Call& c) {
    Dataset& d = c.data;
    Wiki& w = wiki_arg(d, c.arg(0));
    Reply reply = json_reply([&](JsonWriter& jw) { write_wiki(jw, d, w); });
    w.deleted = true;
    record_activity(d, kWikiDeleted, w.project_id, c.user_id, now_epoch(), wiki_activity_content(w, true));
    return reply;
  });
}

}  // namespace backlog::emulator
