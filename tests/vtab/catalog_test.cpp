// Checks the resource catalog as data: the expected CData table set, the fixed contract
// columns, and that every declaration is internally consistent (placeholders, keys,
// cursors, filters vs paging, parent queries) — the generic module trusts all of this.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vtab/compiled_resource.h"
#include "vtab/reference.h"
#include "vtab/resource.h"

namespace backlog::vtab {
namespace {

const std::set<std::string> kExpectedTables = {
    "Issues", "IssueComments", "IssueAttachments", "IssueLinkedSharedFiles", "Projects",
    "ProjectUsers", "ProjectAdministrators", "ProjectCategories", "ProjectCustomFields",
    "ProjectCustomFieldItems", "ProjectIssueTypes", "ProjectStatuses", "ProjectTeams",
    "ProjectVersionMilestones", "PullRequests", "PullRequestComments", "PullRequestAttachments",
    "Watchings", "WikiPages", "WikiPageAttachments",
};
const std::set<std::string> kExpectedViews = {
    "IssueCategories", "IssueVersions", "IssueMilestones", "IssueParticipants",
    "IssueCommentChangeLog", "IssueCommentStars", "IssueCommentNotifications", "Notifications",
    "Priorities", "Resolutions", "Space", "SpaceDiskUsage", "SpaceDiskUsageDetails",
    "SpaceNotifications", "SpaceUpdates", "ProjectRecentUpdates", "UserRecentUpdates",
    "ProjectSharedFiles", "Repositories", "Teams", "TeamMembers", "ProjectTeamMembers", "Users",
    "UserReceivedStars", "UserRecentlyViewedIssues", "UserRecentlyViewedProjects",
    "UserRecentlyViewedWikiPages", "WikiPageHistory", "WikiPageTags", "WikiPageStars",
    "WikiPageLinkedSharedFiles", "PullRequestCommentChangeLog", "PullRequestCommentStars",
    "PullRequestCommentNotifications", "Licenses",
};

// Names inside {…} of a template, in order.
std::vector<std::string> placeholders(const char* text) {
  std::vector<std::string> out;
  if (text == nullptr) return out;
  std::string_view s(text);
  for (size_t open = s.find('{'); open != std::string_view::npos; open = s.find('{', open + 1)) {
    size_t close = s.find('}', open);
    EXPECT_NE(close, std::string_view::npos) << "unclosed placeholder in " << text;
    if (close == std::string_view::npos) break;
    out.emplace_back(s.substr(open + 1, close - open - 1));
  }
  return out;
}

// Placeholders that select WHICH list call to make: list path + fixed parameter values.
std::set<std::string> list_placeholders(const Resource& r) {
  std::set<std::string> out;
  for (const auto& p : placeholders(r.path)) out.insert(p);
  for (const auto& [name, value] : r.fixed_params)
    for (const auto& p : placeholders(value)) out.insert(p);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const Column& column(const char* table, const char* name) {
  const Resource* r = find_resource(table);
  EXPECT_NE(r, nullptr) << table;
  static const Column missing{.name = "<missing>", .type = Type::Text};
  if (r == nullptr) return missing;
  const Column* c = find_column(*r, name);
  EXPECT_NE(c, nullptr) << table << "." << name;
  return c ? *c : missing;
}

// An in-memory database with one plain table per resource (its declared columns), so parent
// queries can be prepared and their result columns inspected without any network.
struct ShadowDb {
  sqlite3* db = nullptr;
  ShadowDb() {
    EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (const Resource* r : catalog()) {
      std::string ddl = declare_sql(*r);
      char* err = nullptr;
      EXPECT_EQ(sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, &err), SQLITE_OK)
          << ddl << ": " << (err ? err : "");
      sqlite3_free(err);
    }
  }
  ~ShadowDb() { sqlite3_close(db); }
};

TEST(Catalog, HoldsExactlyTheCDataTablesAndViews) {
  std::set<std::string> tables, views;
  for (const Resource* r : catalog()) {
    ASSERT_NE(r, nullptr);
    auto& bucket = r->is_view ? views : tables;
    EXPECT_TRUE(bucket.insert(r->table).second) << "declared twice: " << r->table;
  }
  EXPECT_EQ(tables, kExpectedTables);
  EXPECT_EQ(views, kExpectedViews);
  EXPECT_EQ(catalog().size(), kExpectedTables.size() + kExpectedViews.size());
}

TEST(Catalog, LooksUpTablesAndColumnsIgnoringCase) {
  const Resource* issues = find_resource("iSsUeS");
  ASSERT_NE(issues, nullptr);
  EXPECT_STREQ(issues->table, "Issues");
  EXPECT_EQ(find_resource("Issue"), nullptr);
  EXPECT_EQ(find_resource("IssuesX"), nullptr);
  EXPECT_EQ(find_resource(""), nullptr);
  const Column* c = find_column(*issues, "statusname");
  ASSERT_NE(c, nullptr);
  EXPECT_STREQ(c->name, "StatusName");
  EXPECT_STREQ(c->json, "status.name");
  EXPECT_EQ(find_column(*issues, "Status"), nullptr);
}

TEST(Catalog, MapsTypesToDeclaredSqlTypes) {
  EXPECT_STREQ(sql_type(Type::Integer), "INTEGER");
  EXPECT_STREQ(sql_type(Type::Real), "REAL");
  EXPECT_STREQ(sql_type(Type::Text), "TEXT");
  EXPECT_STREQ(sql_type(Type::Boolean), "BOOLEAN");
  EXPECT_STREQ(sql_type(Type::Timestamp), "TIMESTAMP");
  EXPECT_STREQ(sql_type(Type::Date), "DATE");
  EXPECT_STREQ(sql_type(Type::Json), "JSON");
}

TEST(Catalog, HasTheContractColumnsWithTheirTypes) {
  const std::map<std::string, std::vector<std::pair<const char*, Type>>> contract = {
      {"Issues",
       {{"Id", Type::Integer}, {"ProjectId", Type::Integer}, {"IssueKey", Type::Text},
        {"KeyId", Type::Integer}, {"IssueTypeId", Type::Integer}, {"IssueTypeName", Type::Text},
        {"Summary", Type::Text}, {"Description", Type::Text}, {"PriorityId", Type::Integer},
        {"PriorityName", Type::Text}, {"StatusId", Type::Integer}, {"StatusName", Type::Text},
        {"ResolutionId", Type::Integer}, {"ResolutionName", Type::Text},
        {"AssigneeId", Type::Integer}, {"AssigneeName", Type::Text},
        {"ParentIssueId", Type::Integer}, {"StartDate", Type::Date}, {"DueDate", Type::Date},
        {"EstimatedHours", Type::Real}, {"ActualHours", Type::Real},
        {"CreatedUserId", Type::Integer}, {"CreatedUserName", Type::Text},
        {"Created", Type::Timestamp}, {"UpdatedUserId", Type::Integer},
        {"UpdatedUserName", Type::Text}, {"Updated", Type::Timestamp},
        {"Categories", Type::Json}, {"Versions", Type::Json}, {"Milestones", Type::Json},
        {"CustomFields", Type::Json}, {"Attachments", Type::Json}, {"SharedFiles", Type::Json},
        {"Stars", Type::Json}}},
      {"IssueComments",
       {{"Id", Type::Integer}, {"IssueId", Type::Integer}, {"Content", Type::Text},
        {"CreatedUserId", Type::Integer}, {"CreatedUserName", Type::Text},
        {"Created", Type::Timestamp}, {"Updated", Type::Timestamp}}},
      {"Projects",
       {{"Id", Type::Integer}, {"ProjectKey", Type::Text}, {"Name", Type::Text},
        {"Archived", Type::Boolean}}},
      {"Users",
       {{"Id", Type::Integer}, {"UserId", Type::Text}, {"Name", Type::Text},
        {"RoleType", Type::Integer}, {"MailAddress", Type::Text}}},
  };
  for (const auto& [table, cols] : contract) {
    for (const auto& [name, type] : cols) {
      const Column& c = column(table.c_str(), name);
      EXPECT_STREQ(c.name, name) << table << ": names are case-exact in the contract";
      EXPECT_EQ(c.type, type) << table << "." << name;
      EXPECT_FALSE(c.hidden) << table << "." << name;
    }
  }
}

TEST(Catalog, IssuesDeclaresPushdownWritesAndDeletions) {
  const Resource& r = *find_resource("Issues");
  EXPECT_EQ(r.paging, Paging::OffsetCount);
  EXPECT_STREQ(r.cursor, "Updated");
  ASSERT_EQ(r.key.size(), 1u);
  EXPECT_STREQ(r.key[0], "Id");
  EXPECT_STREQ(column("Issues", "ProjectId").filter.param, "projectId[]");
  EXPECT_EQ(column("Issues", "ProjectId").filter.kind, Filter::Kind::Array);
  EXPECT_STREQ(column("Issues", "Updated").filter.param, "updatedSince");
  EXPECT_STREQ(column("Issues", "Updated").filter.until, "updatedUntil");
  EXPECT_STREQ(column("Issues", "Keyword").filter.param, "keyword");
  EXPECT_TRUE(column("Issues", "Keyword").hidden);
  EXPECT_STREQ(column("Issues", "Summary").write, "summary");
  EXPECT_STREQ(column("Issues", "StatusId").write, "statusId");
  // Every documented array filter of GET /api/v2/issues is reachable from some column.
  std::set<std::string> params;
  std::set<std::string> sorts;
  for (const Column& c : r.columns) {
    if (c.filter.param) params.insert(c.filter.param);
    if (c.filter.until) params.insert(c.filter.until);
    if (c.sort) sorts.insert(c.sort);
  }
  for (const char* p : {"projectId[]", "issueTypeId[]", "categoryId[]", "versionId[]",
                        "milestoneId[]", "statusId[]", "priorityId[]", "assigneeId[]",
                        "createdUserId[]", "resolutionId[]", "id[]", "parentIssueId[]",
                        "createdSince", "createdUntil", "updatedSince", "updatedUntil",
                        "startDateSince", "startDateUntil", "dueDateSince", "dueDateUntil",
                        "keyword"})
    EXPECT_TRUE(params.count(p)) << p;
  for (const char* s : {"issueType", "category", "version", "milestone", "summary", "status",
                        "priority", "attachment", "sharedFile", "created", "createdUser",
                        "updated", "updatedUser", "assignee", "startDate", "dueDate",
                        "estimatedHours", "actualHours"})
    EXPECT_TRUE(sorts.count(s)) << s;
  EXPECT_STREQ(r.insert.method, "POST");
  EXPECT_STREQ(r.update.method, "PATCH");
  EXPECT_STREQ(r.remove.method, "DELETE");
  EXPECT_EQ(r.deleted_activity_types, std::vector<int>{4});
  EXPECT_STREQ(r.deleted_key_json, "id");
}

TEST(Catalog, ColumnNamesAreUniqueIgnoringCase) {
  for (const Resource* r : catalog()) {
    std::set<std::string> seen;
    for (const Column& c : r->columns) {
      ASSERT_NE(c.name, nullptr) << r->table;
      EXPECT_TRUE(seen.insert(lower(c.name)).second) << r->table << "." << c.name;
    }
    EXPECT_FALSE(r->columns.empty()) << r->table;
  }
}

TEST(Catalog, EveryPlaceholderNamesAColumnOfItsTable) {
  for (const Resource* r : catalog()) {
    std::vector<const char*> templates = {r->path, r->get_path, r->insert.path, r->update.path,
                                          r->remove.path};
    for (const auto& [name, value] : r->fixed_params) templates.push_back(value);
    for (const char* t : templates) {
      for (const auto& p : placeholders(t)) {
        EXPECT_NE(find_column(*r, p), nullptr) << r->table << ": {" << p << "} in " << t;
      }
    }
    // A path column is chosen by the query, never an input-only or detail column.
    for (const auto& p : list_placeholders(*r)) {
      const Column* c = find_column(*r, p);
      if (c == nullptr) continue;
      EXPECT_FALSE(c->detail) << r->table << "." << p;
      EXPECT_EQ(c->json != nullptr && c->json[0] == '^', false) << r->table << "." << p;
    }
  }
}

TEST(Catalog, WriteCallsAreCompleteAndOnlyOnTables) {
  for (const Resource* r : catalog()) {
    bool writes = false;
    for (const WriteCall* w : {&r->insert, &r->update, &r->remove}) {
      EXPECT_EQ(w->method == nullptr, w->path == nullptr) << r->table;
      if (w->method == nullptr) continue;
      writes = true;
      EXPECT_TRUE(std::string_view(w->path).starts_with("/api/v2/")) << r->table;
    }
    if (r->insert.method) {
      EXPECT_STREQ(r->insert.method, "POST") << r->table;
    }
    if (r->update.method) {
      EXPECT_STREQ(r->update.method, "PATCH") << r->table;
    }
    if (r->remove.method) {
      EXPECT_STREQ(r->remove.method, "DELETE") << r->table;
    }
    if (r->is_view) {
      EXPECT_FALSE(writes) << r->table << " is a view but declares writes";
    }
    bool has_write_column = std::any_of(r->columns.begin(), r->columns.end(),
                                        [](const Column& c) { return c.write != nullptr; });
    if (has_write_column) {
      EXPECT_TRUE(r->insert.method || r->update.method)
          << r->table << ": form fields declared but nothing sends them";
    }
    // UPDATE/DELETE address one object: their path must name it.
    for (const WriteCall* w : {&r->update, &r->remove}) {
      if (w->path) {
        EXPECT_FALSE(placeholders(w->path).empty()) << r->table << " " << w->path;
      }
    }
  }
}

TEST(Catalog, FiltersFitTheResourcesPaging) {
  for (const Resource* r : catalog()) {
    for (const Column& c : r->columns) {
      const Filter& f = c.filter;
      std::string where = std::string(r->table) + "." + c.name;
      switch (f.kind) {
        case Filter::Kind::None:
          EXPECT_EQ(f.param, nullptr) << where;
          break;
        case Filter::Kind::Array:
          ASSERT_NE(f.param, nullptr) << where;
          EXPECT_TRUE(std::string_view(f.param).ends_with("[]")) << where;
          break;
        case Filter::Kind::Scalar:
        case Filter::Kind::Boolean:
          ASSERT_NE(f.param, nullptr) << where;
          EXPECT_FALSE(std::string_view(f.param).ends_with("[]")) << where;
          break;
        case Filter::Kind::Range:
          EXPECT_NE(f.param, nullptr) << where;
          EXPECT_NE(f.until, nullptr) << where;
          EXPECT_TRUE(c.type == Type::Timestamp || c.type == Type::Date) << where;
          break;
        case Filter::Kind::IdRange:
          EXPECT_EQ(r->paging, Paging::MinMaxId) << where << ": minId/maxId only page MinMaxId";
          EXPECT_EQ(c.type, Type::Integer) << where;
          break;
      }
      // sort= only exists on offset/count lists.
      if (c.sort) {
        EXPECT_EQ(r->paging, Paging::OffsetCount) << where;
      }
      // An input-only column has no row value, so its filter must be exact.
      if (c.hidden) {
        EXPECT_EQ(c.json, nullptr) << where;
        EXPECT_TRUE(f.kind == Filter::Kind::Array || f.kind == Filter::Kind::Scalar ||
                    f.kind == Filter::Kind::Boolean || c.write != nullptr)
            << where << ": hidden column that is neither an exact filter nor a form field";
      }
      if (c.detail) {
        EXPECT_NE(r->get_path, nullptr) << where << ": detail needs get_path";
      }
      if (c.json && c.json[0] == '^') {
        EXPECT_NE(r->explode, nullptr) << where;
      }
    }
    if (r->paging == Paging::MinMaxId) {
      int id_ranges = 0;
      for (const Column& c : r->columns) id_ranges += c.filter.kind == Filter::Kind::IdRange;
      EXPECT_EQ(id_ranges, 1) << r->table << ": minId/maxId paging needs its id column";
    }
    if (r->paging != Paging::None) {
      EXPECT_GT(r->page_size, 0) << r->table;
      EXPECT_LE(r->page_size, 100) << r->table;
    }
  }
}

TEST(Catalog, KeysCursorsAndParentKeysNameRealColumns) {
  for (const Resource* r : catalog()) {
    for (const char* k : r->key) {
      EXPECT_NE(find_column(*r, k), nullptr) << r->table << " key " << k;
    }
    for (const char* g : r->get_by) {
      EXPECT_NE(find_column(*r, g), nullptr) << r->table;
    }
    if (!r->get_by.empty()) {
      EXPECT_EQ(placeholders(r->get_path).size(), 1u) << r->table;
    }
    if (r->cursor) {
      const Column* c = find_column(*r, r->cursor);
      ASSERT_NE(c, nullptr) << r->table;
      EXPECT_EQ(c->filter.kind, Filter::Kind::Range) << r->table << ": cursor must be pushable";
    }
    if (r->parent_key) {
      EXPECT_NE(find_column(*r, r->parent_key), nullptr) << r->table;
      EXPECT_TRUE(list_placeholders(*r).count(r->parent_key)) << r->table;
    }
    // The module uses key[0] as the rowid and fills it back into UPDATE/DELETE paths, so
    // on writable tables it must be the object's own numeric id, read from the row.
    if (r->update.method || r->remove.method) {
      ASSERT_FALSE(r->key.empty()) << r->table;
      const Column* id = find_column(*r, r->key[0]);
      ASSERT_NE(id, nullptr) << r->table;
      EXPECT_EQ(id->type, Type::Integer) << r->table << " key " << id->name;
      EXPECT_TRUE(id->json != nullptr && id->json[0] != '^') << r->table << " key " << id->name;
    }
    if (!r->deleted_activity_types.empty()) {
      EXPECT_NE(r->deleted_key_json, nullptr) << r->table;
      EXPECT_FALSE(r->key.empty()) << r->table;
    }
    if (r->explode && r->single_object) {
      EXPECT_EQ(r->paging, Paging::None) << r->table;
    }
    EXPECT_GT(r->rows_estimate, 0) << r->table;
  }
}

TEST(Catalog, ParentQueriesYieldThePathColumns) {
  ShadowDb shadow;
  for (const Resource* r : catalog()) {
    std::set<std::string> wanted = list_placeholders(*r);
    if (wanted.empty()) {
      EXPECT_EQ(r->parent, nullptr) << r->table << ": a parent with nothing to fill";
      continue;
    }
    ASSERT_NE(r->parent, nullptr) << r->table << ": placeholders but no parent to fan out over";
    ASSERT_NE(r->parent_table, nullptr) << r->table;
    const Resource* parent = find_resource(r->parent_table);
    ASSERT_NE(parent, nullptr) << r->table << ": parent_table " << r->parent_table;
    EXPECT_NE(std::string_view(r->parent).find(std::string("\"") + parent->table + "\""),
              std::string_view::npos)
        << r->table << ": parent query does not read " << parent->table;
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(shadow.db, r->parent, -1, &stmt, nullptr), SQLITE_OK)
        << r->table << ": " << r->parent << ": " << sqlite3_errmsg(shadow.db);
    std::set<std::string> got;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) got.insert(sqlite3_column_name(stmt, i));
    sqlite3_finalize(stmt);
    EXPECT_EQ(got, wanted) << r->table << ": " << r->parent;
  }
}

