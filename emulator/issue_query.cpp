// Issue filtering and sorting (see issue_query.h).
#include "issue_query.h"

#include <algorithm>
#include <functional>
#include <set>

#include "api_error.h"
#include "paging.h"

namespace backlog::emulator {
namespace {

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive (ASCII) substring test without allocating: keyword searches scan every
// issue, so this is the hot loop of /issues?keyword=.
bool contains_folded(std::string_view haystack, std::string_view lowered_needle) {
  if (lowered_needle.empty()) return true;
  return std::search(haystack.begin(), haystack.end(), lowered_needle.begin(), lowered_needle.end(),
                     [](char a, char b) { return lower_ascii(a) == b; }) != haystack.end();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// One id[] filter: empty = no filter; -1 in the set matches "none".
struct IdFilter {
  std::set<int64_t> ids;
  bool active() const { return !ids.empty(); }
  bool one(int64_t v, bool is_null) const { return ids.count(is_null ? -1 : v) > 0; }
  bool any(const std::vector<int>& vs) const {
    if (vs.empty()) return ids.count(-1) > 0;
    for (int v : vs)
      if (ids.count(v)) return true;
    return false;
  }
};

struct DayRange {
  std::optional<int32_t> since, until;
  bool active() const { return since || until; }
  bool contains_day(int32_t day) const {
    if (day == kNoDate) return false;
    return (!since || day >= *since) && (!until || day <= *until);
  }
  bool contains_time(Epoch t) const { return contains_day(static_cast<int32_t>(t / 86400)); }
};

// A custom field condition: customField_ID (text keyword or list item ids via []),
// customField_ID_min / _max (numeric or date).
struct CustomCondition {
  const CustomField* field;
  std::string keyword;
  std::vector<int64_t> items;
  std::optional<double> min, max;
  std::optional<int32_t> min_day, max_day;
};

struct Query {
  IdFilter project, type, category, version, milestone, status, priority, assignee, created_user, resolution, id, parent;
  std::optional<int64_t> parent_child;
  bool attachment = false, shared_file = false;
  std::optional<bool> has_due_date;
  std::string keyword;
  DayRange created, updated, start, due;
  std::vector<CustomCondition> custom;

  // Whether any condition narrows the list (else every issue not deleted matches).
  bool filters() const {
    for (const IdFilter* f : {&project, &type, &category, &version, &milestone, &status, &priority, &assignee,
                              &created_user, &resolution, &id, &parent})
      if (f->active()) return true;
    for (const DayRange* r : {&created, &updated, &start, &due})
      if (r->active()) return true;
    return parent_child || attachment || shared_file || has_due_date || !keyword.empty() || !custom.empty();
  }
};

IdFilter ids(const Params& p, const char* name) {
  IdFilter f;
  for (int64_t v : p.all_ints(name)) f.ids.insert(v);
  return f;
}

DayRange range(const Params& p, const std::string& prefix) {
  return {p.get_date(prefix + "Since"), p.get_date(prefix + "Until")};
}

Query parse(const Dataset& d, const Params& p) {
  Query q;
  q.project = ids(p, "projectId[]");
  q.type = ids(p, "issueTypeId[]");
  q.category = ids(p, "categoryId[]");
  q.version = ids(p, "versionId[]");
  q.milestone = ids(p, "milestoneId[]");
  q.status = ids(p, "statusId[]");
  q.priority = ids(p, "priorityId[]");
  q.assignee = ids(p, "assigneeId[]");
  q.created_user = ids(p, "createdUserId[]");
  q.resolution = ids(p, "resolutionId[]");
  q.id = ids(p, "id[]");
  q.parent = ids(p, "parentIssueId[]");
  if (p.has("parentChild")) q.parent_child = p.int_in_range("parentChild", 0, 0, 10);
  q.attachment = p.get_bool("attachment").value_or(false);
  q.shared_file = p.get_bool("sharedFile").value_or(false);
  q.has_due_date = p.get_bool("hasDueDate");
  q.keyword = lower(p.get("keyword").value_or(""));
  q.created = range(p, "created");
  q.updated = range(p, "updated");
  q.start = range(p, "startDate");
  q.due = range(p, "dueDate");
  for (const auto& [name, value] : p.items()) {
    if (name.rfind("customField_", 0) != 0) continue;
    std::string rest = name.substr(12);
    std::string suffix;
    for (const char* s : {"_min", "_max", "[]"})
      if (rest.size() > std::string(s).size() && rest.compare(rest.size() - std::string(s).size(), std::string::npos, s) == 0) {
        suffix = s;
        rest.resize(rest.size() - suffix.size());
      }
    const int64_t field_id = std::atoll(rest.c_str());
    auto it = d.custom_field_by_id.find(static_cast<int>(field_id));
    if (it == d.custom_field_by_id.end()) throw bad_parameter("The parameter '" + name + "' names no custom field.");
    CustomCondition* c = nullptr;
    for (auto& existing : q.custom)
      if (existing.field == it->second) c = &existing;
    if (!c) c = &q.custom.emplace_back(CustomCondition{it->second, "", {}, {}, {}, {}, {}});
    const int type = it->second->type_id;
    if (suffix == "_min" || suffix == "_max") {
      if (type == 3) {
        (suffix == "_min" ? c->min : c->max) = p.get_double(name);
      } else if (type == 4) {
        (suffix == "_min" ? c->min_day : c->max_day) = p.get_date(name);
      } else {
        throw bad_parameter("The parameter '" + name + "' applies to numeric and date fields only.");
      }
    } else if (type >= 5) {
      c->items.push_back(std::atoll(value.c_str()));
    } else {
      c->keyword = lower(value);
    }
  }
  return q;
}

bool custom_matches(const Issue& i, const CustomCondition& c) {
  const CustomValue* v = nullptr;
  for (const auto& cv : i.custom_values)
    if (cv.field_id == c.field->id) v = &cv;
  if (!v || v->null) return false;
  if (!c.keyword.empty() && !contains_folded(v->text, c.keyword)) return false;
  if (!c.items.empty() && std::none_of(c.items.begin(), c.items.end(), [&](int64_t item) {
        return std::find(v->items.begin(), v->items.end(), item) != v->items.end();
      }))
    return false;
  if (c.min && v->number < *c.min) return false;
  if (c.max && v->number > *c.max) return false;
  if (c.min_day || c.max_day) {
    auto day = parse_ymd(v->text);
    if (!day || (c.min_day && *day < *c.min_day) || (c.max_day && *day > *c.max_day)) return false;
  }
  return true;
}

bool parent_child_matches(const Issue& i, int64_t mode) {
  switch (mode) {
    case 1: case 7: return i.parent_id == 0;                       // not a child / top level
    case 2: case 9: return i.parent_id != 0;                       // child or grandchild
    case 3: return i.parent_id == 0 && i.child_count == 0;         // standalone
    case 4: return i.child_count > 0;                              // has children
    case 5: return i.depth >= 2;                                   // grandchildren only
    case 6: return i.depth == 1;                                   // children only
    case 8: return i.depth < 2;                                    // exclude grandchildren
    case 10: return i.child_count == 0;                            // leaves
    default: return true;                                          // 0: all
  }
}

bool matches(const Dataset& d, const Issue& i, const Query& q) {
  if (i.deleted) return false;
  if (q.project.active() && !q.project.one(i.project_id, false)) return false;
  if (q.type.active() && !q.type.one(i.issue_type_id, false)) return false;
  if (q.category.active() && !q.category.any(i.categories)) return false;
  if (q.version.active() && !q.version.any(i.versions)) return false;
  if (q.milestone.active() && !q.milestone.any(i.milestones)) return false;
  if (q.status.active() && !q.status.one(i.status_id, false)) return false;
  if (q.priority.active() && !q.priority.one(i.priority_id, false)) return false;
  if (q.assignee.active() && !q.assignee.one(i.assignee_id, i.assignee_id == 0)) return false;
  if (q.created_user.active() && !q.created_user.one(i.created_user, false)) return false;
  if (q.resolution.active() && !q.resolution.one(i.resolution_id, i.resolution_id < 0)) return false;
  if (q.id.active() && !q.id.one(i.id, false)) return false;
  if (q.parent.active() && !q.parent.one(i.parent_id, i.parent_id == 0)) return false;
  if (q.parent_child && !parent_child_matches(i, *q.parent_child)) return false;
  if (q.attachment && i.attachments.empty()) return false;
  if (q.shared_file && i.shared_files.empty()) return false;
  if (q.has_due_date && *q.has_due_date != (i.due_date != kNoDate)) return false;
  if (q.created.active() && !q.created.contains_time(i.created)) return false;
  if (q.updated.active() && !q.updated.contains_time(i.updated)) return false;
  if (q.start.active() && !q.start.contains_day(i.start_date)) return false;
  if (q.due.active() && !q.due.contains_day(i.due_date)) return false;
  for (const auto& c : q.custom)
    if (!custom_matches(i, c)) return false;
  if (!q.keyword.empty() && !contains_folded(i.summary, q.keyword) && !contains_folded(i.description, q.keyword) &&
      !contains_folded(d.projects[i.project_id - 1].key + "-" + std::to_string(i.key_id), q.keyword))
    return false;
  return true;
}

// A sort key: a number or a string; `null` sorts before every value.
struct SortValue {
  bool null = false;
  double number = 0;
  std::string text;
};
int compare(const SortValue& a, const SortValue& b) {
  if (a.null != b.null) return a.null ? -1 : 1;
  if (a.number != b.number) return a.number < b.number ? -1 : 1;
  return a.text.compare(b.text) < 0 ? -1 : a.text == b.text ? 0 : 1;
}
SortValue number(double v) { return {false, v, {}}; }
SortValue nullable(bool is_null, double v) { return {is_null, v, {}}; }

using KeyOf = std::function<SortValue(const Issue&)>;

KeyOf sort_key(const Dataset& d, const std::string& sort) {
  auto first = [](const std::vector<int>& v) { return nullable(v.empty(), v.empty() ? 0 : v.front()); };
  if (sort == "issueType") return [](const Issue& i) { return number(i.issue_type_id); };
  if (sort == "category") return [first](const Issue& i) { return first(i.categories); };
  if (sort == "version") return [first](const Issue& i) { return first(i.versions); };
  if (sort == "milestone") return [first](const Issue& i) { return first(i.milestones); };
  if (sort == "summary") return [](const Issue& i) { return SortValue{false, 0, i.summary}; };
  if (sort == "status") return [&d](const Issue& i) {
    auto* s = d.status(i.project_id, i.status_id);
    return number(s ? s->display_order : 0);
  };
  if (sort == "priority") return [](const Issue& i) { return number(i.priority_id); };
  if (sort == "attachment") return [](const Issue& i) { return number(static_cast<double>(i.attachments.size())); };
  if (sort == "sharedFile") return [](const Issue& i) { return number(static_cast<double>(i.shared_files.size())); };
  if (sort == "created") return [](const Issue& i) { return number(static_cast<double>(i.created)); };
  if (sort == "createdUser") return [](const Issue& i) { return number(i.created_user); };
  if (sort == "updated") return [](const Issue& i) { return number(static_cast<double>(i.updated)); };
  if (sort == "updatedUser") return [](const Issue& i) { return number(i.updated_user); };
  if (sort == "assignee") return [](const Issue& i) { return nullable(i.assignee_id == 0, i.assignee_id); };
  if (sort == "startDate") return [](const Issue& i) { return nullable(i.start_date == kNoDate, i.start_date); };
  if (sort == "dueDate") return [](const Issue& i) { return nullable(i.due_date == kNoDate, i.due_date); };
  if (sort == "estimatedHours") return [](const Issue& i) { return nullable(i.estimated_hours < 0, i.estimated_hours); };
  if (sort == "actualHours") return [](const Issue& i) { return nullable(i.actual_hours < 0, i.actual_hours); };
  if (sort == "childIssue") return [](const Issue& i) { return number(i.child_count); };
  if (sort.rfind("customField_", 0) == 0) {
    const int field_id = std::atoi(sort.c_str() + 12);
    if (d.custom_field_by_id.count(field_id))
      return [field_id](const Issue& i) {
        for (const auto& v : i.custom_values)
          if (v.field_id == field_id) {
            if (v.null) return SortValue{true, 0, {}};
            if (!v.items.empty()) return number(v.items.front());
            return SortValue{false, v.number, v.text};
          }
        return SortValue{true, 0, {}};
      };
  }
  throw bad_parameter("The parameter 'sort' has an unknown value: '" + sort + "'.");
}

}  // namespace

std::vector<const Issue*> find_issues(const Dataset& d, const Params& p) {
  const Query q = parse(d, p);
  std::vector<const Issue*> out;
  auto consider = [&](const Issue& i) {
    if (matches(d, i, q)) out.push_back(&i);
  };
  // With projectId[] only those projects' issues are scanned (per-project index).
  if (q.project.active() && !q.project.ids.count(-1)) {
    for (int64_t pid : q.project.ids)
      if (pid >= 1 && pid <= static_cast<int64_t>(d.projects.size()))
        for (int id : d.projects[pid - 1].issue_ids) consider(d.issues[id - 1]);
    std::sort(out.begin(), out.end(), [](const Issue* a, const Issue* b) { return a->id < b->id; });
  } else {
    for (const auto& i : d.issues) consider(i);
  }
  return out;
}

std::vector<const Issue*> find_issue_page(const Dataset& d, const Params& p) {
  const OffsetPage page = offset_page(p);
  const std::string sort = p.get("sort").value_or("created");
  const bool asc = p.ascending(false);
  if (sort == "created" && !p.has("projectId[]")) {
    // Created order is id order: walk it from the end asked for and stop once the page is
    // full, so that paging through a long list does not cost a pass over every issue for
    // every page (the benchmarks read 100,000 issues in 1,000 pages). With no filter and
    // no issue deleted, the page is a range of ids and nothing needs walking at all.
    const Query q = parse(d, p);
    const int64_t n = static_cast<int64_t>(d.issues.size());
    std::vector<const Issue*> out;
    if (!q.filters() && d.deleted_issues == 0) {
      for (int64_t k = page.offset; k < std::min(n, page.offset + page.count); ++k)
        out.push_back(&d.issues[static_cast<size_t>(asc ? k : n - 1 - k)]);
      return out;
    }
    int64_t skip = page.offset;
    for (int64_t k = 0; k < n && static_cast<int64_t>(out.size()) < page.count; ++k) {
      const Issue& i = d.issues[static_cast<size_t>(asc ? k : n - 1 - k)];
      if (!matches(d, i, q)) continue;
      if (skip > 0) --skip;
      else out.push_back(&i);
    }
    return out;
  }
  std::vector<const Issue*> out = find_issues(d, p);
  if (sort == "created") {  // (a project's issues, sorted by id)
    if (!asc) std::reverse(out.begin(), out.end());
    return slice(out, page);
  }
  const KeyOf key_of = sort_key(d, sort);
  std::vector<std::pair<SortValue, const Issue*>> keyed;
  keyed.reserve(out.size());
  for (const Issue* i : out) keyed.emplace_back(key_of(*i), i);
  auto less = [asc](const std::pair<SortValue, const Issue*>& a, const std::pair<SortValue, const Issue*>& b) {
    int c = compare(a.first, b.first);
    if (c == 0) c = a.second->id < b.second->id ? -1 : 1;
    return asc ? c < 0 : c > 0;
  };
  // Only the requested page has to be in order.
  const size_t need = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(keyed.size()), page.offset + page.count));
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(need), keyed.end(), less);
  out.clear();
  for (size_t k = static_cast<size_t>(std::min<int64_t>(page.offset, static_cast<int64_t>(need))); k < need; ++k)
    out.push_back(keyed[k].second);
  return out;
}

}  // namespace backlog::emulator
