// Wiki reads: GET /wikis?projectIdOrKey=&keyword=, /wikis/count, /wikis/tags, /wikis/:id
// and its history (minId/maxId over version numbers), stars, attachments, shared files.
#include "api_error.h"
#include "lookup.h"
#include "paging.h"
#include "router.h"

namespace backlog::emulator {
namespace {

std::string lower(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

const Project& wiki_project(Call& c) {
  auto p = c.query.get("projectIdOrKey");
  if (!p || p->empty()) throw bad_parameter("The parameter 'projectIdOrKey' is required.");
  return project_arg(c.data, *p);
}

std::vector<const Wiki*> matching_wikis(Call& c) {
  const Project& p = wiki_project(c);
  const std::string kw = lower(c.query.get("keyword").value_or(""));
  std::vector<const Wiki*> out;
  for (int id : p.wiki_ids) {
    const Wiki& w = c.data.wikis[id - 1];
    if (w.deleted) continue;
    if (!kw.empty() && lower(w.name).find(kw) == std::string::npos && lower(w.content).find(kw) == std::string::npos) continue;
    out.push_back(&w);
  }
  return out;
}

}  // namespace

void add_wiki_routes(Router& r) {
  r.get("/wikis/count", [](Call& c) {
    const auto n = static_cast<int64_t>(matching_wikis(c).size());
    return json_reply([&](JsonWriter& w) { write_count(w, n); });
  });
  r.get("/wikis/tags", [](Call& c) {
    const Project& p = wiki_project(c);
    return json_reply([&](JsonWriter& w) {
      w.StartArray();
      for (size_t k = 0; k < p.wiki_tags.size(); ++k) write_wiki_tag(w, c.data, p.tag_id_base + static_cast<int>(k) + 1);
      w.EndArray();
    });
  });
  r.get("/wikis", [](Call& c) {
    const auto list = matching_wikis(c);
    return array_reply(list, [&](JsonWriter& w, const Wiki* wk) { write_wiki_list_item(w, c.data, *wk); });
  });
  r.get("/wikis/:wikiId", [](Call& c) {
    const Wiki& wk = wiki_arg(c.data, c.arg(0));
    return json_reply([&](JsonWriter& w) { write_wiki(w, c.data, wk); });
  });
  r.get("/wikis/:wikiId/history", [](Call& c) {
    const Wiki& wk = wiki_arg(c.data, c.arg(0));
    const auto page = select_page(wk.history, id_page(c.query), [](const WikiVersion& v) { return v.version; });
    return json_reply([&](JsonWriter& w) {
      w.StartArray();
      for (const auto& v : page) {
        w.StartObject();
        num(w, "pageId", wk.id);
        num(w, "version", v.version);
        str(w, "name", v.name);
        str(w, "content", v.content);
        key(w, "createdUser");
        write_user(w, c.data, v.created_user);
        time_or_null(w, "created", v.created);
        w.EndObject();
      }
      w.EndArray();
    });
  });
  r.get("/wikis/:wikiId/stars", [](Call& c) {
    const Wiki& wk = wiki_arg(c.data, c.arg(0));
    return array_reply(wk.stars, [&](JsonWriter& w, int id) { write_star(w, c.data, c.data.stars[id - 1]); });
  });
  r.get("/wikis/:wikiId/attachments", [](Call& c) {
    const Wiki& wk = wiki_arg(c.data, c.arg(0));
    return array_reply(wk.attachments, [&](JsonWriter& w, const auto& a) { write_attachment(w, c.data, a); });
  });
  r.get("/wikis/:wikiId/sharedFiles", [](Call& c) {
    const Wiki& wk = wiki_arg(c.data, c.arg(0));
    return array_reply(wk.shared_files, [&](JsonWriter& w, int f) { write_shared_file(w, c.data, c.data.shared_files[f - 1]); });
  });
}

}  // namespace backlog::emulator