TEST(Catalog, EveryResourceAndColumnIsDocumented) {
  for (const Resource* r : catalog()) {
    ASSERT_NE(r->doc, nullptr) << r->table;
    EXPECT_GT(std::string_view(r->doc).size(), 5u) << r->table;
    EXPECT_TRUE(std::string_view(r->path).starts_with("/api/v2/")) << r->table;
    for (const Column& c : r->columns) {
      ASSERT_NE(c.doc, nullptr) << r->table << "." << c.name;
      EXPECT_GT(std::string_view(c.doc).size(), 2u) << r->table << "." << c.name;
    }
  }
}

TEST(Catalog, TheModuleCompilesEveryDeclaration) {
  // compile() is what the virtual table runs at registration; it throws on bad references.
  for (const Resource* r : catalog()) {
    EXPECT_NO_THROW({
      CompiledResource c = compile(*r);
      EXPECT_EQ(c.columns.size(), r->columns.size());
    }) << r->table;
  }
}

TEST(Reference, DeclaredSchemaIsValidSqlWithHiddenInputs) {
  const std::string ddl = declare_sql(*find_resource("Issues"));
  EXPECT_TRUE(ddl.starts_with("CREATE TABLE \"Issues\"(\"Id\" INTEGER, ")) << ddl;
  EXPECT_NE(ddl.find("\"Keyword\" TEXT HIDDEN"), std::string::npos) << ddl;
  ShadowDb shadow;  // creates every declared table; fails on invalid SQL
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(shadow.db, "SELECT \"StatusName\", \"Keyword\" FROM \"Issues\"", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  sqlite3_finalize(stmt);
}

TEST(Reference, MarkdownListsEveryTableColumnAndPushdown) {
  const std::string md = markdown_reference();
  for (const Resource* r : catalog()) {
    EXPECT_NE(md.find(std::string("\n## ") + r->table + "\n"), std::string::npos) << r->table;
    for (const Column& c : r->columns) {
      EXPECT_NE(md.find(std::string("| `") + c.name + "` |"), std::string::npos)
          << r->table << "." << c.name;
    }
  }
  const std::string issues = table_reference(*find_resource("Issues"));
  EXPECT_NE(issues.find("| `ProjectId` | INTEGER | = / IN → `projectId[]` |"), std::string::npos)
      << issues;
  EXPECT_NE(issues.find("`updatedSince`"), std::string::npos);
  EXPECT_NE(issues.find("`sort=updated`"), std::string::npos);
  EXPECT_NE(issues.find("Incremental cursor: `Updated`"), std::string::npos);
  EXPECT_NE(issues.find("`PATCH /api/v2/issues/{Id}`"), std::string::npos);
  const std::string comments = table_reference(*find_resource("IssueComments"));
  EXPECT_NE(comments.find("| `IssueId` | INTEGER | = → path `{IssueId}`"), std::string::npos)
      << comments;
  EXPECT_EQ(pushdown_text(*find_resource("Issues"), column("Issues", "Description")), "");
}

}  // namespace
}  // namespace backlog::vtab
