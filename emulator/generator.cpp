// Dataset generation. Naming: projects PRJ1…PRJn, users "admin" (id 1, the API user) and
// user2…userN, issues PRJp-k. Issues are dealt round-robin to projects, created in id
// order across 2019-01-01…2025-10-31; comments, wiki versions and pull requests fall
// between an object's creation and its last update, and every event also becomes an
// activity, so the activity stream tells the same story as the objects.
#include "generator.h"

#include <algorithm>
#include <cmath>

#include "activity_content.h"
#include "text_pool.h"

namespace backlog::emulator {
namespace {

constexpr Epoch kDay = 86400;

struct PendingActivity {
  Epoch created;
  int seq;                     // generation order: ties keep a stable, causal order
  int type, project_id, user_id;
  std::string content;         // "" for issue events, rendered from the refs when served
  int issue_id = 0, comment_id = 0;
  int added_user = 0;          // type 15: the member added (content rendered once ids are known)
};

class Generator {
 public:
  explicit Generator(const Options& o) : o_(o), rng_(o.seed) {}

  Dataset run() {
    make_space_and_users();
    make_projects();
    make_shared_files();
    make_teams();
    make_issues();
    make_wikis();
    make_git();
    make_personal_lists();
    finish_activities();
    index_custom_fields(d_);
    return std::move(d_);
  }

 private:
  int32_t day_of(Epoch t) { return static_cast<int32_t>(t / kDay); }
  int random_member(const Project& p) { return p.members[static_cast<size_t>(rng_.range(0, static_cast<int64_t>(p.members.size()) - 1))]; }
  void activity(Epoch t, int type, int project, int user, std::string content) {
    pending_.push_back({t, static_cast<int>(pending_.size()), type, project, user, std::move(content)});
  }
  void issue_activity(Epoch t, int type, const Issue& i, int user, int comment_id) {
    pending_.push_back({t, static_cast<int>(pending_.size()), type, i.project_id, user, {}, i.id, comment_id});
  }
  int add_star(const std::string& title, const std::string& url, Epoch after) {
    Star s{static_cast<int>(d_.stars.size()) + 1, title, url,
           static_cast<int>(rng_.range(1, o_.users)), after + rng_.range(60, 30 * kDay)};
    d_.stars.push_back(s);
    return s.id;
  }
  Attachment make_attachment(int user, Epoch t) {
    return {d_.next_attachment_id++, file_name(rng_), rng_.range(200, 5'000'000), user, t};
  }

  void make_space_and_users() {
    d_.space.name = "Demo Space デモ";
    d_.space.created = kHistoryStart - 30 * kDay;
    d_.space.updated = kHistoryStart;
    d_.space.notification = "ようこそ！ Welcome to the demo space 🎉";
    d_.space.notification_updated = kHistoryStart + 10 * kDay;
    for (int id = 1; id <= o_.users; ++id) {
      User u;
      u.id = id;
      u.user_id = id == 1 ? "admin" : "user" + std::to_string(id);
      u.name = person_name(rng_, id);
      u.role_type = id == 1 ? 1 : id % 11 == 0 ? 4 : id % 7 == 0 ? 3 : 2;
      u.lang = id % 5 == 0 ? "" : id % 3 == 0 ? "en" : "ja";
      u.mail = u.user_id + "@example.com";
      u.has_nulab_account = id % 4 != 3;
      u.nulab_id = "nulab" + hex_sha(rng_).substr(0, 24);
      u.last_login = id % 6 == 5 ? 0 : kHistoryEnd - rng_.range(0, 90 * kDay);
      d_.users.push_back(std::move(u));
    }
  }

