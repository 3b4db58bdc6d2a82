// Builds the `content` object of activities (GET …/activities) with the real activity
// type numbers and shapes (nulab/backlog-js entity.ts Activity.*Content), for both the
// generated history and the changes made through the write endpoints.
#pragma once

#include <string>
#include <vector>

#include "model.h"

namespace backlog::emulator {

enum ActivityType {
  kIssueCreated = 1, kIssueUpdated = 2, kIssueCommented = 3, kIssueDeleted = 4,
  kWikiCreated = 5, kWikiUpdated = 6, kWikiDeleted = 7,
  kGitRepositoryCreated = 13, kProjectUserAdded = 15,
  kPullRequestAdded = 18, kPullRequestUpdated = 19, kPullRequestCommented = 20,
};

// One changed field; custom fields carry their id and type (for the comment's attributeInfo).
struct ActivityChange {
  std::string field, new_value, old_value;
  int custom_field_id = 0, custom_field_type_id = 0;
};

// Types 1, 2, 3: issue id/key/summary/description, plus comment and changes for 2 and 3.
std::string issue_activity_content(const Issue& i, const Comment* comment,
                                   const std::vector<ActivityChange>& changes, bool created);
std::string issue_deleted_content(const Issue& i);                    // type 4
std::string wiki_activity_content(const Wiki& w, bool deleted);       // types 5, 6, 7
std::string repo_created_content(const GitRepo& r);                   // type 13
// Type 15; `group` = the ids of all type-15 activities of the same addition (this one too).
std::string project_user_added_content(const Dataset& d, int user_id, const std::vector<int>& group);
std::string pull_request_content(const Dataset& d, const PullRequest& pr,
                                 const PullRequestComment* comment);  // types 18, 20

// The content of a generated issue event (Activity::issue_id set, content_json empty).
// Generated updates change the status from 1 (未対応): with a change-log comment to 2, else
// to the issue's status.
std::string generated_issue_content(const Dataset& d, const Activity& a);

// Appends an activity now (write endpoints): ids stay ascending with time.
void record_activity(Dataset& d, int type, int project_id, int user_id, Epoch when, std::string content);

}  // namespace backlog::emulator
