// Serializes dataset entities exactly as Backlog API v2 spells them (field names, nesting,
// nulls). Every endpoint writes through these functions so one entity always has one shape.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>
#include <string>
#include <string_view>

#include "model.h"

namespace backlog::emulator {

class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Writer::Writer;
  // A member name that needs no escaping, copied as it is: Key() checks every character
  // of its escape table, which was a quarter of the emulator's time serving issue pages.
  // Every name the emulator writes is an ASCII literal of the API's.
  void PlainKey(std::string_view k) {
    Prefix(rapidjson::kStringType);
    char* out = os_->Push(k.size() + 2);
    out[0] = '"';
    std::memcpy(out + 1, k.data(), k.size());
    out[k.size() + 1] = '"';
  }
};

// A writer with its buffer; `str()` gives the JSON text once the value is complete.
class JsonDoc {
 public:
  JsonDoc() : w(buf) {}
  std::string str() const { return std::string(buf.GetString(), buf.GetSize()); }
  rapidjson::StringBuffer buf;
  JsonWriter w;
};

// Small helpers so entity writers read like the JSON they produce.
void key(JsonWriter& w, std::string_view k);
void str(JsonWriter& w, std::string_view k, std::string_view v);
void str_or_null(JsonWriter& w, std::string_view k, std::string_view v);   // "" → null
void num(JsonWriter& w, std::string_view k, int64_t v);
void boolean(JsonWriter& w, std::string_view k, bool v);
void null(JsonWriter& w, std::string_view k);
void time_or_null(JsonWriter& w, std::string_view k, Epoch t);           // 0 → null
void date_or_null(JsonWriter& w, std::string_view k, int32_t day);       // kNoDate → null

void write_user(JsonWriter& w, const Dataset& d, int user_id);           // 0 → null
void write_space(JsonWriter& w, const Dataset& d);
void write_project(JsonWriter& w, const Project& p);
// Inside an issue the type has no templates; /issueTypes lists them.
void write_issue_type(JsonWriter& w, const IssueType& t, bool with_templates = true);
void write_status(JsonWriter& w, const Status& s);
void write_category(JsonWriter& w, const Category& c);
void write_version(JsonWriter& w, const Version& v);
void write_custom_field(JsonWriter& w, const CustomField& f);
void write_attachment(JsonWriter& w, const Dataset& d, const Attachment& a);
void write_shared_file(JsonWriter& w, const Dataset& d, const SharedFile& f);
void write_star(JsonWriter& w, const Dataset& d, const Star& s);
// child_summary: add "childIssueSummary":{"total","closed"} (GET /issues?expand[]=childIssueSummary).
void write_issue(JsonWriter& w, const Dataset& d, const Issue& i, bool child_summary = false);
void write_comment(JsonWriter& w, const Dataset& d, const Comment& c);
void write_comment_notification(JsonWriter& w, const Dataset& d, int id, int user_id);
void write_wiki_list_item(JsonWriter& w, const Dataset& d, const Wiki& wk);
void write_wiki(JsonWriter& w, const Dataset& d, const Wiki& wk);
void write_wiki_tag(JsonWriter& w, const Dataset& d, int tag_id);
void write_activity(JsonWriter& w, const Dataset& d, const Activity& a);
void write_repo(JsonWriter& w, const Dataset& d, const GitRepo& r);
// `full_issue`: "Get Pull Request" nests the whole related issue; "Get Pull Request List"
// only its id (`"issue": {"id": 31}` in the documented example).
void write_pull_request(JsonWriter& w, const Dataset& d, const PullRequest& pr, bool full_issue);
void write_pr_comment(JsonWriter& w, const Dataset& d, const PullRequestComment& c);
void write_team(JsonWriter& w, const Dataset& d, const Team& t);
void write_notification(JsonWriter& w, const Dataset& d, const Notification& n);
void write_watching(JsonWriter& w, const Dataset& d, const Watching& wt);
void write_count(JsonWriter& w, int64_t count);                          // {"count":N}

// Name of a wiki tag by id (tags are numbered per project, see generator).
std::string wiki_tag_name(const Dataset& d, int tag_id);

}  // namespace backlog::emulator
