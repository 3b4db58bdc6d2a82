// The PostgreSQL destination against a real server (the run's `postgres_server` fixture,
// one fresh database per test): shape and types, upsert counts, staged deletes, schemas,
// checkpoints and their atomicity, test() and its reasons, and that no password ever
// reaches a message.
#include "sinks/postgres_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sinks/sink_uri.h"
#include "support/postgres_server.h"

namespace backlog::sinks {
namespace {

using backlog::testing::postgres_fresh_database;
using backlog::testing::postgres_query;
using backlog::testing::postgres_scalar;
using backlog::testing::postgres_uri_for;
using backlog::testing::PgRows;

const TableSpec kIssues{{"", "Issues"},
                        {{"Id", "INTEGER"}, {"Summary", "TEXT"}, {"Hours", "REAL"}},
                        {"Id"}};

SinkBatch issues(std::vector<std::vector<Value>> rows) {
  SinkBatch b({"Id", "Summary", "Hours"});
  for (auto& r : rows) b.add_row(std::move(r));
  return b;
}

SinkBatch keys_batch(const std::string& column, std::vector<int64_t> ids) {
  SinkBatch b({column});
  for (int64_t id : ids) b.add_row({id});
  return b;
}

// A loopback port nobody listens on: bound once by us, then released.
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// The text of the SinkError `f` throws ("" if it throws none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const SinkError& e) {
    return e.what();
  }
  return "";
}

class PostgresSinkTest : public ::testing::Test {
 protected:
  std::string uri = postgres_fresh_database();
  std::unique_ptr<PostgresSink> sink = PostgresSink::open(uri);

  // Another connection, as a user's tool would read the data (UTC for timestamps).
  PgRows query(const std::string& sql) { return postgres_query(uri, "SET TimeZone = 'UTC'; " + sql); }
  std::string scalar(const std::string& sql) {
    return postgres_scalar(uri, "SET TimeZone = 'UTC'; " + sql);
  }
  // A role that must log in with `password` (pg_hba: members of pw_users use scram-sha-256).
  std::string password_role(const std::string& password) {
    std::string role = "pw_" + scalar("SELECT current_database()");
    query("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + password + "' IN ROLE pw_users");
    return role;
  }
  std::string port() { return scalar("SELECT setting FROM pg_settings WHERE name = 'port'"); }
};

TEST_F(PostgresSinkTest, CreatesTablesWithPostgresTypesAndDescribesDeclaredOnes) {
  TableSpec spec{{"", "T"},
                 {{"Id", "INTEGER"}, {"Hours", "REAL"}, {"Name", "TEXT"}, {"Code", "VARCHAR(20)"},
                  {"Ok", "BOOLEAN"}, {"At", "TIMESTAMP"}, {"Day", "DATE"}, {"Data", "JSON"},
                  {"Odd", "GEOMETRY"}, {"Untyped", ""}, {"IssueKey", "TEXT"}},
                 {"IssueKey", "Id"}};
  sink->begin();
  sink->ensure_table(spec);
  sink->commit();
  auto types = query(
      "SELECT column_name, data_type FROM information_schema.columns "
      "WHERE table_name = 'T' ORDER BY ordinal_position");
  std::vector<std::string> got;
  for (auto& r : types) got.push_back(*r[0] + " " + *r[1]);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "Id bigint", "Hours double precision", "Name text", "Code text", "Ok boolean",
                     "At timestamp with time zone", "Day date", "Data jsonb", "Odd text",
                     "Untyped text", "IssueKey text"}));
  auto described = sink->describe_table({"", "T"});
  ASSERT_TRUE(described);
  ASSERT_EQ(described->columns.size(), spec.columns.size());
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    EXPECT_EQ(described->columns[i].name, spec.columns[i].name);
    EXPECT_EQ(described->columns[i].type, spec.columns[i].type) << spec.columns[i].name;
  }
  EXPECT_EQ(described->keys, spec.keys);  // primary key order, not column order
  EXPECT_FALSE(sink->describe_table({"", "Missing"}));
  EXPECT_FALSE(sink->describe_table({"", "t"}));  // names are exact: "T" is not "t"
  // An existing table is left as it is.
  sink->ensure_table({{"", "T"}, {{"Other", "TEXT"}}, {}});
  EXPECT_EQ(sink->describe_table({"", "T"})->columns.size(), spec.columns.size());
}

