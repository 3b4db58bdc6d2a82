// Form validation helpers (see write_support.h).
#include "write_support.h"

#include <algorithm>

#include "api_error.h"

namespace backlog::emulator {

std::string required_text(const Params& form, const char* name) {
  auto v = form.get(name);
  if (!v || v->empty()) throw bad_parameter(std::string("The parameter '") + name + "' is required.");
  return *v;
}

int64_t required_int(const Params& form, const char* name) {
  if (!form.has(name)) throw bad_parameter(std::string("The parameter '") + name + "' is required.");
  return *form.get_int(name);
}

void check_one_of(int64_t value, const std::vector<int>& valid, const char* name) {
  if (std::find(valid.begin(), valid.end(), value) == valid.end())
    throw bad_parameter(std::string("The parameter '") + name + "' has an unknown id: " + std::to_string(value) + ".");
}

std::vector<int> checked_ids(const Params& form, const char* name, const std::vector<int>& valid) {
  std::vector<int> out;
  for (int64_t v : form.all_ints(name)) {
    check_one_of(v, valid, name);
    out.push_back(static_cast<int>(v));
  }
  return out;
}

template <typename T>
static std::vector<int> ids(const std::vector<T>& v) {
  std::vector<int> out;
  for (const auto& x : v) out.push_back(x.id);
  return out;
}
std::vector<int> ids_of_categories(const Project& p) { return ids(p.categories); }
std::vector<int> ids_of_versions(const Project& p) { return ids(p.versions); }
std::vector<int> ids_of_issue_types(const Project& p) { return ids(p.issue_types); }
std::vector<int> ids_of_statuses(const Project& p) { return ids(p.statuses); }

}  // namespace backlog::emulator
