// Resolving path arguments the way Backlog does: projects by id or key, issues by id or
// "PROJECTKEY-N", repositories by id or name. Unknown or deleted → 404 code 6.
#pragma once

#include <string>

#include "model.h"

namespace backlog::emulator {

Project& project_arg(Dataset& d, const std::string& id_or_key);
Issue& issue_arg(Dataset& d, const std::string& id_or_key);
User& user_arg(Dataset& d, const std::string& id);
Wiki& wiki_arg(Dataset& d, const std::string& id);
Comment& comment_arg(Dataset& d, const Issue& issue, const std::string& id);
GitRepo& repo_arg(Dataset& d, const Project& p, const std::string& id_or_name);
PullRequest& pull_request_arg(Dataset& d, const GitRepo& repo, const std::string& number);
std::string issue_key(const Dataset& d, const Issue& i);
// Parses a positive decimal id; 0 when `s` is not one.
int parse_id(const std::string& s);

}  // namespace backlog::emulator