TEST_F(PostgresSinkTest, TablesMadeByOthersAreDescribedFromTheirTypes) {
  query("CREATE TABLE \"Ext\" (id integer PRIMARY KEY, v varchar(5), at timestamptz, j json, n numeric)");
  auto d = sink->describe_table({"", "Ext"});
  ASSERT_TRUE(d);
  std::vector<std::string> types;
  for (auto& c : d->columns) types.push_back(c.type);
  EXPECT_EQ(types, (std::vector<std::string>{"INTEGER", "TEXT", "TIMESTAMP", "JSON", "NUMERIC"}));
  EXPECT_EQ(d->keys, std::vector<std::string>{"id"});
}

TEST_F(PostgresSinkTest, UpsertInsertsUpdatesAndCountsOnlyRealChanges) {
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
  // NULL → NULL is no change; a value → NULL is one.
  auto c3 = sink->upsert(kIssues.name, {"Id"},
                         issues({{int64_t{2}, "TWO", 3.0}, {int64_t{3}, "three", std::monostate{}}}));
  EXPECT_EQ(c3.inserted, 0);
  EXPECT_EQ(c3.updated, 1);
  // A key twice in one batch: the last row wins.
  auto c4 = sink->upsert(kIssues.name, {"Id"},
                         issues({{int64_t{4}, "first", 1.0}, {int64_t{4}, "last", 2.0}}));
  EXPECT_EQ(c4.inserted, 1);
  sink->commit();
  auto rows = query("SELECT \"Id\", \"Summary\", \"Hours\" FROM \"Issues\" ORDER BY \"Id\"");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1][1], "TWO");
  EXPECT_EQ(rows[1][2], "3");
  EXPECT_EQ(rows[2][2], std::nullopt);
  EXPECT_EQ(rows[3][1], "last");
}

TEST_F(PostgresSinkTest, UpsertWithoutKeysInsertsAndKeyOnlyTablesIgnoreRepeats) {
  sink->begin();
  sink->ensure_table({{"", "Log"}, {{"Id", "INTEGER"}, {"Summary", "TEXT"}, {"Hours", "REAL"}}, {}});
  auto plain = sink->upsert({"", "Log"}, {}, issues({{int64_t{1}, "a", 1.0}, {int64_t{1}, "a", 1.0}}));
  EXPECT_EQ(plain.inserted, 2);
  sink->ensure_table({{"", "Stars"}, {{"IssueId", "INTEGER"}, {"UserId", "INTEGER"}}, {"IssueId", "UserId"}});
  SinkBatch stars({"IssueId", "UserId"});
  stars.add_row({int64_t{1}, int64_t{2}});
  EXPECT_EQ(sink->upsert({"", "Stars"}, {"IssueId", "UserId"}, stars).inserted, 1);
  auto again = sink->upsert({"", "Stars"}, {"IssueId", "UserId"}, stars);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  sink->commit();
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Log\""), "2");
}