  void make_projects() {
    int custom_item_id = 1;
    static const char* kTypeNames[][2] = {{"バグ", "#990000"}, {"タスク", "#7ea800"}, {"要望", "#ff9200"}, {"その他", "#2779ca"}};
    static const char* kCategoryNames[] = {"Frontend", "バックエンド", "インフラ 🛠"};
    for (int p = 1; p <= o_.projects; ++p) {
      Project pr;
      pr.id = p;
      pr.key = "PRJ" + std::to_string(p);
      pr.name = "Project " + std::to_string(p) + " プロジェクト";
      pr.archived = p > 3 && p % 4 == 0;
      pr.display_order = p - 1;
      pr.text_formatting_rule = p % 2 ? "markdown" : "backlog";
      pr.members.push_back(1);
      for (int u = 2; u <= o_.users; ++u)
        if ((u + p) % 3 != 0) pr.members.push_back(u);
      pr.administrators.push_back(1);
      if (pr.members.size() > 1) pr.administrators.push_back(pr.members[1]);
      for (int k = 0; k < 4; ++k)
        pr.issue_types.push_back({(p - 1) * 4 + k + 1, p, kTypeNames[k][0], kTypeNames[k][1], k});
      // Backlog's four default statuses keep ids 1-4 in every project; custom ones are new ids.
      pr.statuses = {{1, p, "未対応", "#ed8077", 1000}, {2, p, "処理中", "#4488c5", 2000},
                     {4 + p, p, "レビュー待ち Review", "#f42858", 2500},
                     {3, p, "処理済み", "#5eb5a6", 3000}, {4, p, "完了", "#b0be3c", 4000}};
      for (int k = 0; k < 3; ++k) pr.categories.push_back({(p - 1) * 3 + k + 1, p, kCategoryNames[k], k});
      for (int k = 0; k < 4; ++k) {
        Version v{(p - 1) * 4 + k + 1, p, "v1." + std::to_string(k), k % 2 ? "リリース " + std::to_string(k) : ""};
        v.start_date = day_of(kHistoryStart) + k * 400;
        v.release_due_date = k == 3 ? kNoDate : v.start_date + 380;
        v.archived = k == 0;
        v.display_order = k;
        pr.versions.push_back(v);
      }
      auto field = [&](int k, int type, std::string name, std::vector<std::string> items) {
        CustomField f{(p - 1) * 5 + k + 1, p, type, std::move(name), k == 0 ? "顧客の正式名称 (official name)" : "", false, {}, 0, {}};
        f.display_order = k;
        if (k == 1) f.applicable_issue_types = {pr.issue_types[1].id, pr.issue_types[2].id};
        for (size_t i = 0; i < items.size(); ++i) f.items.push_back({custom_item_id++, items[i], static_cast<int>(i)});
        pr.custom_fields.push_back(std::move(f));
      };
      field(0, 1, "顧客名 Customer", {});
      field(1, 3, "見積工数 Estimate", {});
      field(2, 4, "リリース日 Release date", {});
      field(3, 5, "環境 Environment", {"本番 Production", "ステージング Staging", "開発 Dev"});
      field(4, 6, "OS", {"Windows", "macOS", "Linux", "iOS", "Android"});
      pr.tag_id_base = (p - 1) * 4;
      pr.wiki_tags = {"仕様", "meeting", "手順", "release 🚀"};
      const Epoch created = kHistoryStart + (p - 1) * kDay;
      for (int u : pr.members) {
        activity(created, kProjectUserAdded, p, 1, {});
        pending_.back().added_user = u;
      }
      d_.projects.push_back(std::move(pr));
    }
    d_.next_status_id = 5 + o_.projects;
  }

  void make_shared_files() {
    for (auto& p : d_.projects) {
      auto add = [&](bool dir, std::string parent, std::string name) {
        const int user = random_member(p);
        const Epoch t = kHistoryStart + rng_.range(0, 300 * kDay);
        SharedFile f{static_cast<int>(d_.shared_files.size()) + 1, p.id, dir, std::move(parent), std::move(name),
                     dir ? 0 : rng_.range(1000, 9'000'000), user, user, t, t + rng_.range(0, 30 * kDay)};
        d_.shared_files.push_back(f);
        p.shared_file_ids.push_back(f.id);
      };
      add(true, "/", "docs");
      add(true, "/", "images");
      add(false, "/", "README.md");
      add(false, "/docs/", "仕様書 v2.pdf");
      add(false, "/docs/", "minutes-2020.txt");
      add(false, "/docs/", "estimate.xlsx");
      add(false, "/images/", "logo 🎨.png");
      add(false, "/images/", "screenshot.png");
    }
  }

