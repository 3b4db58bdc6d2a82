// End to end into PostgreSQL: Backlog tables from a backlog-emulator (through api/ and
// vtab/) replicated by the engine into a fresh database on the run's PostgreSQL server
// (fixture postgres_server); changes made through the emulator's write endpoints; after
// every run the destination is compared with the source row by row, column by column
// (support/emulator_source.h).
#include <memory>

#include <gtest/gtest.h>

#include "engine/session.h"
#include "sinks/postgres_sink.h"
#include "support/emulator_source.h"
#include "support/postgres_server.h"

namespace backlog::engine {
namespace {

using testing::EmulatorProcess;
using testing::postgres_fresh_database;
using testing::postgres_query;
using testing::postgres_scalar;

using testing::EmulatorSource;

ScriptResult replicate(EmulatorSource& src, const std::string& uri, const std::string& script) {
  return testing::replicate(src, sinks::PostgresSink::open(uri), script);
}

// The shared row-by-row comparison, read through a new PostgresSink on `uri`.
int64_t expect_same_as_source(EmulatorSource& src, const std::string& uri, const sinks::TableName& target,
                              const std::string& select) {
  auto sink = sinks::PostgresSink::open(uri);
  return testing::expect_same_as_source(src, *sink, target, select);
}

class PostgresReplicateTest : public ::testing::Test {
 protected:
  EmulatorProcess emu{{"--issues", "40", "--projects", "2", "--wikis", "3", "--comments-per-issue", "2"}};
  std::string uri = postgres_fresh_database();

  httplib::Result send(const std::string& method, const std::string& path, const httplib::Params& form) {
    return testing::emulator_send(emu, method, path, form);
  }
  std::string scalar(const std::string& sql) { return postgres_scalar(uri, "SET TimeZone = 'UTC'; " + sql); }
};

TEST_F(PostgresReplicateTest, FirstLoadThenIncrementalEditAndDeleteEqualTheSource) {
  EmulatorSource src(emu);
  auto first = replicate(src, uri, "REPLICATE Issues;");
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(first.summaries[0].inserted, 40);
  EXPECT_EQ(first.summaries[0].destination.rfind("postgresql://postgres@127.0.0.1:", 0), 0u);
  EXPECT_EQ(expect_same_as_source(src, uri, {"", "Issues"}, "SELECT * FROM Issues"), 40);

  // Real PostgreSQL types, queryable as such.
  auto types = postgres_query(uri,
                              "SELECT column_name, data_type FROM information_schema.columns WHERE "
                              "table_name = 'Issues' AND column_name IN ('Id', 'Created', 'DueDate', "
                              "'CustomFields', 'Summary') ORDER BY column_name");
  std::vector<std::string> got;
  for (auto& r : types) got.push_back(*r[0] + " " + *r[1]);
  EXPECT_EQ(got, (std::vector<std::string>{"Created timestamp with time zone", "CustomFields jsonb",
                                           "DueDate date", "Id bigint", "Summary text"}));
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\" WHERE jsonb_typeof(\"CustomFields\") = 'array'"), "40");
  EXPECT_EQ(scalar("SELECT target FROM \"_backlogsql_checkpoints\""), "Issues");

  // Changes through the API: edit, delete, create.
  auto edit = send("PATCH", "/issues/5", {{"summary", "編集しました 🎉"}});
  ASSERT_TRUE(edit && edit->status == 200);
  auto gone = send("DELETE", "/issues/9", {});
  ASSERT_TRUE(gone && gone->status == 200);
  auto added = send("POST", "/issues", {{"projectId", "1"}, {"summary", "brand new"},
                                        {"issueTypeId", "1"}, {"priorityId", "3"}});
  ASSERT_TRUE(added && added->status == 201) << (added ? added->body : "no answer");

  auto second = replicate(src, uri, "REPLICATE Issues;");
  ASSERT_TRUE(second.ok) << second.error;
  const auto& s = second.summaries[0];
  EXPECT_EQ(s.mode, "incremental (cursor)");
  EXPECT_EQ(s.inserted, 1);
  EXPECT_GE(s.updated, 1);
  EXPECT_EQ(s.deleted, 1);
  EXPECT_EQ(expect_same_as_source(src, uri, {"", "Issues"}, "SELECT * FROM Issues"), 40);
  EXPECT_EQ(scalar("SELECT \"Summary\" FROM \"Issues\" WHERE \"Id\" = 5"), "編集しました 🎉");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\" WHERE \"Id\" = 9"), "0");

  // Nothing changed: a third run writes nothing.
  auto third = replicate(src, uri, "REPLICATE Issues;");
  ASSERT_TRUE(third.ok) << third.error;
  EXPECT_EQ(third.summaries[0].inserted, 0);
  EXPECT_EQ(third.summaries[0].updated, 0);
  EXPECT_EQ(third.summaries[0].deleted, 0);
}