TEST_F(PostgresSinkTest, ValuesRoundTripAndReadBackEqualToWhatTheSourceSent) {
  TableSpec spec{{"", "V"},
                 {{"Id", "INTEGER"}, {"Summary", "TEXT"}, {"Hours", "REAL"}, {"Ok", "BOOLEAN"},
                  {"Created", "TIMESTAMP"}, {"DueDate", "DATE"}, {"Data", "JSON"}, {"Big", "INTEGER"}},
                 {"Id"}};
  std::string long_text(1 << 20, 'x');
  long_text += "\tend\\of\nthe\r\ntext";
  std::string japanese = "課題の概要 🎉 絵文字 ✅";
  std::vector<std::vector<Value>> rows = {
      {int64_t{1}, japanese, 0.1, int64_t{1}, "2024-05-20T01:02:03Z", "2024-05-20T00:00:00Z",
       "[{\"id\":1,\"name\":\"カテゴリ\"}]", int64_t{9007199254740993}},
      {int64_t{2}, long_text, -1.5e300, int64_t{0}, "1999-12-31T23:59:59Z", "2000-02-29T00:00:00Z", "[]",
       int64_t{-1}},
      {int64_t{3}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
       std::monostate{}, std::monostate{}, std::monostate{}},
      {int64_t{4}, "", 2.0, int64_t{1}, "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z", "{\"a\":null}",
       int64_t{0}},
  };
  SinkBatch batch({"Id", "Summary", "Hours", "Ok", "Created", "DueDate", "Data", "Big"});
  for (auto r : rows) batch.add_row(std::move(r));
  sink->begin();
  sink->ensure_table(spec);
  EXPECT_EQ(sink->upsert(spec.name, {"Id"}, batch).inserted, 4);
  sink->commit();

  // As stored: real types a user can query.
  EXPECT_EQ(scalar("SELECT \"Summary\" FROM \"V\" WHERE \"Id\" = 1"), japanese);
  EXPECT_EQ(scalar("SELECT \"Summary\" FROM \"V\" WHERE \"Id\" = 2"), long_text);
  EXPECT_EQ(scalar("SELECT \"Summary\" IS NULL AND \"Data\" IS NULL AND \"Ok\" IS NULL FROM \"V\" WHERE \"Id\" = 3"), "t");
  EXPECT_EQ(scalar("SELECT \"Summary\" FROM \"V\" WHERE \"Id\" = 4"), "");  // empty, not NULL
  EXPECT_EQ(scalar("SELECT \"DueDate\"::text FROM \"V\" WHERE \"Id\" = 1"), "2024-05-20");
  EXPECT_EQ(scalar("SELECT \"Created\"::text FROM \"V\" WHERE \"Id\" = 1"), "2024-05-20 01:02:03+00");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"V\" WHERE \"Created\" < '2024-05-20T01:02:04Z'"), "3");
  EXPECT_EQ(scalar("SELECT \"Ok\"::text FROM \"V\" WHERE \"Id\" = 1"), "true");
  EXPECT_EQ(scalar("SELECT \"Data\"->0->>'name' FROM \"V\" WHERE \"Id\" = 1"), "カテゴリ");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"V\" WHERE \"Data\" @> '[{\"id\": 1}]'"), "1");
  EXPECT_EQ(scalar("SELECT jsonb_array_length(\"Data\") FROM \"V\" WHERE \"Id\" = 2"), "0");
  EXPECT_EQ(scalar("SELECT \"Big\" FROM \"V\" WHERE \"Id\" = 1"), "9007199254740993");

  // Read back through lookup: equal (same_value) to what was sent, JSON as jsonb writes it.
  std::vector<std::string> all = batch.columns();
  for (size_t r = 0; r < batch.size(); ++r) {
    auto sent = batch.row(r);
    auto got = sink->lookup(spec.name, {"Id"}, sent.subspan(0, 1), all);
    ASSERT_TRUE(got) << r;
    for (size_t c = 0; c < all.size(); ++c) {
      if (all[c] == "Data") continue;
      EXPECT_TRUE(same_value(sent[c], (*got)[c]))
          << all[c] << ": sent " << to_display(sent[c]).substr(0, 80) << ", got "
          << to_display((*got)[c]).substr(0, 80);
      EXPECT_EQ(sent[c].index(), (*got)[c].index()) << all[c] << " row " << r;
    }
  }
  auto data = sink->lookup(spec.name, {"Id"}, std::vector<Value>{int64_t{1}}, {"Data"});
  EXPECT_EQ((*data)[0], Value{"[{\"id\": 1, \"name\": \"カテゴリ\"}]"});
  data = sink->lookup(spec.name, {"Id"}, std::vector<Value>{int64_t{2}}, {"Data"});
  EXPECT_EQ((*data)[0], Value{"[]"});
  EXPECT_FALSE(sink->lookup(spec.name, {"Id"}, std::vector<Value>{int64_t{99}}, {"Summary"}));
  // A key sent as text finds the integer key (the engine's values may come either way).
  EXPECT_TRUE(sink->lookup(spec.name, {"Id"}, std::vector<Value>{std::string("4")}, {"Summary"}));

  // Same rows again: nothing changes (dates, timestamps and JSON compare as values).
  sink->begin();
  auto again = sink->upsert(spec.name, {"Id"}, batch);
  sink->commit();
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
}

TEST_F(PostgresSinkTest, FractionalSecondsAndOffsetsComeBackInUtc) {
  TableSpec spec{{"", "Ts"}, {{"Id", "INTEGER"}, {"At", "TIMESTAMP"}}, {"Id"}};
  SinkBatch b({"Id", "At"});
  b.add_row({int64_t{1}, "2024-05-20T01:02:03.250Z"});
  b.add_row({int64_t{2}, "2024-05-20T09:00:00+09:00"});
  sink->begin();
  sink->ensure_table(spec);
  sink->upsert(spec.name, spec.keys, b);
  sink->commit();
  EXPECT_EQ((*sink->lookup(spec.name, spec.keys, std::vector<Value>{int64_t{1}}, {"At"}))[0],
            Value{"2024-05-20T01:02:03.25Z"});
  EXPECT_EQ((*sink->lookup(spec.name, spec.keys, std::vector<Value>{int64_t{2}}, {"At"}))[0],
            Value{"2024-05-20T00:00:00Z"});
}

