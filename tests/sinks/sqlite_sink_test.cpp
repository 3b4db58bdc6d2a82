// The SQLite destination against real files: shape, upserts, deletes by staged key sets,
// checkpoints, schema files, quoting and binding.
#include "sinks/sqlite_sink.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace backlog::sinks {
namespace {

// Reads a whole table with a separate connection, the way a user's tool would.
std::vector<std::vector<Value>> read_all(const std::string& file, const std::string& sql) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  SqliteDb db(raw);
  SqliteStmt s = prepare(db.get(), sql);
  std::vector<std::vector<Value>> rows;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    std::vector<Value> row;
    for (int i = 0; i < sqlite3_column_count(s.get()); ++i) row.push_back(column_value(s.get(), i));
    rows.push_back(std::move(row));
  }
  return rows;
}

SinkBatch issues(std::vector<std::vector<Value>> rows) {
  SinkBatch b({"Id", "Summary", "Hours"});
  for (auto& r : rows) b.add_row(std::move(r));
  return b;
}

const TableSpec kIssues{{"", "Issues"},
                        {{"Id", "INTEGER"}, {"Summary", "TEXT"}, {"Hours", "REAL"}},
                        {"Id"}};

class SqliteSinkTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::string path = dir.file("out.db");
  std::unique_ptr<SqliteSink> sink = SqliteSink::open(path);
};

TEST_F(SqliteSinkTest, CreatesTableWithDeclaredTypesAndKey) {
  sink->begin();
  sink->ensure_table({{"", "T"},
                      {{"Id", "INTEGER"}, {"At", "TIMESTAMP"}, {"Day", "DATE"}, {"Ok", "BOOLEAN"},
                       {"Data", "JSON"}},
                      {"Id"}});
  sink->commit();
  auto spec = sink->describe_table({"", "T"});
  ASSERT_TRUE(spec);
  ASSERT_EQ(spec->columns.size(), 5u);
  EXPECT_EQ(spec->columns[1].type, "TIMESTAMP");
  EXPECT_EQ(spec->columns[4].type, "JSON");
  EXPECT_EQ(spec->keys, std::vector<std::string>{"Id"});
  EXPECT_FALSE(sink->describe_table({"", "Missing"}));
  auto journal = read_all(path, "PRAGMA journal_mode");
  EXPECT_EQ(std::get<std::string>(journal[0][0]), "wal");
}

TEST_F(SqliteSinkTest, UpsertInsertsUpdatesAndCountsOnlyRealChanges) {
  sink->begin();
  sink->ensure_table(kIssues);
  auto c1 = sink->upsert(kIssues.name, {"Id"},
                         issues({{int64_t{1}, "one", 1.5}, {int64_t{2}, "two", std::monostate{}}}));
  EXPECT_EQ(c1.inserted, 2);
  EXPECT_EQ(c1.updated, 0);
  auto c2 = sink->upsert(kIssues.name, {"Id"},
                         issues({{int64_t{1}, "one", 1.5}, {int64_t{2}, "TWO", 3.0}, {int64_t{3}, "three", 0.0}}));
  EXPECT_EQ(c2.inserted, 1);
  EXPECT_EQ(c2.updated, 1);  // row 1 is identical
  sink->commit();
  auto rows = read_all(path, "SELECT Id, Summary, Hours FROM Issues ORDER BY Id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], Value{"TWO"});
  EXPECT_EQ(rows[1][2], Value{3.0});
}

TEST_F(SqliteSinkTest, RollbackLeavesNothing) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  sink->commit();
  sink->begin();
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "two", 1.0}}));
  sink->write_checkpoint(kIssues.name, {.target = "Issues", .cursor = "2024-01-01"});
  sink->rollback();
  EXPECT_EQ(read_all(path, "SELECT count(*) FROM Issues")[0][0], Value{int64_t{1}});
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
}

TEST_F(SqliteSinkTest, DeletesByStagedKeySets) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"},
               issues({{int64_t{1}, "a", 1.0}, {int64_t{2}, "b", 1.0}, {int64_t{3}, "c", 1.0},
                       {int64_t{4}, "d", 1.0}}));
  SinkBatch seen({"Id"});
  seen.add_row({int64_t{1}});
  seen.add_row({int64_t{3}});
  sink->stage("seen", seen);
  SinkBatch changed({"Id"});
  changed.add_row({int64_t{2}});
  changed.add_row({int64_t{3}});
  sink->stage("changed", changed);
  // Changed but not seen again → delete 2 only.
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"changed", {"Id"}},
                                            .not_in = StagedSetRef{"seen", {"Id"}}}),
            1);
  EXPECT_EQ(sink->delete_rows(kIssues.name, {.in = StagedSetRef{"changed", {"Id"}},
                                             .not_in = StagedSetRef{"seen", {"Id"}}}),
            1);
  // Not seen → delete 4 (2 is gone already).
  EXPECT_EQ(sink->delete_rows(kIssues.name, {.not_in = StagedSetRef{"seen", {"Id"}}}), 1);
  sink->clear_stage("seen");
  sink->clear_stage("changed");
  sink->commit();
  auto rows = read_all(path, "SELECT Id FROM Issues ORDER BY Id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], Value{int64_t{1}});
  EXPECT_EQ(rows[1][0], Value{int64_t{3}});
}