  void make_teams() {
    static const char* kTeams[] = {"開発チーム Dev", "QA", "Design 🎨"};
    for (int t = 0; t < 3; ++t) {
      Team team{t + 1, kTeams[t], {}, 1, 1, kHistoryStart + t * kDay, kHistoryStart + (t + 5) * kDay};
      for (int u = 1; u <= o_.users; ++u)
        if (u % 3 == t || u == 1) team.members.push_back(u);
      d_.teams.push_back(std::move(team));
    }
    for (auto& p : d_.projects) p.teams.push_back((p.id - 1) % 3 + 1);
  }

  void make_custom_values(const Project& p, Issue& i) {
    for (const auto& f : p.custom_fields) {
      CustomValue v;
      v.field_id = f.id;
      switch (f.type_id) {
        case 1:
          if ((v.null = !rng_.chance(0.5))) break;
          v.text = std::string(rng_.chance(0.5) ? "株式会社" : "Acme ") + static_cast<char>('A' + rng_.range(0, 25));
          break;
        case 3:
          if ((v.null = !rng_.chance(0.5))) break;
          v.number = static_cast<double>(rng_.range(1, 80)) / 2.0;
          break;
        case 4:
          if ((v.null = !rng_.chance(0.4))) break;
          v.text = format_ymd(day_of(i.created) + static_cast<int32_t>(rng_.range(1, 120)));
          break;
        case 5:
          if ((v.null = !rng_.chance(0.6))) break;
          v.items.push_back(rng_.pick(f.items).id);
          break;
        default:
          v.null = false;
          for (const auto& it : f.items)
            if (rng_.chance(0.25)) v.items.push_back(it.id);
      }
      i.custom_values.push_back(std::move(v));
    }
  }

  void make_issues() {
    const int n = o_.issues;
    const Epoch span = kHistoryEnd - kHistoryStart - 60 * kDay;
    const Epoch step = std::max<Epoch>(1, span / std::max(1, n));
    const int max_comments = static_cast<int>(std::lround(2 * o_.comments_per_issue));
    d_.issues.reserve(static_cast<size_t>(n));
    d_.comments.reserve(static_cast<size_t>(n * o_.comments_per_issue * 1.1) + 16);
    for (int id = 1; id <= n; ++id) {
      Project& p = d_.projects[static_cast<size_t>((id - 1) % o_.projects)];
      Issue i;
      i.id = id;
      i.project_id = p.id;
      i.key_id = p.next_key_id++;
      i.created = kHistoryStart + static_cast<Epoch>(id - 1) * span / std::max(1, n) + rng_.range(0, step - 1);
      i.updated = i.created;
      if (rng_.chance(0.7)) i.updated += rng_.range(60, 400 * kDay);
      i.issue_type_id = p.issue_types[static_cast<size_t>(rng_.range(0, 3))].id;
      const int64_t pr = rng_.range(0, 9);
      i.priority_id = pr < 2 ? 2 : pr < 8 ? 3 : 4;
      i.status_id = p.statuses[static_cast<size_t>(rng_.range(0, 4))].id;
      if ((i.status_id == 3 || i.status_id == 4) && rng_.chance(0.8)) i.resolution_id = static_cast<int>(rng_.range(0, 4));
      i.assignee_id = rng_.chance(0.25) ? 0 : random_member(p);
      i.summary = issue_summary(rng_);
      i.description = issue_description(rng_);
      for (const auto& c : p.categories)
        if (rng_.chance(0.3)) i.categories.push_back(c.id);
      if (rng_.chance(0.4)) i.versions.push_back(rng_.pick(p.versions).id);
      if (rng_.chance(0.4)) i.milestones.push_back(rng_.pick(p.versions).id);
      if (rng_.chance(0.6)) i.start_date = day_of(i.created) + static_cast<int32_t>(rng_.range(0, 10));
      if (rng_.chance(0.6))
        i.due_date = (i.start_date != kNoDate ? i.start_date : day_of(i.created)) + static_cast<int32_t>(rng_.range(1, 60));
      if (rng_.chance(0.5)) i.estimated_hours = static_cast<double>(rng_.range(1, 32)) / 2.0;
      if (i.estimated_hours >= 0 && i.status_id >= 3 && i.status_id <= 4) i.actual_hours = static_cast<double>(rng_.range(1, 40)) / 2.0;
      if (p.issue_ids.size() > 2 && rng_.chance(0.15)) {
        Issue& parent = d_.issues[static_cast<size_t>(p.issue_ids[static_cast<size_t>(rng_.range(0, static_cast<int64_t>(p.issue_ids.size()) - 1))] - 1)];
        if (parent.depth < 2) {
          i.parent_id = parent.id;
          i.depth = parent.depth + 1;
          ++parent.child_count;
        }
      }
      i.created_user = random_member(p);
      i.updated_user = i.updated == i.created ? i.created_user : random_member(p);
      make_custom_values(p, i);
      if (rng_.chance(0.2))
        for (int k = static_cast<int>(rng_.range(1, 2)); k > 0; --k) i.attachments.push_back(make_attachment(i.created_user, i.created));
      if (rng_.chance(0.1)) {
        const int f = p.shared_file_ids[static_cast<size_t>(rng_.range(2, static_cast<int64_t>(p.shared_file_ids.size()) - 1))];
        i.shared_files.push_back(f);
      }
      const std::string key = p.key + "-" + std::to_string(i.key_id);
      if (rng_.chance(0.1)) i.stars.push_back(add_star(key + " " + i.summary, "https://demo.backlog.com/view/" + key, i.created));
      issue_activity(i.created, kIssueCreated, i, i.created_user, 0);
      make_comments(p, i, max_comments > 0 ? static_cast<int>(rng_.range(0, max_comments)) : 0);
      if (i.updated > i.created && (i.comment_ids.empty() || d_.comments[static_cast<size_t>(i.comment_ids.back() - 1)].created < i.updated)) {
        issue_activity(i.updated, kIssueUpdated, i, i.updated_user, 0);
      }
      p.issue_ids.push_back(id);
      d_.issues.push_back(std::move(i));
    }
  }