// First loads COPY in binary: every typed value must equal what the server makes of the
// same text (the text form the other paths send), kept here in TEXT twin columns.
TEST_F(PostgresSinkTest, BinaryCopyStoresWhatTheTextFormWould) {
  TableSpec spec{{"", "B"},
                 {{"Id", "INTEGER"}, {"At", "TIMESTAMP"}, {"AtText", "TEXT"}, {"Day", "DATE"}, {"DayText", "TEXT"},
                  {"R", "REAL"}, {"RText", "TEXT"}, {"Ok", "BOOLEAN"}, {"N", "TEXT"}},
                 {"Id"}};
  SinkBatch b({"Id", "At", "AtText", "Day", "DayText", "R", "RText", "Ok", "N"});
  const std::vector<std::pair<std::string, std::string>> times_and_days = {
      {"2024-05-20T01:02:03Z", "2024-05-20T00:00:00Z"},
      {"2024-05-20T09:00:00+09:00", "2024-02-29T00:00:00Z"},
      {"2024-05-20T09:00:00-0330", "2024-05-20T23:30:00-05:00"},
      {"2024-05-20 01:02:03.123456Z", "2024-05-20"},
      {"1999-12-31T23:59:59.5Z", "1999-12-31T00:00:00Z"},
      {"2024-02-29", "0001-01-01T00:00:00Z"},
      {"1969-07-20T20:17:40Z", "1900-03-01T00:00:00Z"},
      {"2016-12-31T23:59:60Z", "9999-12-31T00:00:00Z"},
  };
  int64_t id = 0;
  for (const auto& [at, day] : times_and_days) {
    double r = id % 2 ? 0.1 * static_cast<double>(id) : -1e300 / static_cast<double>(id + 1);
    b.add_row({++id, at, at, day, day, r, fmt::format("{}", r), id % 2, id % 3 ? Value{id * 7} : Value{1.5}});
  }
  b.add_row({++id, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}, int64_t{3}, "3",
             std::monostate{}, std::monostate{}});
  sink->begin();
  sink->ensure_table(spec);
  EXPECT_EQ(sink->upsert(spec.name, spec.keys, b).inserted, id);
  sink->commit();
  EXPECT_EQ(sink->copies().binary, 1);
  EXPECT_EQ(sink->copies().text, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM \"B\" WHERE \"At\" IS DISTINCT FROM \"AtText\"::timestamptz "
                   "OR \"Day\" IS DISTINCT FROM \"DayText\"::date OR \"R\" IS DISTINCT FROM \"RText\"::float8"),
            "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"B\" WHERE \"At\" IS NOT NULL"), std::to_string(id - 1));
  EXPECT_EQ(scalar("SELECT string_agg(\"Ok\"::text || ':' || \"N\", ',' ORDER BY \"Id\") FROM \"B\""),
            "true:7,false:14,true:1.5,false:28,true:35,false:1.5,true:49,false:56");
  EXPECT_EQ(scalar("SELECT \"At\"::text FROM \"B\" WHERE \"Id\" = 4"), "2024-05-20 01:02:03.123456+00");

  // A value without a binary form of its column's type (text in a bigint column, seven
  // fraction digits PostgreSQL rounds): the batch goes as text, converted by the server.
  sink->expect_full_load(spec.name);
  sink->begin();
  SinkBatch odd({"Id", "At"});
  odd.add_row({std::string("100"), "2024-05-20T01:02:03.1234567Z"});
  EXPECT_EQ(sink->upsert(spec.name, spec.keys, odd).inserted, 1);
  sink->commit();
  EXPECT_EQ(sink->copies().text, 1);
  EXPECT_EQ(scalar("SELECT \"At\"::text FROM \"B\" WHERE \"Id\" = 100"), "2024-05-20 01:02:03.123457+00");
}

TEST_F(PostgresSinkTest, RollbackLeavesNothingIncludingTheCheckpoint) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  sink->commit();
  sink->begin();
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "two", 1.0}}));
  sink->write_checkpoint(kIssues.name, {.target = "Issues", .cursor = "2024-01-01"});
  sink->stage("seen", keys_batch("Id", {1}));
  sink->rollback();
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\""), "1");
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE tablename = '_backlogsql_checkpoints'"), "0");
  // The staged set went with the transaction: filtering by it sees an empty set.
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"seen", {"Id"}}}), 0);
  // A table created in a rolled-back transaction is gone, and the sink knows it.
  sink->begin();
  sink->ensure_table({{"", "Gone"}, {{"Id", "INTEGER"}}, {"Id"}});
  sink->rollback();
  EXPECT_FALSE(sink->describe_table({"", "Gone"}));
  sink->begin();
  sink->ensure_table({{"", "Gone"}, {{"Id", "TEXT"}}, {"Id"}});
  sink->commit();
  EXPECT_EQ(sink->describe_table({"", "Gone"})->columns[0].type, "TEXT");
}