TEST_F(SqliteSinkTest, RangeFilterAndCompositeKeys) {
  TableSpec spec{{"", "C"}, {{"IssueId", "INTEGER"}, {"Id", "INTEGER"}, {"At", "TIMESTAMP"}}, {"IssueId", "Id"}};
  sink->begin();
  sink->ensure_table(spec);
  SinkBatch b({"IssueId", "Id", "At"});
  b.add_row({int64_t{1}, int64_t{1}, "2024-01-01T00:00:00Z"});
  b.add_row({int64_t{1}, int64_t{2}, "2024-02-01T00:00:00Z"});
  b.add_row({int64_t{2}, int64_t{1}, "2024-03-01T00:00:00Z"});
  EXPECT_EQ(sink->upsert(spec.name, spec.keys, b).inserted, 3);
  EXPECT_EQ(sink->count_rows(spec.name, {.range_column = "At", .range_from = "2024-01-15",
                                         .range_to = "2024-03-01"}),
            1);
  SinkBatch keep({"IssueId", "Id"});
  keep.add_row({int64_t{1}, int64_t{2}});
  sink->stage("keep", keep);
  EXPECT_EQ(sink->delete_rows(spec.name, {.not_in = StagedSetRef{"keep", {"IssueId", "Id"}}}), 2);
  auto got = sink->lookup(spec.name, spec.keys, std::vector<Value>{int64_t{1}, int64_t{2}}, {"At"});
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)[0], Value{"2024-02-01T00:00:00Z"});
  EXPECT_FALSE(sink->lookup(spec.name, spec.keys, std::vector<Value>{int64_t{2}, int64_t{1}}, {"At"}));
  sink->commit();
}

TEST_F(SqliteSinkTest, CheckpointRoundTripInSameTransaction) {
  sink->begin();
  sink->ensure_table(kIssues);
  Checkpoint c{"Issues", "Issues", "h1", "2024-05-06T07:08:09Z", 42, "", "2024-05-07T00:00:00Z", 10};
  sink->write_checkpoint(kIssues.name, c);
  sink->commit();
  auto got = sink->read_checkpoint(kIssues.name);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->cursor, "2024-05-06T07:08:09Z");
  EXPECT_EQ(got->activity_id, 42);
  EXPECT_EQ(got->select_hash, "h1");
  EXPECT_EQ(got->rows, 10);
  sink->begin();
  sink->delete_checkpoint(kIssues.name);
  sink->commit();
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
}

TEST_F(SqliteSinkTest, SchemaGoesToAttachedFileBesideDestination) {
  EXPECT_EQ(SqliteSink::schema_file("/d/out.db", "PROD"), "/d/out.PROD.db");
  sink->prepare_schema("PROD");
  sink->begin();
  TableSpec spec = kIssues;
  spec.name = {"PROD", "Issues"};
  sink->ensure_table(spec);
  sink->upsert(spec.name, {"Id"}, issues({{int64_t{7}, "seven", 7.0}}));
  sink->write_checkpoint(spec.name, {.target = "PROD.Issues", .cursor = "x"});
  sink->commit();
  std::string file = dir.file("out.PROD.db");
  ASSERT_TRUE(std::filesystem::exists(file));
  // A plain connection to the schema file sees the table and its own checkpoint row.
  EXPECT_EQ(read_all(file, "SELECT Summary FROM Issues")[0][0], Value{"seven"});
  EXPECT_EQ(read_all(file, "SELECT target FROM _backlogsql_checkpoints")[0][0], Value{"PROD.Issues"});
  EXPECT_TRUE(read_all(path, "SELECT name FROM sqlite_master WHERE name='Issues'").empty());
  // The stock CLI opens it too.
  if (std::system("command -v sqlite3 >/dev/null 2>&1") == 0) {
    std::string cmd = "sqlite3 '" + file + "' 'SELECT count(*) FROM Issues' >/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  }
}

TEST_F(SqliteSinkTest, WeirdIdentifiersAreQuotedAndValuesBound) {
  TableSpec spec{{"", "we\"ird; table"}, {{"a\"b", "TEXT"}, {"select", "TEXT"}}, {"a\"b"}};
  sink->begin();
  sink->ensure_table(spec);
  SinkBatch b({"a\"b", "select"});
  b.add_row({"k'1", "'); DROP TABLE x; --"});
  sink->upsert(spec.name, spec.keys, b);
  sink->add_column(spec.name, {"new\"col", "INTEGER"});
  sink->commit();
  auto rows = read_all(path, "SELECT \"a\"\"b\", \"select\", \"new\"\"col\" FROM \"we\"\"ird; table\"");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], Value{"k'1"});
  EXPECT_EQ(rows[0][1], Value{"'); DROP TABLE x; --"});
  EXPECT_EQ(rows[0][2], Value{std::monostate{}});
}

TEST_F(SqliteSinkTest, DropAndTruncate) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "a", 1.0}}));
  sink->truncate_table(kIssues.name);
  EXPECT_EQ(sink->count_rows(kIssues.name, {}), 0);
  sink->drop_table(kIssues.name);
  sink->commit();
  EXPECT_FALSE(sink->describe_table(kIssues.name));
}

TEST_F(SqliteSinkTest, ErrorsNameTheTable) {
  sink->begin();
  try {
    sink->upsert({"", "Nope"}, {"Id"}, issues({{int64_t{1}, "a", 1.0}}));
    FAIL() << "expected an error";
  } catch (const SinkError& e) {
    EXPECT_NE(std::string(e.what()).find("table Nope"), std::string::npos) << e.what();
  }
  sink->rollback();
}

TEST(SameValue, ComparesLikeAReplica) {
  EXPECT_TRUE(same_value(int64_t{1}, 1.0));
  EXPECT_TRUE(same_value(int64_t{12}, std::string("12")));
  EXPECT_FALSE(same_value(std::monostate{}, std::string("")));
  EXPECT_FALSE(same_value(std::string("a"), std::string("b")));
  EXPECT_TRUE(same_value(std::monostate{}, std::monostate{}));
}

}  // namespace
}  // namespace backlog::sinks
