// The SQLite destination's first-load path: a rollback journal for the load's one
// transaction (pages written once), WAL again afterwards, a fallback to WAL when another
// connection holds the file, the previous state after a kill -9 in the middle, and
// inserted/updated counts in tables with and without rowid.
#include <csignal>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "sinks/sqlite_sink.h"
#include "support/temp_dir.h"

namespace backlog::sinks {
namespace {

using Rows = std::vector<std::vector<Value>>;

Rows read_all(const std::string& file, const std::string& sql) {
  sqlite3* raw = nullptr;
  sqlite3_open(file.c_str(), &raw);
  SqliteDb db(raw);
  SqliteStmt s = prepare(db.get(), sql);
  Rows rows;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(s.get()); ++i) rows.back().push_back(column_value(s.get(), i));
  }
  return rows;
}

const TableName kTable{"", "Issues"};
const TableSpec kIssues{kTable, {{"Id", "INTEGER"}, {"Summary", "TEXT"}}, {"Id"}};

SinkBatch numbered(int64_t from, int64_t to, const std::string& text) {
  SinkBatch b({"Id", "Summary"});
  for (int64_t i = from; i < to; ++i) b.add_row({i, text + std::to_string(i)});
  return b;
}

class SqliteFullLoadTest : public ::testing::Test {
 protected:
  // A replica with 100 rows and a checkpoint, committed in WAL mode.
  void seed() {
    sink->begin();
    sink->ensure_table(kIssues);
    sink->upsert(kTable, {"Id"}, numbered(0, 100, "old "));
    sink->write_checkpoint(kTable, Checkpoint{.target = "Issues", .cursor = "old"});
    sink->commit();
  }
  std::string journal_mode() { return std::get<std::string>(read_all(path, "PRAGMA journal_mode")[0][0]); }

  testing::TempDir dir;
  std::string path = dir.file("out.db");
  std::unique_ptr<SqliteSink> sink = SqliteSink::open(path);
};

TEST_F(SqliteFullLoadTest, FirstLoadUsesARollbackJournalThenWalAgain) {
  seed();
  sink->expect_full_load(kTable);
  sink->begin();
  EXPECT_EQ(journal_mode(), "delete");  // as another connection sees the file now
  EXPECT_EQ(sink->delete_rows(kTable, {}), 100);
  auto n = sink->upsert(kTable, {"Id"}, numbered(0, 5000, "new "));
  EXPECT_EQ(n.inserted, 5000);
  EXPECT_EQ(n.updated, 0);
  sink->commit();
  EXPECT_EQ(journal_mode(), "wal");
  EXPECT_FALSE(std::filesystem::exists(path + "-journal"));
  EXPECT_EQ(read_all(path, "SELECT count(*), min(Summary) FROM Issues"), (Rows{{int64_t{5000}, "new 0"}}));
  // Later (incremental) transactions stay in WAL.
  sink->begin();
  sink->upsert(kTable, {"Id"}, numbered(0, 1, "changed "));
  sink->commit();
  EXPECT_EQ(journal_mode(), "wal");
}

TEST_F(SqliteFullLoadTest, AnotherConnectionKeepsTheLoadInWal) {
  seed();
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  SqliteDb reader(raw);
  exec(reader.get(), "SELECT count(*) FROM Issues");  // the reader holds the file open
  sink->expect_full_load(kTable);
  sink->begin();
  EXPECT_EQ(sink->delete_rows(kTable, {}), 100);
  EXPECT_EQ(sink->upsert(kTable, {"Id"}, numbered(0, 300, "new ")).inserted, 300);
  sink->commit();
  EXPECT_EQ(journal_mode(), "wal");
  SqliteStmt count = prepare(reader.get(), "SELECT count(*) FROM Issues");
  ASSERT_EQ(sqlite3_step(count.get()), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(count.get(), 0), 300);
}

TEST_F(SqliteFullLoadTest, RollbackOfAFirstLoadLeavesThePreviousState) {
  seed();
  sink->expect_full_load(kTable);
  sink->begin();
  sink->delete_rows(kTable, {});
  sink->upsert(kTable, {"Id"}, numbered(0, 3000, "new "));
  sink->rollback();
  EXPECT_EQ(journal_mode(), "wal");
  EXPECT_EQ(read_all(path, "SELECT count(*), min(Summary) FROM Issues"), (Rows{{int64_t{100}, "old 0"}}));
}

TEST_F(SqliteFullLoadTest, KillDashNineInTheMiddleLeavesThePreviousState) {
  seed();
  sink.reset();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto child = SqliteSink::open(path);
    child->expect_full_load(kTable);
    child->begin();
    child->delete_rows(kTable, {});
    // Enough rows to spill pages to the file before the commit.
    for (int64_t i = 0; i < 20; ++i) child->upsert(kTable, {"Id"}, numbered(i * 5000, (i + 1) * 5000, "new "));
    child->write_checkpoint(kTable, Checkpoint{.target = "Issues", .cursor = "new"});
    char c = 'x';
    if (write(fds[1], &c, 1) != 1) _exit(3);
    for (;;) pause();  // killed here, inside the transaction
  }
  close(fds[1]);
  char c = 0;
  ASSERT_EQ(read(fds[0], &c, 1), 1);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The next opener rolls the hot journal back: the old rows and checkpoint, WAL again.
  sink = SqliteSink::open(path);
  EXPECT_EQ(journal_mode(), "wal");
  EXPECT_EQ(read_all(path, "SELECT count(*), min(Summary) FROM Issues"), (Rows{{int64_t{100}, "old 0"}}));
  EXPECT_EQ(sink->read_checkpoint(kTable)->cursor, "old");
  EXPECT_EQ(read_all(path, "PRAGMA integrity_check"), (Rows{{"ok"}}));
}

TEST_F(SqliteFullLoadTest, CountsInsertsAndUpdatesWithAndWithoutRowid) {
  exec(sink->handle(), "CREATE TABLE W (Id INTEGER, Summary TEXT, PRIMARY KEY (Id)) WITHOUT ROWID;"
                       "CREATE TABLE K (Key TEXT PRIMARY KEY, Summary TEXT);");
  for (const char* table : {"Issues", "W"}) {
    TableName t{"", table};
    sink->begin();
    sink->ensure_table({t, kIssues.columns, {"Id"}});
    auto first = sink->upsert(t, {"Id"}, numbered(0, 10, "a "));
    EXPECT_EQ(first.inserted, 10) << table;
    SinkBatch mixed({"Id", "Summary"});
    mixed.add_row({int64_t{3}, "a 3"});        // identical: neither
    mixed.add_row({int64_t{4}, "changed"});    // updated
    mixed.add_row({int64_t{10}, "a 10"});      // inserted
    auto second = sink->upsert(t, {"Id"}, mixed);
    EXPECT_EQ(second.inserted, 1) << table;
    EXPECT_EQ(second.updated, 1) << table;
    sink->commit();
  }
  SinkBatch keyed({"Key", "Summary"});
  keyed.add_row({"PRJ-1", "x"});
  keyed.add_row({"PRJ-1", "y"});  // the same key again in one batch: an update
  sink->begin();
  auto n = sink->upsert({"", "K"}, {"Key"}, keyed);
  sink->commit();
  EXPECT_EQ(n.inserted, 1);
  EXPECT_EQ(n.updated, 1);
}

}  // namespace
}  // namespace backlog::sinks