TEST_F(PostgresSinkTest, AFailedStatementFailsTheCommitAndRollbackRecovers) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->commit();
  sink->begin();
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  std::string bad = error_of([&] { sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "x", "not a number"}})); });
  EXPECT_NE(bad.find("table Issues"), std::string::npos) << bad;
  EXPECT_NE(bad.find("invalid input syntax for type double precision"), std::string::npos) << bad;
  EXPECT_THROW(sink->commit(), SinkError);
  sink->rollback();
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\""), "0");
  sink->begin();
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  sink->commit();
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\""), "1");
}

TEST_F(PostgresSinkTest, DeletesAndCountsByStagedKeySets) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"},
               issues({{int64_t{1}, "a", 1.0}, {int64_t{2}, "b", 1.0}, {int64_t{3}, "c", 1.0},
                       {int64_t{4}, "d", 1.0}}));
  sink->commit();
  sink->begin();
  sink->stage("seen", keys_batch("Id", {1}));
  sink->stage("seen", keys_batch("Id", {3}));  // a set grows batch by batch
  sink->stage("changed", keys_batch("Id", {2, 3}));
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"changed", {"Id"}},
                                            .not_in = StagedSetRef{"seen", {"Id"}}}),
            1);
  EXPECT_EQ(sink->delete_rows(kIssues.name, {.in = StagedSetRef{"changed", {"Id"}},
                                             .not_in = StagedSetRef{"seen", {"Id"}}}),
            1);
  EXPECT_EQ(sink->delete_rows(kIssues.name, {.not_in = StagedSetRef{"seen", {"Id"}}}), 1);
  // A set never staged is empty: IN selects nothing, NOT IN everything.
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"nothing", {"Id"}}}), 0);
  EXPECT_EQ(sink->count_rows(kIssues.name, {.not_in = StagedSetRef{"nothing", {"Id"}}}), 2);
  EXPECT_THROW(sink->stage("seen", keys_batch("Other", {1})), SinkError);
  sink->rollback();
  sink->begin();
  sink->stage("seen", keys_batch("Id", {1}));
  sink->clear_stage("seen");
  sink->clear_stage("never staged");  // a no-op
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"seen", {"Id"}}}), 0);
  sink->commit();
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\""), "4");  // the deletes were rolled back
}

TEST_F(PostgresSinkTest, RangeFilterCompositeKeysAndLookup) {
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
  EXPECT_EQ(sink->count_rows(spec.name, {.range_column = "At", .range_from = "2024-02-01T00:00:00Z"}), 2);
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

TEST_F(PostgresSinkTest, CheckpointRoundTripInTheSameTransaction) {
  sink->begin();
  sink->ensure_table(kIssues);
  Checkpoint c{"Issues", "Issues", "h1", "2024-05-06T07:08:09Z", 42, "", "2024-05-07T00:00:00Z", 10};
  sink->write_checkpoint(kIssues.name, c);
  sink->commit();
  auto got = sink->read_checkpoint(kIssues.name);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->target, "Issues");
  EXPECT_EQ(got->source, "Issues");
  EXPECT_EQ(got->cursor, "2024-05-06T07:08:09Z");
  EXPECT_EQ(got->activity_id, 42);
  EXPECT_EQ(got->select_hash, "h1");
  EXPECT_EQ(got->run_at, "2024-05-07T00:00:00Z");
  EXPECT_EQ(got->rows, 10);
  c.cursor = "2024-06-01T00:00:00Z";
  c.window_next = "2024-07-01";
  sink->begin();
  sink->write_checkpoint(kIssues.name, c);
  sink->commit();
  EXPECT_EQ(sink->read_checkpoint(kIssues.name)->window_next, "2024-07-01");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"_backlogsql_checkpoints\""), "1");
  sink->begin();
  sink->delete_checkpoint(kIssues.name);
  sink->commit();
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
}

TEST_F(PostgresSinkTest, SchemaIsCreatedIfMissingAndHoldsItsOwnCheckpoints) {
  sink->prepare_schema("PROD");
  sink->prepare_schema("PROD");  // idempotent
  sink->begin();
  TableSpec spec = kIssues;
  spec.name = {"PROD", "Issues"};
  sink->ensure_table(spec);
  sink->upsert(spec.name, {"Id"}, issues({{int64_t{7}, "seven", 7.0}}));
  sink->write_checkpoint(spec.name, {.target = "PROD.Issues", .cursor = "x"});
  sink->commit();
  EXPECT_EQ(scalar("SELECT \"Summary\" FROM \"PROD\".\"Issues\""), "seven");
  EXPECT_EQ(scalar("SELECT target FROM \"PROD\".\"_backlogsql_checkpoints\""), "PROD.Issues");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
  EXPECT_EQ(sink->read_checkpoint(spec.name)->cursor, "x");
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
  EXPECT_TRUE(sink->describe_table(spec.name));
  EXPECT_FALSE(sink->describe_table(kIssues.name));
  // An existing schema is used without CREATE SCHEMA (a loader may lack that privilege).
  auto other = PostgresSink::open(uri);
  EXPECT_NO_THROW(other->prepare_schema("PROD"));
}