  void make_comments(const Project& p, Issue& i, int count) {
    Epoch t = i.created;
    for (int k = 0; k < count; ++k) {
      t += rng_.range(60, 20 * kDay);
      Comment c;
      c.id = static_cast<int>(d_.comments.size()) + 1;
      c.issue_id = i.id;
      c.project_id = p.id;
      c.created_user = random_member(p);
      c.created = t;
      c.updated = rng_.chance(0.1) ? t + rng_.range(60, kDay) : t;
      if (rng_.chance(0.2)) {
        c.change_log.push_back({"status", "処理中", "未対応"});
        if (rng_.chance(0.5)) c.content = comment_text(rng_);
      } else {
        c.content = comment_text(rng_);
      }
      if (rng_.chance(0.3)) c.notified_users.push_back(random_member(p));
      if (rng_.chance(0.05)) c.stars.push_back(add_star("comment", "https://demo.backlog.com/view/" + p.key + "-" + std::to_string(i.key_id) + "#comment-" + std::to_string(c.id), t));
      issue_activity(t, c.change_log.empty() ? kIssueCommented : kIssueUpdated, i, c.created_user, c.id);
      i.comment_ids.push_back(c.id);
      d_.comments.push_back(std::move(c));
    }
    if (!i.comment_ids.empty()) i.updated = std::max(i.updated, d_.comments[static_cast<size_t>(i.comment_ids.back() - 1)].updated);
  }

