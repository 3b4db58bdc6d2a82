// Helpers shared by the write endpoints: required/optional form fields with Backlog's
// 400/code 7 errors, and id validation against the project's own lists.
#pragma once

#include <string>
#include <vector>

#include "model.h"
#include "params.h"

namespace backlog::emulator {

std::string required_text(const Params& form, const char* name);
int64_t required_int(const Params& form, const char* name);
// Each id of `name` (e.g. "categoryId[]") must be one of `valid`.
std::vector<int> checked_ids(const Params& form, const char* name, const std::vector<int>& valid);
void check_one_of(int64_t value, const std::vector<int>& valid, const char* name);
std::vector<int> ids_of_categories(const Project& p);
std::vector<int> ids_of_versions(const Project& p);
std::vector<int> ids_of_issue_types(const Project& p);
std::vector<int> ids_of_statuses(const Project& p);

}  // namespace backlog::emulator