TEST_F(PostgresSinkTest, WeirdIdentifiersAreQuotedAndValuesNeverInterpolated) {
  TableSpec spec{{"we\"ird; schema", "we\"ird; table"}, {{"a\"b", "TEXT"}, {"select", "TEXT"}}, {"a\"b"}};
  sink->prepare_schema(spec.name.schema);
  sink->begin();
  sink->ensure_table(spec);
  SinkBatch b({"a\"b", "select"});
  b.add_row({"k'1", "'); DROP TABLE x; --"});
  b.add_row({"k\\2", "\\N"});
  sink->upsert(spec.name, spec.keys, b);
  sink->add_column(spec.name, {"new\"col", "INTEGER"});
  sink->commit();
  auto rows = query("SELECT \"a\"\"b\", \"select\", \"new\"\"col\" FROM \"we\"\"ird; schema\".\"we\"\"ird; table\" ORDER BY 1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "k'1");
  EXPECT_EQ(rows[0][1], "'); DROP TABLE x; --");
  EXPECT_EQ(rows[0][2], std::nullopt);
  EXPECT_EQ(rows[1][0], "k\\2");
  EXPECT_EQ(rows[1][1], "\\N");  // the text, not a NULL
  auto d = sink->describe_table(spec.name);
  EXPECT_EQ(d->columns.back().type, "INTEGER");
  sink->begin();
  sink->stage("s", SinkBatch({"a\"b"}));
  SinkBatch keys({"a\"b"});
  keys.add_row({"k'1"});
  sink->stage("s", keys);
  EXPECT_EQ(sink->delete_rows(spec.name, {.not_in = StagedSetRef{"s", {"a\"b"}}}), 1);
  sink->commit();
}

TEST_F(PostgresSinkTest, DropTruncateAndAddColumn) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "a", 1.0}}));
  sink->add_column(kIssues.name, {"Due", "DATE"});
  SinkBatch b({"Id", "Due"});
  b.add_row({int64_t{1}, "2024-05-20T00:00:00Z"});
  EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, b).updated, 1);
  EXPECT_EQ((*sink->lookup(kIssues.name, {"Id"}, std::vector<Value>{int64_t{1}}, {"Due"}))[0],
            Value{"2024-05-20T00:00:00Z"});
  sink->truncate_table(kIssues.name);
  EXPECT_EQ(sink->count_rows(kIssues.name, {}), 0);
  sink->drop_table(kIssues.name);
  sink->drop_table(kIssues.name);  // IF EXISTS
  sink->commit();
  EXPECT_FALSE(sink->describe_table(kIssues.name));
}

TEST_F(PostgresSinkTest, ErrorsNameTheDestinationTableAndServerMessage) {
  sink->begin();
  std::string e = error_of([&] { sink->upsert({"", "Nope"}, {"Id"}, issues({{int64_t{1}, "a", 1.0}})); });
  EXPECT_NE(e.find("table Nope"), std::string::npos) << e;
  EXPECT_NE(e.find(sink->describe()), std::string::npos) << e;
  sink->rollback();
  sink->begin();
  sink->ensure_table(kIssues);
  e = error_of([&] { sink->upsert(kIssues.name, {"Id"}, issues({{"abc", "a", 1.0}})); });
  EXPECT_NE(e.find("invalid input syntax for type bigint: \"abc\""), std::string::npos) << e;
  sink->rollback();
  e = error_of([&] { sink->ensure_table({{"NoSuchSchema", "T"}, {{"a", "TEXT"}}, {}}); });
  EXPECT_NE(e.find("schema \"NoSuchSchema\" does not exist"), std::string::npos) << e;
}

