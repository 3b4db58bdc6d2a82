// See robustness.h.
#include "robustness.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace backlog::testing {

std::vector<std::string> dataset_args(int seed, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--seed",  std::to_string(seed), "--projects", "2", "--users", "5",
                                   "--issues", "30", "--comments-per-issue", "2", "--wikis", "3"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> job_args(const EmulatorProcess& emu, const std::vector<std::string>& dests,
                                  const std::string& script) {
  std::vector<std::string> args = {"--url", emu.url(), "--api-key", emu.api_key()};
  for (const auto& d : dests) {
    args.push_back("--dest");
    args.push_back("sqlite:" + d);
  }
  args.push_back("-c");
  args.push_back(script);
  return args;
}

bool mid_first_load(const std::string& db, const std::string& table, const TableDump& now, const TableDump& fresh) {
  TableDump cp = dump_table(db, "_backlogsql_checkpoints");
  auto column = [&](const char* name) {
    return static_cast<size_t>(std::find(cp.columns.begin(), cp.columns.end(), name) - cp.columns.begin());
  };
  const size_t target = column("target"), marker = column("window_next");
  if (!cp.exists || target == cp.columns.size() || marker == cp.columns.size()) return false;
  bool in_progress = false;
  for (const auto& row : cp.rows)
    if (row[target] == "t:" + table) in_progress = row[marker] != "t:" && row[marker] != "NULL";
  if (!in_progress || !now.exists || now.columns != fresh.columns) return false;
  for (const auto& row : now.rows)
    if (std::find(fresh.rows.begin(), fresh.rows.end(), row) == fresh.rows.end()) return false;
  return true;
}

bool long_tests() {
  const char* v = std::getenv("BACKLOGSQL_LONG_TESTS");
  return v && std::string(v) == "1";
}

unsigned long env_number(const char* name, unsigned long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::stoul(v) : fallback;
}

namespace {

// Injected faults answer 500/503 or drop the connection (no result): worth another try.
bool injected_fault(const httplib::Result& r) { return !r || r->status == 500 || r->status == 503; }

httplib::Result send_once(httplib::Client& http, const EmulatorProcess& emu, const Write& w) {
  const std::string target = "/api/v2" + w.path + "?apiKey=" + emu.api_key();
  httplib::Params form(w.form.begin(), w.form.end());
  if (w.method == "POST") return http.Post(target, form);
  if (w.method == "PATCH")
    return http.Patch(target, httplib::detail::params_to_query_str(form), "application/x-www-form-urlencoded");
  return http.Delete(target);
}

std::string send(const EmulatorProcess& emu, const Write& w) {
  httplib::Client http("127.0.0.1", emu.port());
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto r = send_once(http, emu, w);
    if (injected_fault(r)) continue;
    if (r->status >= 300) ADD_FAILURE() << w.method << " " << w.path << ": " << r->status << " " << r->body;
    return r->body;
  }
  ADD_FAILURE() << w.method << " " << w.path << ": still failing after 50 attempts";
  return "";
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  return d;
}

// Sleeps into the start of the next second when little of this one is left, so a few
// quick writes to several emulators happen within the same second.
void align_to_second() {
  using namespace std::chrono;
  auto now = system_clock::now().time_since_epoch();
  auto into = duration_cast<milliseconds>(now) % 1000;
  if (into > milliseconds(300)) std::this_thread::sleep_for(milliseconds(1000) - into + milliseconds(5));
}

}  // namespace

std::string get_json(const EmulatorProcess& emu, const std::string& path) {
  httplib::Client http("127.0.0.1", emu.port());
  const std::string target = "/api/v2" + path + (path.find('?') == std::string::npos ? "?" : "&") + "apiKey=" + emu.api_key();
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto r = http.Get(target);
    if (injected_fault(r)) continue;
    EXPECT_EQ(r->status, 200) << "GET " << path << ": " << r->body;
    return r->body;
  }
  ADD_FAILURE() << "GET " << path << ": still failing after 50 attempts";
  return "";
}

std::vector<Write> standard_changes(const EmulatorProcess& emu) {
  auto types = parse(get_json(emu, "/projects/1/issueTypes"));
  auto wikis = parse(get_json(emu, "/wikis?projectIdOrKey=1"));
  const std::string type_id = std::to_string(types[0]["id"].GetInt64());
  const std::string wiki_a = std::to_string(wikis[0]["id"].GetInt64());
  const std::string wiki_b = std::to_string(wikis[1]["id"].GetInt64());
  return {
      {"PATCH", "/issues/3", {{"summary", "edited during the robustness suite"}}},
      {"PATCH", "/issues/7", {{"statusId", "4"}, {"comment", "closed by the robustness suite"}}},
      {"POST", "/issues/11/comments", {{"content", "a new comment ✓"}}},
      {"POST", "/issues", {{"projectId", "1"}, {"summary", "new issue 🆕"}, {"issueTypeId", type_id}, {"priorityId", "3"}}},
      {"DELETE", "/issues/9", {}},
      {"PATCH", "/wikis/" + wiki_a, {{"content", "edited wiki content"}}},
      {"POST", "/wikis", {{"projectId", "1"}, {"name", "NewPage"}, {"content", "new page"}}},
      {"DELETE", "/wikis/" + wiki_b, {}},
  };
}

std::vector<Write> comment_edits(const EmulatorProcess& emu) {
  std::vector<Write> writes;
  for (int issue : {2, 5}) {
    auto comments = parse(get_json(emu, "/issues/" + std::to_string(issue) + "/comments"));
    if (!comments.IsArray() || comments.Empty()) continue;
    writes.push_back({"PATCH",
                      "/issues/" + std::to_string(issue) + "/comments/" + std::to_string(comments[0]["id"].GetInt64()),
                      {{"content", "comment edited in place"}}});
  }
  return writes;
}

bool apply_writes(const std::vector<const EmulatorProcess*>& emus, const std::vector<Write>& writes) {
  bool same = true;
  for (const auto& w : writes) {
    align_to_second();
    std::vector<std::string> bodies(emus.size());
    std::vector<std::thread> senders;
    for (size_t i = 0; i < emus.size(); ++i) senders.emplace_back([&, i] { bodies[i] = send(*emus[i], w); });
    for (auto& t : senders) t.join();
    for (size_t i = 1; i < emus.size(); ++i) {
      if (bodies[i] == bodies[0]) continue;
      std::printf("%s %s: the emulators answered differently (a second boundary?)\n", w.method.c_str(), w.path.c_str());
      same = false;
    }
  }
  return same;
}

}  // namespace backlog::testing
