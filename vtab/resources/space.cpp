// The space itself: its settings, notification, disk usage, licence, and the space-wide
// priority and resolution lists.
//
//   SELECT SpaceKey, Name, Timezone FROM Space;
//   SELECT Capacity, Issue + Wiki + File + Subversion + Git + GitLFS AS Used FROM SpaceDiskUsage;
//   SELECT ProjectId, Git FROM SpaceDiskUsageDetails ORDER BY Git DESC;
//
// Each is one GET returning one object (single_object) or a short array; nothing pages.
// Field names: backlog-js entity.ts Space.*, DiskUsage.*, License.License, Issue.Priority.
#include "vtab/resource.h"
#include "vtab/resources/shared_columns.h"

namespace backlog::vtab {
using shared::join;

namespace {
// Priorities and resolutions are both plain {id, name} lists.
std::vector<Column> id_name_columns(const char* what) {
  return {
      {.name = "Id", .type = Type::Integer, .json = "id",
       .doc = shared::intern(std::string(what) + " id.")},
      {.name = "Name", .type = Type::Text, .json = "name",
       .doc = shared::intern(std::string(what) + " name.")},
  };
}

Column licence_flag(const char* name, const char* json, const char* doc) {
  return {.name = name, .type = Type::Boolean, .json = json, .doc = doc};
}
Column licence_limit(const char* name, const char* json, const char* doc) {
  return {.name = name, .type = Type::Integer, .json = json, .doc = doc};
}
}  // namespace

extern const Resource kSpace{
    .table = "Space",
    .doc = "The Backlog space (one row).",
    .path = "/api/v2/space",
    .single_object = true,
    .columns = {
        {.name = "SpaceKey", .type = Type::Text, .json = "spaceKey",
         .doc = "Space key (the SPACE of SPACE.backlog.com)."},
        {.name = "Name", .type = Type::Text, .json = "name", .doc = "Space name."},
        {.name = "OwnerId", .type = Type::Integer, .json = "ownerId",
         .doc = "Numeric user id of the space owner."},
        {.name = "Lang", .type = Type::Text, .json = "lang", .doc = "Default language."},
        {.name = "Timezone", .type = Type::Text, .json = "timezone",
         .doc = "Time zone (Asia/Tokyo…)."},
        {.name = "ReportSendTime", .type = Type::Text, .json = "reportSendTime",
         .doc = "Time of day daily reports are mailed (HH:mm:ss)."},
        {.name = "TextFormattingRule", .type = Type::Text, .json = "textFormattingRule",
         .doc = "Default text formatting rule (markdown or backlog)."},
        {.name = "Created", .type = Type::Timestamp, .json = "created", .doc = "Creation time."},
        {.name = "Updated", .type = Type::Timestamp, .json = "updated",
         .doc = "Last update time."},
    },
    .key = {"SpaceKey"},
    .is_view = true,
    .rows_estimate = 1,
};

extern const Resource kSpaceNotifications{
    .table = "SpaceNotifications",
    .doc = "The space-wide notice shown to every user (one row).",
    .path = "/api/v2/space/notification",
    .single_object = true,
    .columns = {
        {.name = "Content", .type = Type::Text, .json = "content", .doc = "Notice text."},
        {.name = "Updated", .type = Type::Timestamp, .json = "updated",
         .doc = "Last update time."},
    },
    .is_view = true,
    .rows_estimate = 1,
};

extern const Resource kSpaceDiskUsage{
    .table = "SpaceDiskUsage",
    .doc = "Disk usage of the space in bytes (one row).",
    .path = "/api/v2/space/diskUsage",
    .single_object = true,
    .columns = join({
        {{.name = "Capacity", .type = Type::Integer, .json = "capacity",
          .doc = "Space capacity in bytes."}},
        shared::disk_usage_columns(),
        {{.name = "Details", .type = Type::Json, .json = "details",
          .doc = "Per-project usage as a JSON array (see SpaceDiskUsageDetails)."}},
    }),
    .is_view = true,
    .rows_estimate = 1,
};

extern const Resource kSpaceDiskUsageDetails{
    .table = "SpaceDiskUsageDetails",
    .doc = "Disk usage per project in bytes.",
    .path = "/api/v2/space/diskUsage",
    .explode = "details",
    .single_object = true,
    .columns = join({
        {{.name = "ProjectId", .type = Type::Integer, .json = "projectId", .doc = "Project id."}},
        shared::disk_usage_columns(),
    }),
    .key = {"ProjectId"},
    .is_view = true,
    .rows_estimate = 20,
};

extern const Resource kLicenses{
    .table = "Licenses",
    .doc = "The space's licence: plan limits and enabled features (one row).",
    .path = "/api/v2/space/licence",
    .single_object = true,
    .columns = {
        licence_flag("Active", "active", "Whether the licence is active."),
        licence_limit("AttachmentLimit", "attachmentLimit", "Total attachment bytes allowed."),
        licence_limit("AttachmentLimitPerFile", "attachmentLimitPerFile",
                      "Bytes allowed per attachment."),
        licence_limit("AttachmentNumLimit", "attachmentNumLimit",
                      "Attachments allowed per issue."),
        licence_flag("Attribute", "attribute", "Whether custom fields are available."),
        licence_limit("AttributeLimit", "attributeLimit", "Custom fields allowed per project."),
        licence_flag("Burndown", "burndown", "Whether burndown charts are available."),
        licence_limit("CommentLimit", "commentLimit", "Comments allowed per issue."),
        licence_limit("ComponentLimit", "componentLimit", "Categories allowed per project."),
        licence_flag("FileSharing", "fileSharing", "Whether file sharing is available."),
        licence_flag("Gantt", "gantt", "Whether Gantt charts are available."),
        licence_flag("Git", "git", "Whether Git is available."),
        licence_flag("GrandchildIssueEnabled", "grandchildIssueEnabled",
                     "Whether grandchild issues are available."),
        licence_limit("IssueLimit", "issueLimit", "Issues allowed."),
        licence_limit("LicenceTypeId", "licenceTypeId", "Licence (plan) type id."),
        {.name = "LimitDate", .type = Type::Date, .json = "limitDate",
         .doc = "Date the licence ends."},
        licence_flag("NulabAccount", "nulabAccount", "Whether Nulab Accounts are used."),
        licence_flag("ParentChildIssue", "parentChildIssue",
                     "Whether parent/child issues are available."),
        licence_flag("PostIssueByMail", "postIssueByMail",
                     "Whether issues can be added by mail."),
        licence_limit("ProjectLimit", "projectLimit", "Projects allowed."),
        licence_limit("PullRequestAttachmentLimitPerFile", "pullRequestAttachmentLimitPerFile",
                      "Bytes allowed per pull request attachment."),
        licence_limit("PullRequestAttachmentNumLimit", "pullRequestAttachmentNumLimit",
                      "Attachments allowed per pull request."),
        licence_flag("RemoteAddress", "remoteAddress",
                     "Whether access can be restricted by IP address."),
        licence_limit("RemoteAddressLimit", "remoteAddressLimit", "IP address rules allowed."),
        {.name = "StartedOn", .type = Type::Date, .json = "startedOn",
         .doc = "Date the licence started."},
        licence_limit("StorageLimit", "storageLimit", "Storage bytes allowed."),
        licence_flag("Subversion", "subversion", "Whether Subversion is available."),
        licence_flag("SubversionExternal", "subversionExternal",
                     "Whether external Subversion repositories are available."),
        licence_limit("UserLimit", "userLimit", "Users allowed."),
        licence_limit("VersionLimit", "versionLimit", "Versions allowed per project."),
        licence_flag("WikiAttachment", "wikiAttachment",
                     "Whether wiki attachments are available."),
        licence_limit("WikiAttachmentLimitPerFile", "wikiAttachmentLimitPerFile",
                      "Bytes allowed per wiki attachment."),
        licence_limit("WikiAttachmentNumLimit", "wikiAttachmentNumLimit",
                      "Attachments allowed per wiki page."),
    },
    .is_view = true,
    .rows_estimate = 1,
};

extern const Resource kPriorities{
    .table = "Priorities",
    .doc = "Issue priorities (space-wide: High, Normal, Low).",
    .path = "/api/v2/priorities",
    .columns = id_name_columns("Priority"),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 3,
};

extern const Resource kResolutions{
    .table = "Resolutions",
    .doc = "Issue resolutions (space-wide: Fixed, Won't Fix…).",
    .path = "/api/v2/resolutions",
    .columns = id_name_columns("Resolution"),
    .key = {"Id"},
    .is_view = true,
    .rows_estimate = 5,
};

}  // namespace backlog::vtab