TEST_F(PostgresSinkTest, LargeBatchesGoThroughCopy) {
  sink->begin();
  sink->ensure_table(kIssues);
  SinkBatch b({"Id", "Summary", "Hours"});
  for (int64_t i = 0; i < 20000; ++i) b.add_row({i, "row " + std::to_string(i), i * 0.5});
  EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, b).inserted, 20000);
  SinkBatch seen({"Id"});
  for (int64_t i = 0; i < 20000; i += 2) seen.add_row({i});
  sink->stage("seen", seen);
  EXPECT_EQ(sink->delete_rows(kIssues.name, {.not_in = StagedSetRef{"seen", {"Id"}}}), 10000);
  sink->clear_stage("seen");
  sink->commit();
  EXPECT_EQ(scalar("SELECT sum(\"Hours\") FROM \"Issues\""), "49995000");
}

// COPY streams a batch in chunks as its lines are made: a first load of far more than
// one chunk arrives whole, every value in place (escapes across chunk edges included).
TEST_F(PostgresSinkTest, AFirstLoadOfManyChunksArrivesWhole) {
  SinkBatch batch({"Id", "Summary", "Hours"});
  for (int64_t i = 0; i < 3000; ++i)
    batch.add_row({i, std::string(static_cast<size_t>(100 + i % 97), 'a' + i % 26) + "\ttab\\back\n" +
                        std::to_string(i), i % 3 ? Value{static_cast<double>(i) / 4} : Value{}});
  sink->begin();
  sink->ensure_table(kIssues);
  EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, batch).inserted, 3000);
  sink->commit();
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\""), "3000");
  int64_t bytes = 0;
  for (size_t r = 0; r < batch.size(); ++r) bytes += static_cast<int64_t>(std::get<std::string>(batch.row(r)[1]).size());
  EXPECT_GT(bytes, 300000);  // (several chunks)
  EXPECT_EQ(scalar("SELECT sum(octet_length(\"Summary\")) FROM \"Issues\""), std::to_string(bytes));
  // Every line ends as it was sent: "\ttab\\back\n" then the Id (tabs, backslashes, newlines
  // survive COPY's escaping whichever chunk they fall in).
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\" WHERE right(\"Summary\", length(E'\\ttab\\\\back\\n' || \"Id\")) "
                   "<> E'\\ttab\\\\back\\n' || \"Id\""), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM \"Issues\" WHERE \"Hours\" IS NULL"), "1000");
  EXPECT_EQ(scalar("SELECT \"Hours\" FROM \"Issues\" WHERE \"Id\" = 2999"), "749.75");
}

TEST_F(PostgresSinkTest, AChunkOfAFirstLoadCopiesAndARepeatedKeyStillUpserts) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}, {int64_t{2}, "two", 2.0}}));
  sink->commit();
  // The next chunk: COPY straight in; a batch repeating a key (2) is upserted instead.
  sink->expect_full_load(kIssues.name);
  sink->begin();
  auto fresh = sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{3}, "three", 3.0}, {int64_t{4}, "four", 4.0}}));
  EXPECT_EQ(fresh.inserted, 2);
  auto repeat = sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "TWO", 2.0}, {int64_t{5}, "five", 5.0}}));
  EXPECT_EQ(repeat.inserted, 1);
  EXPECT_EQ(repeat.updated, 1);
  sink->commit();
  EXPECT_EQ(scalar("SELECT string_agg(\"Summary\", ',' ORDER BY \"Id\") FROM \"Issues\""), "one,TWO,three,four,five");
}

// --- test() and connecting ---

TEST_F(PostgresSinkTest, TestReportsTheServerVersionAndLeavesNothing) {
  std::string version = sink->test();
  EXPECT_EQ(version.rfind("PostgreSQL 15.", 0), 0u) << version;
  EXPECT_EQ(version.find(' ', 11), std::string::npos) << version;  // "PostgreSQL 15.14", no suffix
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE tablename = '_backlogsql_test'"), "0");
}

TEST_F(PostgresSinkTest, ConnectionFailuresSayWhy) {
  std::string base = "postgresql://postgres@127.0.0.1:";
  std::string refused = error_of([&] { PostgresSink::open(base + std::to_string(closed_port()) + "/x"); });
  EXPECT_NE(refused.find("cannot connect: connection refused"), std::string::npos) << refused;
  std::string missing = error_of([&] { PostgresSink::open(base + port() + "/no_such_db"); });
  EXPECT_NE(missing.find("cannot connect: missing database"), std::string::npos) << missing;
  EXPECT_NE(missing.find("no_such_db"), std::string::npos) << missing;
  std::string host = error_of([&] { PostgresSink::open("postgresql://postgres@no-such-host.invalid/x"); });
  EXPECT_NE(host.find("cannot connect: unknown host"), std::string::npos) << host;
  std::string user = error_of([&] { PostgresSink::open(base + port() + "/postgres?user=nobody_here"); });
  EXPECT_NE(user.find("unknown user"), std::string::npos) << user;
}

