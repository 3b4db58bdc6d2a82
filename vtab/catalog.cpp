// The catalog: the list of every resource declared in vtab/resources/, and lookups by name.
// Adding a table = declaring `extern const Resource kX{…}` in a resources/ file and listing
// it here once (tests/vtab/catalog_test.cpp checks the list against the expected tables).
#include <strings.h>

#include <array>

#include "vtab/resource.h"

namespace backlog::vtab {

// Tables (CData: writable or keyed resources).
extern const Resource kIssues, kIssueComments, kIssueAttachments, kIssueLinkedSharedFiles,
    kProjects, kProjectUsers, kProjectAdministrators, kProjectCategories, kProjectCustomFields,
    kProjectCustomFieldItems, kProjectIssueTypes, kProjectStatuses, kProjectTeams,
    kProjectVersionMilestones, kPullRequests, kPullRequestComments, kPullRequestAttachments,
    kWatchings, kWikiPages, kWikiPageAttachments;
// Views (read-only).
extern const Resource kIssueCategories, kIssueVersions, kIssueMilestones, kIssueParticipants,
    kIssueCommentChangeLog, kIssueCommentStars, kIssueCommentNotifications, kNotifications,
    kPriorities, kResolutions, kSpace, kSpaceDiskUsage, kSpaceDiskUsageDetails,
    kSpaceNotifications, kSpaceUpdates, kProjectRecentUpdates, kUserRecentUpdates,
    kProjectSharedFiles, kRepositories, kTeams, kTeamMembers, kProjectTeamMembers, kUsers,
    kUserReceivedStars, kUserRecentlyViewedIssues, kUserRecentlyViewedProjects,
    kUserRecentlyViewedWikiPages, kWikiPageHistory, kWikiPageTags, kWikiPageStars,
    kWikiPageLinkedSharedFiles, kPullRequestCommentChangeLog, kPullRequestCommentStars,
    kPullRequestCommentNotifications, kLicenses;

namespace {
// Addresses only: constant-initialized, so safe to read whatever the static-init order.
constexpr std::array<const Resource*, 55> kAll = {
    &kIssues, &kIssueComments, &kIssueAttachments, &kIssueLinkedSharedFiles, &kProjects,
    &kProjectUsers, &kProjectAdministrators, &kProjectCategories, &kProjectCustomFields,
    &kProjectCustomFieldItems, &kProjectIssueTypes, &kProjectStatuses, &kProjectTeams,
    &kProjectVersionMilestones, &kPullRequests, &kPullRequestComments, &kPullRequestAttachments,
    &kWatchings, &kWikiPages, &kWikiPageAttachments,
    &kIssueCategories, &kIssueVersions, &kIssueMilestones, &kIssueParticipants,
    &kIssueCommentChangeLog, &kIssueCommentStars, &kIssueCommentNotifications, &kNotifications,
    &kPriorities, &kResolutions, &kSpace, &kSpaceDiskUsage, &kSpaceDiskUsageDetails,
    &kSpaceNotifications, &kSpaceUpdates, &kProjectRecentUpdates, &kUserRecentUpdates,
    &kProjectSharedFiles, &kRepositories, &kTeams, &kTeamMembers, &kProjectTeamMembers, &kUsers,
    &kUserReceivedStars, &kUserRecentlyViewedIssues, &kUserRecentlyViewedProjects,
    &kUserRecentlyViewedWikiPages, &kWikiPageHistory, &kWikiPageTags, &kWikiPageStars,
    &kWikiPageLinkedSharedFiles, &kPullRequestCommentChangeLog, &kPullRequestCommentStars,
    &kPullRequestCommentNotifications, &kLicenses,
};

bool same_name(std::string_view a, const char* b) {
  return a.size() == std::char_traits<char>::length(b) &&
         strncasecmp(a.data(), b, a.size()) == 0;
}
}  // namespace

std::span<const Resource* const> catalog() { return kAll; }

const Resource* find_resource(std::string_view table) {
  for (const Resource* r : kAll) {
    if (same_name(table, r->table)) return r;
  }
  return nullptr;
}

const Column* find_column(const Resource& r, std::string_view column) {
  for (const Column& c : r.columns) {
    if (same_name(column, c.name)) return &c;
  }
  return nullptr;
}

const char* sql_type(Type t) {
  switch (t) {
    case Type::Integer: return "INTEGER";
    case Type::Real: return "REAL";
    case Type::Text: return "TEXT";
    case Type::Boolean: return "BOOLEAN";
    case Type::Timestamp: return "TIMESTAMP";
    case Type::Date: return "DATE";
    case Type::Json: return "JSON";
  }
  return "TEXT";
}

}  // namespace backlog::vtab