  void make_wikis() {
    for (auto& p : d_.projects) {
      for (int k = 0; k < o_.wikis; ++k) {
        Wiki w;
        w.id = static_cast<int>(d_.wikis.size()) + 1;
        w.project_id = p.id;
        w.name = wiki_name(rng_, k);
        w.created_user = random_member(p);
        w.created = kHistoryStart + rng_.range(kDay, 1500 * kDay);
        for (int t = 0; t < 4; ++t)
          if (rng_.chance(0.3)) w.tags.push_back(p.tag_id_base + t + 1);
        Epoch t = w.created;
        int user = w.created_user;
        const int versions = static_cast<int>(rng_.range(1, 4));
        for (int v = 1; v <= versions; ++v) {
          w.content = wiki_content(rng_);
          w.history.push_back({v, w.name, w.content, user, t});
          w.updated = t;
          w.updated_user = user;
          activity(t, v == 1 ? kWikiCreated : kWikiUpdated, p.id, user, wiki_activity_content(w, false));
          t += rng_.range(kDay, 90 * kDay);
          user = random_member(p);
        }
        if (rng_.chance(0.2)) w.attachments.push_back(make_attachment(w.created_user, w.created));
        if (rng_.chance(0.2)) w.shared_files.push_back(p.shared_file_ids[3]);
        if (rng_.chance(0.1)) w.stars.push_back(add_star(w.name, "https://demo.backlog.com/alias/wiki/" + std::to_string(w.id), w.created));
        p.wiki_ids.push_back(w.id);
        d_.wikis.push_back(std::move(w));
      }
    }
  }

  void make_git() {
    static const char* kRepos[][2] = {{"app", "Web アプリケーション"}, {"infra", "Terraform & Ansible"}};
    for (auto& p : d_.projects) {
      const int per_repo = std::clamp(static_cast<int>(p.issue_ids.size()) / 10, 3, 50);
      for (int r = 0; r < 2; ++r) {
        GitRepo repo{static_cast<int>(d_.repos.size()) + 1, p.id, kRepos[r][0], kRepos[r][1], r, 0, 1, 1,
                     kHistoryStart + (p.id + r) * kDay, kHistoryStart + (p.id + r) * kDay, {}};
        activity(repo.created, kGitRepositoryCreated, p.id, 1, repo_created_content(repo));
        d_.repos.push_back(repo);
        p.repo_ids.push_back(repo.id);
        for (int n = 1; n <= per_repo; ++n) make_pull_request(p, d_.repos.back(), n, per_repo);
      }
    }
  }

  void make_pull_request(const Project& p, GitRepo& repo, int number, int per_repo) {
    PullRequest pr{};
    pr.id = static_cast<int>(d_.pull_requests.size()) + 1;
    pr.project_id = p.id;
    pr.repo_id = repo.id;
    pr.number = number;
    pr.created = repo.created + static_cast<Epoch>(number) * (kHistoryEnd - 120 * kDay - repo.created) / (per_repo + 1);
    pr.issue_id = !p.issue_ids.empty() && rng_.chance(0.7) ? rng_.pick(p.issue_ids) : 0;
    pr.summary = pr.issue_id ? "Fix: " + d_.issues[static_cast<size_t>(pr.issue_id - 1)].summary : issue_summary(rng_);
    pr.description = issue_description(rng_);
    pr.base = "main";
    pr.branch = "feature/" + std::to_string(repo.id) + "-" + std::to_string(number);
    const int64_t s = rng_.range(0, 19);
    pr.status_id = s < 10 ? 1 : s < 13 ? 2 : 3;
    pr.assignee_id = rng_.chance(0.3) ? 0 : random_member(p);
    pr.base_commit = hex_sha(rng_);
    pr.branch_commit = hex_sha(rng_);
    pr.created_user = random_member(p);
    pr.updated_user = pr.created_user;
    pr.updated = pr.created;
    if (rng_.chance(0.1)) pr.attachments.push_back(make_attachment(pr.created_user, pr.created));
    activity(pr.created, kPullRequestAdded, p.id, pr.created_user, pull_request_content(d_, pr, nullptr));
    Epoch t = pr.created;
    for (int k = static_cast<int>(rng_.range(0, 4)); k > 0; --k) {
      t += rng_.range(600, 5 * kDay);
      PullRequestComment c{d_.next_pr_comment_id++, comment_text(rng_), {}, random_member(p), t, t};
      activity(t, kPullRequestCommented, p.id, c.created_user, pull_request_content(d_, pr, &c));
      pr.comments.push_back(std::move(c));
      pr.updated = t;
      pr.updated_user = pr.comments.back().created_user;
    }
    if (pr.status_id == 3) {
      pr.merge_commit = hex_sha(rng_);
      pr.merge_at = pr.updated = t + rng_.range(600, kDay);
    } else if (pr.status_id == 2) {
      pr.close_at = pr.updated = t + rng_.range(600, kDay);
    }
    repo.pushed_at = std::max(repo.pushed_at, pr.updated);
    repo.pull_request_ids.push_back(pr.id);
    d_.pull_requests.push_back(std::move(pr));
  }