TEST_F(PostgresReplicateTest, SchemaTargetsAndChildTables) {
  EmulatorSource src(emu);
  auto first = replicate(src, uri, "REPLICATE PROD.Issues SELECT * FROM Issues;\nREPLICATE IssueComments;");
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(expect_same_as_source(src, uri, {"PROD", "Issues"}, "SELECT * FROM Issues"), 40);
  int64_t comments = expect_same_as_source(src, uri, {"", "IssueComments"}, "SELECT * FROM IssueComments");
  EXPECT_GE(comments, 80);
  EXPECT_EQ(scalar("SELECT target FROM \"PROD\".\"_backlogsql_checkpoints\""), "PROD.Issues");
  EXPECT_EQ(scalar("SELECT target FROM \"_backlogsql_checkpoints\""), "IssueComments");

  auto comment = send("POST", "/issues/7/comments", {{"content", "a new comment"}});
  ASSERT_TRUE(comment && comment->status == 201);
  auto second = replicate(src, uri, "REPLICATE PROD.Issues SELECT * FROM Issues;\nREPLICATE IssueComments;");
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.summaries[1].mode, "incremental (children of changed parents)");
  EXPECT_EQ(second.summaries[1].inserted, 1);
  EXPECT_EQ(expect_same_as_source(src, uri, {"", "IssueComments"}, "SELECT * FROM IssueComments"), comments + 1);
}

// WikiPages compares each page's Updated with the replica's (lookup) and fetches only the
// changed ones: the timestamps read back from PostgreSQL must equal what Backlog sent.
TEST_F(PostgresReplicateTest, ChangedUpdatedComparisonAndCheckCacheRepair) {
  EmulatorSource src(emu);
  auto first = replicate(src, uri, "REPLICATE WikiPages;");
  ASSERT_TRUE(first.ok) << first.error;
  int64_t pages = first.summaries[0].inserted;
  EXPECT_GT(pages, 1);
  auto edit = send("PATCH", "/wikis/1", {{"content", "new wiki text"}});
  ASSERT_TRUE(edit && edit->status == 200) << (edit ? edit->body : "no answer");
  auto second = replicate(src, uri, "REPLICATE WikiPages;");
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.summaries[0].mode, "incremental (changed Updated)");
  EXPECT_EQ(second.summaries[0].rows_read, 1);
  EXPECT_EQ(second.summaries[0].updated, 1);
  expect_same_as_source(src, uri, {"", "WikiPages"}, "SELECT * FROM WikiPages");

  // Drift behind REPLICATE's back, found by CHECKCACHE (its values compared with the
  // source's by same_value: timestamps must read back exactly).
  auto check = replicate(src, uri,
                         "REPLICATE WikiNames SELECT Id, ProjectId, Name, Created, Updated FROM WikiPages;");
  ASSERT_TRUE(check.ok) << check.error;
  postgres_query(uri, "UPDATE \"WikiNames\" SET \"Name\" = 'tampered' WHERE \"Id\" = 2;"
                      "DELETE FROM \"WikiNames\" WHERE \"Id\" = 3");
  auto repair = replicate(src, uri, "CHECKCACHE WikiNames AGAINST WikiPages WITH REPAIR;");
  ASSERT_TRUE(repair.ok) << repair.error;
  EXPECT_EQ(repair.summaries[0].stale, 1);  // timestamps compared equal: only the tampered row
  EXPECT_EQ(repair.summaries[0].missing, 1);
  auto clean = replicate(src, uri, "CHECKCACHE WikiNames AGAINST WikiPages;");
  ASSERT_TRUE(clean.ok) << clean.error;
  EXPECT_EQ(clean.summaries[0].stale, 0);
  EXPECT_EQ(clean.summaries[0].missing, 0);
  EXPECT_EQ(clean.summaries[0].extra, 0);
  expect_same_as_source(src, uri, {"", "WikiNames"}, "SELECT Id, ProjectId, Name, Created, Updated FROM WikiPages");
}

}  // namespace
}  // namespace backlog::engine
