// Lookups over the dataset that several endpoints share.
#include "model.h"

namespace backlog::emulator {

const Project* Dataset::project_by_key(std::string_view key) const {
  for (const auto& p : projects)
    if (p.key == key) return &p;
  return nullptr;
}

template <typename T>
static const T* find_by_id(const std::vector<T>& v, int id) {
  for (const auto& x : v)
    if (x.id == id) return &x;
  return nullptr;
}

const Status* Dataset::status(int project_id, int status_id) const {
  return find_by_id(projects[project_id - 1].statuses, status_id);
}
const IssueType* Dataset::issue_type(int project_id, int type_id) const {
  return find_by_id(projects[project_id - 1].issue_types, type_id);
}
const Category* Dataset::category(int project_id, int id) const {
  return find_by_id(projects[project_id - 1].categories, id);
}
const Version* Dataset::version(int project_id, int id) const {
  return find_by_id(projects[project_id - 1].versions, id);
}

static const char* name_of(const NamedId* begin, const NamedId* end, int id) {
  for (auto* p = begin; p != end; ++p)
    if (p->id == id) return p->name;
  return nullptr;
}
const char* priority_name(int id) { return name_of(std::begin(kPriorities), std::end(kPriorities), id); }
const char* resolution_name(int id) { return name_of(std::begin(kResolutions), std::end(kResolutions), id); }

}  // namespace backlog::emulator