TEST_F(PostgresSinkTest, WrongPasswordIsReportedWithoutThePassword) {
  std::string role = password_role("Right-Secret-4711");
  std::string db = scalar("SELECT current_database()");
  std::string wrong_uri = "postgresql://" + role + ":Wrong-Secret-0815@127.0.0.1:" + port() + "/" + db;
  std::string wrong = error_of([&] { PostgresSink::open(wrong_uri); });
  EXPECT_NE(wrong.find("wrong password"), std::string::npos) << wrong;
  EXPECT_EQ(wrong.find("Wrong-Secret"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("postgresql://" + role + ":***@"), std::string::npos) << wrong;
  std::string err;
  EXPECT_EQ(open_sink(wrong_uri, &err), nullptr);
  EXPECT_NE(err.find("wrong password"), std::string::npos) << err;
  EXPECT_EQ(err.find("Wrong-Secret"), std::string::npos) << err;
  // No password at all.
  std::string none = error_of([&] {
    PostgresSink::open("postgresql://" + role + "@127.0.0.1:" + port() + "/" + db + "?passfile=/nonexistent");
  });
  EXPECT_NE(none.find("password required"), std::string::npos) << none;
}

TEST_F(PostgresSinkTest, PasswordsFromTheUriKeywordsOrPgpasswordAndMissingPrivileges) {
  std::string role = password_role("Right-Secret-4711");
  std::string db = scalar("SELECT current_database()");
  // Keyword string with the password: works; describe() hides it.
  std::string keywords = "host=127.0.0.1 port=" + port() + " dbname=" + db + " user=" + role +
                         " password=Right-Secret-4711";
  std::string err;
  auto by_keywords = open_sink(keywords, &err);
  ASSERT_NE(by_keywords, nullptr) << err;
  EXPECT_EQ(by_keywords->describe().find("Right-Secret"), std::string::npos) << by_keywords->describe();
  EXPECT_NE(by_keywords->describe().find("password=***"), std::string::npos) << by_keywords->describe();
  // PostgreSQL 15 grants nobody CREATE on public: test() says which privilege is missing,
  // without the password.
  std::string denied = error_of([&] { by_keywords->test(); });
  EXPECT_NE(denied.find("missing privilege: CREATE TABLE failed: permission denied for schema public"),
            std::string::npos)
      << denied;
  EXPECT_EQ(denied.find("Right-Secret"), std::string::npos) << denied;
  query("GRANT CREATE ON SCHEMA public TO \"" + role + "\"");
  EXPECT_EQ(by_keywords->test().rfind("PostgreSQL ", 0), 0u);

  // PGPASSWORD, as libpq reads it.
  setenv("PGPASSWORD", "Right-Secret-4711", 1);
  std::unique_ptr<PostgresSink> by_env;
  std::string env_error = error_of([&] {
    by_env = PostgresSink::open("postgresql://" + role + "@127.0.0.1:" + port() + "/" + db);
  });
  unsetenv("PGPASSWORD");
  EXPECT_EQ(env_error, "");
  ASSERT_NE(by_env, nullptr);
  EXPECT_EQ(by_env->test().rfind("PostgreSQL ", 0), 0u);
}

TEST(PostgresDestination, UrisAndKeywordStringsGoToPostgres) {
  std::string err;
  for (const char* text : {"postgresql://u@h/db", "postgres://u@h/db", "host=h dbname=db",
                           "  dbname=db user=u", "service=prod"}) {
    auto d = parse_destination(text, &err);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->kind, DestinationUri::Kind::Postgres) << text;
  }
  for (const char* text : {"out.db", "/data/a=b.db", "colour=blue.db"}) {
    auto d = parse_destination(text, &err);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->kind, DestinationUri::Kind::Sqlite) << text;
  }
}

TEST(PostgresDestination, RedactsEveryFormOfPassword) {
  EXPECT_EQ(redact_uri("postgresql://u:secret@h:5432/db?sslmode=require"),
            "postgresql://u:***@h:5432/db?sslmode=require");
  EXPECT_EQ(redact_uri("postgresql://u@h/db?sslmode=require&password=secret&x=1"),
            "postgresql://u@h/db?sslmode=require&password=***&x=1");
  EXPECT_EQ(redact_uri("host=h password=secret dbname=d"), "host=h password=*** dbname=d");
  EXPECT_EQ(redact_uri("host=h password = 'it\\'s sec ret' dbname=d"), "host=h password = *** dbname=d");
  EXPECT_EQ(redact_uri("host=h passwordx=1"), "host=h passwordx=1");
}

}  // namespace
}  // namespace backlog::sinks