  void make_personal_lists() {
    if (d_.issues.empty()) return;
    const int64_t n = static_cast<int64_t>(d_.issues.size());
    for (int k = 1; k <= 40; ++k) {
      const Issue& i = d_.issues[static_cast<size_t>(rng_.range(0, n - 1))];
      Notification note{k, rng_.chance(0.5), rng_.chance(0.5), static_cast<int>(rng_.range(1, 9)), i.project_id, i.id,
                        i.comment_ids.empty() ? 0 : i.comment_ids.back(), i.created_user == 1 ? 2 : i.created_user, 0};
      note.created = kHistoryEnd - (41 - k) * 3 * kDay;
      d_.notifications.push_back(note);
    }
    for (int u = 1; u <= o_.users; ++u)
      for (int k = 0; k < 5; ++k) {
        const Issue& i = d_.issues[static_cast<size_t>(rng_.range(0, n - 1))];
        const Epoch t = i.created + rng_.range(60, 10 * kDay);
        d_.watchings.push_back({static_cast<int>(d_.watchings.size()) + 1, u, i.id, rng_.chance(0.5),
                                k == 0 ? "要確認 follow up" : "", t, t});
      }
    for (int k = 0; k < 20; ++k)
      d_.recently_viewed.push_back({0, static_cast<int>(rng_.range(1, n)), kHistoryEnd - k * 3600});
    for (int k = 0; k < std::min(3, o_.projects); ++k) d_.recently_viewed.push_back({1, k + 1, kHistoryEnd - k * 7200});
    for (int k = 0; k < std::min<int>(5, static_cast<int>(d_.wikis.size())); ++k)
      d_.recently_viewed.push_back({2, k + 1, kHistoryEnd - k * 5400});
  }

  void finish_activities() {
    std::sort(pending_.begin(), pending_.end(), [](const PendingActivity& a, const PendingActivity& b) {
      return a.created != b.created ? a.created < b.created : a.seq < b.seq;
    });
    const size_t base = d_.activities.size();
    d_.activities.reserve(base + pending_.size() + 1024);
    for (auto& p : pending_) {
      Activity a;
      a.id = static_cast<int>(d_.activities.size()) + 1;
      a.type = p.type;
      a.project_id = p.project_id;
      a.created_user = p.user_id;
      a.created = p.created;
      a.content_json = std::move(p.content);
      a.issue_id = p.issue_id;
      a.comment_id = p.comment_id;
      d_.activities.push_back(std::move(a));
    }
    // Type 15 content lists its group's activity ids, known only now: a group is a run of
    // consecutive type-15 activities of one project at one instant (the project's creation).
    for (size_t k = 0; k < pending_.size();) {
      size_t end = k + 1;
      if (pending_[k].added_user) {
        while (end < pending_.size() && pending_[end].added_user && pending_[end].project_id == pending_[k].project_id &&
               pending_[end].created == pending_[k].created)
          ++end;
        std::vector<int> group;
        for (size_t g = k; g < end; ++g) group.push_back(d_.activities[base + g].id);
        for (size_t g = k; g < end; ++g)
          d_.activities[base + g].content_json = project_user_added_content(d_, pending_[g].added_user, group);
      }
      k = end;
    }
    pending_.clear();
    pending_.shrink_to_fit();
  }

  const Options& o_;
  Rng rng_;
  Dataset d_;
  std::vector<PendingActivity> pending_;
};

}  // namespace

void index_custom_fields(Dataset& d) {
  d.custom_field_by_id.clear();
  for (const auto& p : d.projects)
    for (const auto& f : p.custom_fields) d.custom_field_by_id[f.id] = &f;
}

Dataset generate_dataset(const Options& o) { return Generator(o).run(); }

}  // namespace backlog::emulator
