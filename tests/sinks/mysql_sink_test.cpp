// The MySQL/MariaDB destination against the test run's real MariaDB server: URIs and
// connection errors, shape and declared types, upsert counts, value round trips, packet-
// sized batches, staged deletes, checkpoints, schemas as databases, and transactions
// (including DDL the engine issues after it began one).
#include "sinks/mysql_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>

#include <gtest/gtest.h>

#include "sinks/sink_uri.h"
#include "support/mariadb_server.h"

namespace backlog::sinks {
namespace {

using testing::mariadb_database_of;
using testing::mariadb_fresh_database;
using testing::mariadb_query;
using testing::mariadb_scalar;

SinkBatch issues(std::vector<std::vector<Value>> rows) {
  SinkBatch b({"Id", "Summary", "Hours"});
  for (auto& r : rows) b.add_row(std::move(r));
  return b;
}

const TableSpec kIssues{{"", "Issues"},
                        {{"Id", "INTEGER"}, {"Summary", "TEXT"}, {"Hours", "REAL"}},
                        {"Id"}};

// A loopback port nobody listens on.
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

std::string port_of(const std::string& uri) {
  auto colon = uri.rfind(':');
  return uri.substr(colon + 1, uri.rfind('/') - colon - 1);
}

// What opening `uri` throws ("" if it opens).
std::string open_error(const std::string& uri) {
  try {
    MysqlSink::open(uri);
  } catch (const SinkError& e) {
    return e.what();
  }
  return "";
}

class MysqlSinkTest : public ::testing::Test {
 protected:
  std::string uri = mariadb_fresh_database();
  std::string db = mariadb_database_of(uri);
  std::unique_ptr<MysqlSink> sink = MysqlSink::open(uri);

  std::string scalar(const std::string& sql) { return mariadb_scalar(uri, sql); }
  // A user with only `privileges` on this test's database; returns its URI.
  std::string user_with(const std::string& privileges, const std::string& password = "pw") {
    std::string user = "u" + db.substr(1, 20) + std::to_string(users_++);
    mariadb_query(uri, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
    if (!privileges.empty()) mariadb_query(uri, "GRANT " + privileges + " ON `" + db + "`.* TO '" + user + "'@'%'");
    return "mysql://" + user + ":" + password + "@127.0.0.1:" + port_of(uri) + "/" + db;
  }
  int users_ = 0;
};

// --- URIs and connecting ---

TEST(MysqlUri, ParsesEveryPartAndDecodesPercentEscapes) {
  std::string err;
  auto u = parse_mysql_uri("mariadb://app:p%40ss:w@db.example:3307/my%20db?socket=%2Ftmp%2Fs", &err);
  ASSERT_TRUE(u) << err;
  EXPECT_EQ(u->scheme, "mariadb");
  EXPECT_EQ(u->user, "app");
  EXPECT_EQ(u->password, "p@ss:w");
  EXPECT_EQ(u->host, "db.example");
  EXPECT_EQ(u->port, 3307u);
  EXPECT_EQ(u->database, "my db");
  EXPECT_EQ(u->socket, "/tmp/s");
  EXPECT_EQ(u->display().find("p@ss"), std::string::npos);
  auto raw_at = parse_mysql_uri("mysql://me:se@cret@127.0.0.1/d", &err);  // raw '@' in the password
  ASSERT_TRUE(raw_at) << err;
  EXPECT_EQ(raw_at->password, "se@cret");
  EXPECT_EQ(raw_at->display(), "mysql://me@127.0.0.1:3306/d");
  auto v6 = parse_mysql_uri("mysql://[::1]:3310/d", &err);
  ASSERT_TRUE(v6) << err;
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 3310u);
  EXPECT_FALSE(parse_mysql_uri("mysql://h/", &err));
  EXPECT_NE(err.find("name the database"), std::string::npos) << err;
  EXPECT_FALSE(parse_mysql_uri("mysql://h:99999/d", &err));
  EXPECT_FALSE(parse_mysql_uri("mysql://u:secret@h/d?sslmode=x", &err));
  EXPECT_NE(err.find("unknown parameter"), std::string::npos);
  EXPECT_EQ(err.find("secret"), std::string::npos) << err;
  EXPECT_EQ(err.rfind("mysql://u:***@h/d?sslmode=x: ", 0), 0u) << err;  // names it, once
}

TEST_F(MysqlSinkTest, OpensThroughSinkUriWithBothSchemesAndASocket) {
  std::string err;
  auto a = open_sink(uri, &err);
  ASSERT_NE(a, nullptr) << err;
  auto b = open_sink("mariadb" + uri.substr(uri.find("://")), &err);
  ASSERT_NE(b, nullptr) << err;
  EXPECT_EQ(b->describe().rfind("mariadb://root@127.0.0.1:", 0), 0u) << b->describe();
  auto c = open_sink("mysql://root@localhost/" + db + "?socket=" + testing::mariadb_socket_path(), &err);
  ASSERT_NE(c, nullptr) << err;
  EXPECT_EQ(c->test().rfind("MariaDB 10.11.", 0), 0u);
}

TEST_F(MysqlSinkTest, TestReportsServerVersionAndLeavesNothing) {
  EXPECT_EQ(sink->test().rfind("MariaDB 10.11.", 0), 0u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db + "'"), "0");
}

TEST_F(MysqlSinkTest, ConnectionFailuresNameTheReasonWithoutThePassword) {
  std::string port = port_of(uri);
  std::string e = open_error("mysql://root:hunter2@nonexistent.invalid/" + db);
  EXPECT_NE(e.find("unknown host nonexistent.invalid"), std::string::npos) << e;
  e = open_error("mysql://root:hunter2@127.0.0.1:" + std::to_string(closed_port()) + "/" + db);
  EXPECT_NE(e.find("connection refused"), std::string::npos) << e;
  std::string good = user_with("ALL PRIVILEGES", "right-pw");
  EXPECT_EQ(open_error(good), "");
  std::string wrong = good;
  wrong.replace(wrong.find("right-pw"), 8, "hunter2");
  e = open_error(wrong);
  EXPECT_NE(e.find("wrong user name or password"), std::string::npos) << e;
  e = open_error("mysql://root@127.0.0.1:" + port + "/no_such_db_here");
  EXPECT_NE(e.find("database no_such_db_here does not exist"), std::string::npos) << e;
  for (const auto& msg : {open_error(wrong), open_error("mysql://root:hunter2@nonexistent.invalid/x")})
    EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
  std::string err;
  EXPECT_EQ(open_sink(wrong, &err), nullptr);
  EXPECT_NE(err.find("wrong user name or password"), std::string::npos) << err;
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
}

TEST_F(MysqlSinkTest, TestSaysWhichPrivilegeIsMissing) {
  auto reason = [](const std::string& u) {
    auto s = MysqlSink::open(u);
    EXPECT_EQ(s->describe().find(":pw@"), std::string::npos);
    try {
      s->test();
    } catch (const SinkError& e) {
      return std::string(e.what());
    }
    return std::string("ok");
  };
  std::string e = reason(user_with("SELECT, INSERT"));
  EXPECT_NE(e.find("CREATE TABLE failed: missing privilege"), std::string::npos) << e;
  e = reason(user_with("SELECT, CREATE, DROP"));
  EXPECT_NE(e.find("INSERT failed: missing privilege"), std::string::npos) << e;
  e = reason(user_with("SELECT, CREATE, INSERT"));
  EXPECT_NE(e.find("DROP TABLE failed: missing privilege"), std::string::npos) << e;
  EXPECT_EQ(e.find(":pw"), std::string::npos) << e;
  EXPECT_EQ(reason(user_with("SELECT, CREATE, INSERT, DROP")), "ok");
}

// --- shape ---

TEST_F(MysqlSinkTest, CreatesTableWithMappedTypesAndGivesDeclaredTypesBack) {
  TableSpec spec{{"", "T"},
                 {{"Key", "TEXT"}, {"Id", "INTEGER"}, {"Hours", "REAL"}, {"Name", "TEXT"}, {"Ok", "BOOLEAN"},
                  {"At", "TIMESTAMP"}, {"Day", "DATE"}, {"Data", "JSON"}, {"Any", ""}},
                 {"Key", "Id"}};
  sink->begin();
  sink->ensure_table(spec);
  sink->commit();
  auto got = sink->describe_table({"", "T"});
  ASSERT_TRUE(got);
  ASSERT_EQ(got->columns.size(), spec.columns.size());
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    EXPECT_EQ(got->columns[i].name, spec.columns[i].name);
    EXPECT_EQ(got->columns[i].type, spec.columns[i].type);
  }
  EXPECT_EQ(got->keys, (std::vector<std::string>{"Key", "Id"}));
  auto types = mariadb_query(uri, "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE "
                                  "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'T' ORDER BY ORDINAL_POSITION");
  std::vector<std::string> want{"varchar(255)", "bigint(20)", "double", "longtext", "tinyint(1)",
                                "datetime", "date", "longtext", "longtext"};
  ASSERT_EQ(types.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(types[i][1].value(), want[i]) << *types[i][0];
  EXPECT_EQ(scalar("SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                   "AND TABLE_NAME = 'T'"),
            "utf8mb4_bin");
  EXPECT_EQ(scalar("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'T'"),
            "InnoDB");
  // JSON is checked by the server.
  EXPECT_THROW(mariadb_query(uri, "INSERT INTO T (`Key`, Id, Data) VALUES ('k', 1, 'not json')"), std::runtime_error);
  EXPECT_FALSE(sink->describe_table({"", "Missing"}));
  // A table made by hand is described from its MySQL types.
  mariadb_query(uri, "CREATE TABLE Hand (a INT PRIMARY KEY, b DATETIME, c VARCHAR(9), d TINYINT(1))");
  auto hand = sink->describe_table({"", "Hand"});
  ASSERT_TRUE(hand);
  EXPECT_EQ(hand->columns[0].type, "INTEGER");
  EXPECT_EQ(hand->columns[1].type, "TIMESTAMP");
  EXPECT_EQ(hand->columns[2].type, "TEXT");
  EXPECT_EQ(hand->columns[3].type, "BOOLEAN");
}

// --- rows ---

TEST_F(MysqlSinkTest, UpsertInsertsUpdatesAndCountsOnlyRealChanges) {
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
  // One row at a time: the affected count alone decides.
  EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{3}, "three", 0.0}})).updated, 0);
  EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{3}, "3", 0.0}})).updated, 1);
  auto c3 = sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{4}, "four", 4.0}}));
  EXPECT_EQ(c3.inserted, 1);
  sink->commit();
  auto rows = mariadb_query(uri, "SELECT Id, Summary, Hours FROM Issues ORDER BY Id");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1][1], "TWO");
  EXPECT_EQ(rows[1][2], "3");
  EXPECT_EQ(rows[2][1], "3");
}

TEST_F(MysqlSinkTest, KeylessAndKeyOnlyTables) {
  TableSpec log{{"", "Log"}, {{"Line", "TEXT"}}, {}};
  TableSpec tags{{"", "Tags"}, {{"IssueId", "INTEGER"}, {"Tag", "TEXT"}}, {"IssueId", "Tag"}};
  sink->begin();
  sink->ensure_table(log);
  sink->ensure_table(tags);
  SinkBatch lines({"Line"});
  lines.add_row({"a"});
  lines.add_row({"a"});
  EXPECT_EQ(sink->upsert(log.name, {}, lines).inserted, 2);
  SinkBatch t({"IssueId", "Tag"});
  t.add_row({int64_t{1}, "x"});
  t.add_row({int64_t{1}, "y"});
  EXPECT_EQ(sink->upsert(tags.name, tags.keys, t).inserted, 2);
  auto again = sink->upsert(tags.name, tags.keys, t);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  sink->commit();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM Log"), "2");
}

TEST_F(MysqlSinkTest, ValuesRoundTripAndCompareEqualToWhatWasSent) {
  TableSpec spec{{"", "V"},
                 {{"Id", "INTEGER"}, {"Name", "TEXT"}, {"Hours", "REAL"}, {"Ok", "BOOLEAN"}, {"At", "TIMESTAMP"},
                  {"Day", "DATE"}, {"Data", "JSON"}, {"Big", "INTEGER"}},
                 {"Id"}};
  std::string long_text(300000, 'x');
  long_text += "終わり";
  std::string json = R"({"name":"課題 🎉","ids":[1,2,3],"nested":{"ok":true}})";
  std::vector<std::vector<Value>> sent{
      {int64_t{1}, "日本語の課題 🎉🍣", 0.1, int64_t{1}, "2024-05-20T01:02:03Z", "2024-05-20T00:00:00Z", json,
       int64_t{9007199254740993}},
      {int64_t{2}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
       std::monostate{}, std::monostate{}},
      {int64_t{3}, long_text, -1.5e300, int64_t{0}, "1999-12-31T23:59:59Z", "2000-02-29T00:00:00Z", "[]",
       int64_t{-9223372036854775807 - 1}},
      {int64_t{4}, "it's \"quoted\" \\ back\\slash\n\ttab \x01 `tick`", 3.0, int64_t{1}, "2024-01-01T00:00:00Z",
       "2024-01-01T00:00:00Z", "{}", int64_t{0}},
  };
  SinkBatch b({"Id", "Name", "Hours", "Ok", "At", "Day", "Data", "Big"});
  for (auto row : sent) b.add_row(row);
  sink->begin();
  sink->ensure_table(spec);
  EXPECT_EQ(sink->upsert(spec.name, spec.keys, b).inserted, 4);
  sink->commit();
  // Read back through lookup: what CHECKCACHE and the engine compare with the source.
  for (const auto& row : sent) {
    auto got = sink->lookup(spec.name, {"Id"}, std::span<const Value>(&row[0], 1), b.columns());
    ASSERT_TRUE(got) << to_display(row[0]);
    for (size_t i = 0; i < row.size(); ++i)
      EXPECT_TRUE(same_value(row[i], (*got)[i])) << b.columns()[i] << ": sent " << to_display(row[i]).substr(0, 80)
                                                 << ", got " << to_display((*got)[i]).substr(0, 80);
  }
  // Stored as real MySQL values, queryable as such.
  EXPECT_EQ(scalar("SELECT At FROM V WHERE Id = 1"), "2024-05-20 01:02:03");
  EXPECT_EQ(scalar("SELECT Day FROM V WHERE Id = 1"), "2024-05-20");
  EXPECT_EQ(scalar("SELECT JSON_UNQUOTE(JSON_EXTRACT(Data, '$.name')) FROM V WHERE Id = 1"), "課題 🎉");
  EXPECT_EQ(scalar("SELECT JSON_EXTRACT(Data, '$.ids[1]') FROM V WHERE Id = 1"), "2");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM V WHERE Name = '日本語の課題 🎉🍣'"), "1");
  EXPECT_EQ(scalar("SELECT CHAR_LENGTH(Name) FROM V WHERE Id = 3"), std::to_string(300000 + 3));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM V WHERE At >= '2024-01-01' AND Day < '2024-05-20'"), "1");
  EXPECT_EQ(scalar("SELECT Name IS NULL FROM V WHERE Id = 2"), "1");
  // Upserting the same values again changes nothing: every type compares equal.
  auto again = sink->upsert(spec.name, spec.keys, b);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
}

TEST_F(MysqlSinkTest, TimestampsWithOffsetsAreStoredInUtc) {
  TableSpec spec{{"", "Z"}, {{"Id", "INTEGER"}, {"At", "TIMESTAMP"}, {"Day", "DATE"}}, {"Id"}};
  sink->begin();
  sink->ensure_table(spec);
  SinkBatch b({"Id", "At", "Day"});
  b.add_row({int64_t{1}, "2024-05-20T09:00:00+09:00", "2024-05-20"});
  b.add_row({int64_t{2}, "2024-03-01 12:30:00", "2024-03-01T00:00:00Z"});
  sink->upsert(spec.name, spec.keys, b);
  sink->commit();
  EXPECT_EQ(scalar("SELECT At FROM Z WHERE Id = 1"), "2024-05-20 00:00:00");
  EXPECT_EQ(scalar("SELECT At FROM Z WHERE Id = 2"), "2024-03-01 12:30:00");
  auto got = sink->lookup(spec.name, {"Id"}, std::vector<Value>{int64_t{1}}, {"At", "Day"});
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)[0], Value{"2024-05-20T00:00:00Z"});
  EXPECT_EQ((*got)[1], Value{"2024-05-20T00:00:00Z"});  // dates read back as Backlog sends them
}

TEST_F(MysqlSinkTest, BatchesLargerThanOnePacketAreSplit) {
  size_t packet = std::stoull(scalar("SELECT @@max_allowed_packet"));
  EXPECT_LT(sink->statement_limit(), packet);
  // 20 rows of 1 MiB: more than the 16 MiB max_allowed_packet in one batch.
  std::string mib(1 << 20, 'm');
  size_t n = packet / mib.size() + 4;
  SinkBatch big({"Id", "Summary", "Hours"});
  for (size_t i = 0; i < n; ++i) big.add_row({static_cast<int64_t>(i), mib + std::to_string(i), 1.0});
  sink->begin();
  sink->ensure_table(kIssues);
  auto c = sink->upsert(kIssues.name, {"Id"}, big);
  sink->commit();
  EXPECT_EQ(c.inserted, static_cast<int64_t>(n));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM Issues"), std::to_string(n));
  EXPECT_EQ(scalar("SELECT SUM(LENGTH(Summary)) > " + std::to_string(packet) + " FROM Issues"), "1");

  // Small statements: counts stay exact when one batch spans many statements.
  sink->set_statement_limit(2048);
  auto batch = [](const std::function<std::string(int64_t)>& text) {
    SinkBatch b({"Id", "Summary", "Hours"});
    for (int64_t i = 0; i < 600; ++i) b.add_row({i, text(i), 1.0});
    return b;
  };
  auto shorter = batch([](int64_t i) { return "short " + std::to_string(i); });
  sink->begin();
  auto first = sink->upsert(kIssues.name, {"Id"}, shorter);  // n changed, the rest new
  auto same = sink->upsert(kIssues.name, {"Id"}, shorter);   // nothing changes
  auto half = sink->upsert(kIssues.name, {"Id"}, batch([](int64_t i) {
    return (i % 2 ? "odd " : "short ") + std::to_string(i);
  }));
  sink->commit();
  EXPECT_EQ(first.updated, static_cast<int64_t>(n));
  EXPECT_EQ(first.inserted, 600 - static_cast<int64_t>(n));
  EXPECT_EQ(same.inserted + same.updated, 0);
  EXPECT_EQ(half.inserted, 0);
  EXPECT_EQ(half.updated, 300);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM Issues"), "600");
  EXPECT_EQ(scalar("SELECT Summary FROM Issues WHERE Id = 599"), "odd 599");
}

TEST_F(MysqlSinkTest, ARowLargerThanThePacketIsRefusedWithTheReason) {
  size_t packet = std::stoull(scalar("SELECT @@max_allowed_packet"));
  sink->begin();
  sink->ensure_table(kIssues);
  try {
    sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, std::string(packet + 10, 'z'), 1.0}}));
    FAIL() << "expected an error";
  } catch (const SinkError& e) {
    EXPECT_NE(std::string(e.what()).find("max_allowed_packet"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("table Issues"), std::string::npos) << e.what();
  }
  sink->rollback();
  // The load was abandoned mid-stream; the connection still works.
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "small", 1.0}}));
  sink->commit();
  EXPECT_EQ(scalar("SELECT Summary FROM Issues"), "small");
}

TEST_F(MysqlSinkTest, DeletesAndCountsByStagedKeySets) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"},
               issues({{int64_t{1}, "a", 1.0}, {int64_t{2}, "b", 1.0}, {int64_t{3}, "c", 1.0}, {int64_t{4}, "d", 1.0}}));
  SinkBatch seen({"Id"});
  seen.add_row({int64_t{1}});
  seen.add_row({int64_t{3}});
  sink->stage("seen", seen);
  SinkBatch changed({"Id"});
  changed.add_row({int64_t{2}});
  sink->stage("changed", changed);
  SinkBatch more({"Id"});
  more.add_row({int64_t{3}});
  sink->stage("changed", more);  // a set grows batch by batch
  RowFilter changed_not_seen{.in = StagedSetRef{"changed", {"Id"}}, .not_in = StagedSetRef{"seen", {"Id"}}};
  EXPECT_EQ(sink->count_rows(kIssues.name, changed_not_seen), 1);
  EXPECT_EQ(sink->delete_rows(kIssues.name, changed_not_seen), 1);
  EXPECT_EQ(sink->delete_rows(kIssues.name, {.not_in = StagedSetRef{"seen", {"Id"}}}), 1);
  // A set never staged is empty: IN selects nothing, NOT IN everything.
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"nothing", {"Id"}}}), 0);
  EXPECT_EQ(sink->count_rows(kIssues.name, {.not_in = StagedSetRef{"nothing", {"Id"}}}), 2);
  sink->clear_stage("seen");
  sink->clear_stage("changed");
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"seen", {"Id"}}}), 0);
  sink->commit();
  auto rows = mariadb_query(uri, "SELECT Id FROM Issues ORDER BY Id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "1");
  EXPECT_EQ(rows[1][0], "3");
  // Staged sets are temporary tables: nothing is left in the database.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                   "AND TABLE_NAME LIKE '%stage%'"),
            "0");
}

TEST_F(MysqlSinkTest, RangeFilterTextKeysAndCompositeKeys) {
  TableSpec spec{{"", "C"}, {{"IssueKey", "TEXT"}, {"Id", "INTEGER"}, {"At", "TIMESTAMP"}}, {"IssueKey", "Id"}};
  sink->begin();
  sink->ensure_table(spec);
  SinkBatch b({"IssueKey", "Id", "At"});
  b.add_row({"PRJ-1", int64_t{1}, "2024-01-01T00:00:00Z"});
  b.add_row({"PRJ-1", int64_t{2}, "2024-02-01T00:00:00Z"});
  b.add_row({"prj-1", int64_t{1}, "2024-03-01T00:00:00Z"});  // keys compare exactly (binary)
  b.add_row({"課題-1", int64_t{1}, "2024-04-01T00:00:00Z"});
  EXPECT_EQ(sink->upsert(spec.name, spec.keys, b).inserted, 4);
  EXPECT_EQ(sink->count_rows(spec.name, {.range_column = "At", .range_from = "2024-01-15", .range_to = "2024-03-01"}), 1);
  EXPECT_EQ(sink->count_rows(spec.name, {.range_column = "At", .range_from = "2024-03-01T00:00:00Z"}), 2);
  SinkBatch keep({"IssueKey", "Id"});
  keep.add_row({"PRJ-1", int64_t{2}});
  keep.add_row({"課題-1", int64_t{1}});
  sink->stage("keep", keep);
  EXPECT_EQ(sink->delete_rows(spec.name, {.not_in = StagedSetRef{"keep", {"IssueKey", "Id"}}}), 2);
  auto got = sink->lookup(spec.name, spec.keys, std::vector<Value>{"PRJ-1", int64_t{2}}, {"At"});
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)[0], Value{"2024-02-01T00:00:00Z"});
  EXPECT_TRUE(sink->lookup(spec.name, spec.keys, std::vector<Value>{"課題-1", int64_t{1}}, {"IssueKey"}));
  EXPECT_FALSE(sink->lookup(spec.name, spec.keys, std::vector<Value>{"prj-1", int64_t{1}}, {"At"}));
  sink->commit();
}

// --- transactions ---

TEST_F(MysqlSinkTest, RollbackLeavesNothing) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  sink->write_checkpoint(kIssues.name, {.target = "Issues", .cursor = "2024-01-01"});
  sink->commit();
  sink->begin();
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "two", 1.0}, {int64_t{1}, "changed", 1.0}}));
  SinkBatch seen({"Id"});
  seen.add_row({int64_t{2}});
  sink->stage("seen", seen);
  sink->delete_rows(kIssues.name, {.not_in = StagedSetRef{"seen", {"Id"}}});
  sink->write_checkpoint(kIssues.name, {.target = "Issues", .cursor = "2025-01-01"});
  sink->rollback();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM Issues"), "1");
  EXPECT_EQ(scalar("SELECT Summary FROM Issues"), "one");
  EXPECT_EQ(sink->read_checkpoint(kIssues.name)->cursor, "2024-01-01");
  // Staged sets do not survive a rollback.
  EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"seen", {"Id"}}}), 0);
}

TEST_F(MysqlSinkTest, AFailedFirstLoadLeavesNoTable) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  sink->write_checkpoint(kIssues.name, {.target = "Issues", .cursor = "x"});
  sink->rollback();
  EXPECT_FALSE(sink->describe_table(kIssues.name));
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                   "AND TABLE_NAME = 'Issues'"),
            "0");
}

// The engine empties a table for a reload and may add a column afterwards, in the same
// transaction: MySQL would commit the DELETE before the ALTER. The sink must keep the
// statement atomic anyway.
TEST_F(MysqlSinkTest, DdlAfterDataInATransactionKeepsItAtomic) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}, {int64_t{2}, "two", 2.0}}));
  sink->commit();
  for (bool succeed : {false, true}) {
    sink->begin();
    EXPECT_EQ(sink->delete_rows(kIssues.name, {}), 2);
    SinkBatch seen({"Id"});
    seen.add_row({int64_t{7}});
    sink->stage("seen", seen);
    sink->add_column(kIssues.name, {succeed ? "Extra" : "Tried", "TEXT"});  // DDL after the DELETE
    EXPECT_EQ(sink->count_rows(kIssues.name, {}), 0);                         // the DELETE still holds
    EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"seen", {"Id"}}}), 0);
    SinkBatch b({"Id", "Summary", "Hours", succeed ? "Extra" : "Tried"});
    b.add_row({int64_t{7}, "seven", 7.0, "x"});
    sink->upsert(kIssues.name, {"Id"}, b);
    EXPECT_EQ(sink->count_rows(kIssues.name, {.in = StagedSetRef{"seen", {"Id"}}}), 1);
    sink->write_checkpoint(kIssues.name, {.target = "Issues", .cursor = succeed ? "ok" : "failed"});
    if (succeed) sink->commit();
    else sink->rollback();
    if (!succeed) {
      // Everything written before and after the ALTER is undone.
      EXPECT_EQ(scalar("SELECT GROUP_CONCAT(Id ORDER BY Id) FROM Issues"), "1,2");
      EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
    }
  }
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(CONCAT(Id, ':', Extra)) FROM Issues"), "7:x");
  EXPECT_EQ(sink->read_checkpoint(kIssues.name)->cursor, "ok");
  auto spec = sink->describe_table(kIssues.name);
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->columns.back().name, "Extra");
  EXPECT_EQ(spec->columns.back().type, "TEXT");
}

TEST_F(MysqlSinkTest, DropTableInATransactionIsUndoneByRollback) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}}));
  sink->commit();
  sink->begin();
  sink->drop_table(kIssues.name);
  EXPECT_FALSE(sink->describe_table(kIssues.name));
  TableSpec wider = kIssues;
  wider.columns.push_back({"New", "INTEGER"});
  sink->ensure_table(wider);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "two", 2.0}}));
  sink->rollback();
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(Summary) FROM Issues"), "one");
  EXPECT_EQ(sink->describe_table(kIssues.name)->columns.size(), 3u);
  sink->begin();
  sink->drop_table(kIssues.name);
  sink->ensure_table(wider);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "two", 2.0}}));
  sink->commit();
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(Summary) FROM Issues"), "two");
  EXPECT_EQ(sink->describe_table(kIssues.name)->columns.size(), 4u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"), "2");
}

TEST_F(MysqlSinkTest, DropAndTruncate) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "a", 1.0}}));
  sink->truncate_table(kIssues.name);
  EXPECT_EQ(sink->count_rows(kIssues.name, {}), 0);
  sink->commit();
  sink->drop_table(kIssues.name);
  EXPECT_FALSE(sink->describe_table(kIssues.name));
}

// --- checkpoints and schemas ---

TEST_F(MysqlSinkTest, CheckpointRoundTrip) {
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
  sink->begin();
  sink->ensure_table(kIssues);
  Checkpoint c{"Issues", "Issues", "h1", "2024-05-06T07:08:09Z", 42, "2024-06-01", "2024-05-07T00:00:00Z", 10};
  sink->write_checkpoint(kIssues.name, c);
  sink->commit();
  auto got = sink->read_checkpoint(kIssues.name);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->target, "Issues");
  EXPECT_EQ(got->source, "Issues");
  EXPECT_EQ(got->select_hash, "h1");
  EXPECT_EQ(got->cursor, "2024-05-06T07:08:09Z");
  EXPECT_EQ(got->activity_id, 42);
  EXPECT_EQ(got->window_next, "2024-06-01");
  EXPECT_EQ(got->run_at, "2024-05-07T00:00:00Z");
  EXPECT_EQ(got->rows, 10);
  c.cursor = "2024-06-01T00:00:00Z";
  c.window_next = "";
  sink->begin();
  sink->write_checkpoint(kIssues.name, c);
  sink->commit();
  EXPECT_EQ(sink->read_checkpoint(kIssues.name)->cursor, "2024-06-01T00:00:00Z");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM _backlogsql_checkpoints"), "1");
  sink->begin();
  sink->delete_checkpoint(kIssues.name);
  sink->commit();
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
}

TEST_F(MysqlSinkTest, SchemaIsADatabaseWithItsOwnCheckpoints) {
  std::string schema = "P" + db;  // unique per test, like the database itself
  TableName target{schema, "Issues"};
  EXPECT_FALSE(sink->read_checkpoint(target));  // no database yet: no checkpoint
  sink->prepare_schema(schema);
  sink->prepare_schema(schema);  // idempotent
  sink->begin();
  TableSpec spec = kIssues;
  spec.name = target;
  sink->ensure_table(spec);
  sink->upsert(target, {"Id"}, issues({{int64_t{7}, "seven", 7.0}}));
  sink->write_checkpoint(target, {.target = schema + ".Issues", .cursor = "x"});
  sink->commit();
  EXPECT_EQ(scalar("SELECT Summary FROM `" + schema + "`.Issues"), "seven");
  EXPECT_EQ(scalar("SELECT target FROM `" + schema + "`._backlogsql_checkpoints"), schema + ".Issues");
  EXPECT_EQ(scalar("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + schema + "'"),
            "utf8mb4_bin");
  EXPECT_FALSE(sink->describe_table(kIssues.name));  // not in the default database
  EXPECT_EQ(sink->read_checkpoint(target)->cursor, "x");
  EXPECT_FALSE(sink->read_checkpoint(kIssues.name));
  mariadb_query(uri, "DROP DATABASE `" + schema + "`");
}

TEST_F(MysqlSinkTest, WeirdIdentifiersAreQuotedAndValuesEscaped) {
  TableSpec spec{{"", "we`ird; table"}, {{"a`b", "TEXT"}, {"select", "TEXT"}}, {"a`b"}};
  sink->begin();
  sink->ensure_table(spec);
  SinkBatch b({"a`b", "select"});
  b.add_row({"k'1", "'); DROP TABLE x; --"});
  b.add_row({"k\\2", std::string("nul\0byte", 8)});
  sink->upsert(spec.name, spec.keys, b);
  sink->add_column(spec.name, {"new`col", "INTEGER"});
  sink->commit();
  auto rows = mariadb_query(uri, "SELECT `a``b`, `select`, `new``col` FROM `we``ird; table` ORDER BY `a``b`");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "k'1");
  EXPECT_EQ(rows[0][1], "'); DROP TABLE x; --");
  EXPECT_EQ(rows[0][2], std::nullopt);
  EXPECT_EQ(rows[1][0], "k\\2");
  EXPECT_EQ(rows[1][1], std::string("nul\0byte", 8));
}

TEST_F(MysqlSinkTest, ErrorsNameTheTable) {
  sink->begin();
  try {
    sink->upsert({"", "Nope"}, {"Id"}, issues({{int64_t{1}, "a", 1.0}}));
    FAIL() << "expected an error";
  } catch (const SinkError& e) {
    EXPECT_NE(std::string(e.what()).find("table Nope"), std::string::npos) << e.what();
  }
  sink->ensure_table({{"", "Short"}, {{"K", "TEXT"}}, {"K"}});
  SinkBatch too_long({"K"});
  too_long.add_row({std::string(300, 'k')});
  try {
    sink->upsert({"", "Short"}, {"K"}, too_long);
    FAIL() << "expected an error";
  } catch (const SinkError& e) {
    EXPECT_NE(std::string(e.what()).find("table Short"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("too long"), std::string::npos) << e.what();
  }
  sink->rollback();
}

// --- first loads (LOAD DATA LOCAL INFILE, or plain INSERTs where it is refused) ---

std::string loads_so_far(const std::string& uri) {
  return mariadb_scalar(uri, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                             "WHERE VARIABLE_NAME = 'COM_LOAD'");
}

// The three ways a first load's batch goes in: array-bound INSERTs (MariaDB), LOAD DATA
// LOCAL INFILE (MySQL, or MariaDB with bulk off), plain multi-row INSERTs (neither).
enum class Path { Bulk, LoadData, Insert };
constexpr Path kPaths[] = {Path::Bulk, Path::LoadData, Path::Insert};

const char* path_name(Path p) {
  return p == Path::Bulk ? "array-bound INSERT" : p == Path::LoadData ? "LOAD DATA" : "INSERT";
}

void use_path(MysqlSink& sink, Path p) {
  sink.set_bulk(p == Path::Bulk);
  sink.set_local_infile(p == Path::LoadData);
}

// Batches of first loads that went in by `p` so far.
int64_t taken(const MysqlSink& sink, Path p) {
  const auto& f = sink.first_loads();
  return p == Path::Bulk ? f.bulk : p == Path::LoadData ? f.load_data : f.insert;
}

TEST_F(MysqlSinkTest, MariadbFirstLoadsUseArrayBinding) {
  EXPECT_TRUE(sink->bulk());
  sink->begin();
  sink->ensure_table(kIssues);
  EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "a", 1.0}})).inserted, 1);
  sink->commit();
  EXPECT_EQ(sink->first_loads().bulk, 1);
  EXPECT_EQ(sink->first_loads().load_data + sink->first_loads().insert, 0);
}

TEST_F(MysqlSinkTest, FirstLoadKeepsEveryCharacterNullAndConvertedValue) {
  TableSpec spec{{"", "L"}, {{"Id", "INTEGER"}, {"Name", "TEXT"}, {"At", "TIMESTAMP"}, {"Day", "DATE"},
                             {"Hours", "REAL"}}, {"Id"}};
  std::vector<std::vector<Value>> sent{
      {int64_t{1}, "tab\there\nnewline\r\nCRLF back\\slash \\N \\t 'q' \"dq\"", "2024-05-20T09:00:00+09:00",
       "2024-05-20T00:00:00Z", 0.1},
      {int64_t{2}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}},
      {int64_t{3}, "", "2024-03-01T12:30:00Z", "2024-03-01T00:00:00Z", -1.5e300},
      {int64_t{4}, "絵文字 🎉🍣 and \\N", "1999-12-31T23:59:59Z", "2000-02-29T00:00:00Z", 3.0},
      {int64_t{5}, std::string("nul\0byte\\", 9), std::monostate{}, std::monostate{}, 1e20},
      {int64_t{6}, "\\N", std::monostate{}, std::monostate{}, 0.0},
  };
  SinkBatch b({"Id", "Name", "At", "Day", "Hours"});
  for (auto row : sent) b.add_row(row);
  for (Path path : kPaths) {
    SCOPED_TRACE(path_name(path));
    use_path(*sink, path);
    int64_t loads = std::stoll(loads_so_far(uri)), before = taken(*sink, path);
    sink->begin();
    if (path == kPaths[0]) sink->ensure_table(spec);
    else EXPECT_EQ(sink->delete_rows(spec.name, {}), 6);  // emptied: a first load again
    auto count = sink->upsert(spec.name, spec.keys, b);
    sink->commit();
    EXPECT_EQ(count.inserted, 6);
    EXPECT_EQ(count.updated, 0);
    EXPECT_EQ(taken(*sink, path), before + 1);
    // The server ran a LOAD DATA (other tests may run some too: only ours is certain).
    if (path == Path::LoadData) {
      EXPECT_GT(std::stoll(loads_so_far(uri)), loads);
    }
    for (const auto& row : sent) {
      auto got = sink->lookup(spec.name, {"Id"}, std::span<const Value>(&row[0], 1), b.columns());
      ASSERT_TRUE(got) << to_display(row[0]);
      for (size_t i = 1; i < row.size(); ++i) {
        if (row[0] == Value{int64_t{1}} && b.columns()[i] == "At") continue;  // +09:00: checked below
        EXPECT_TRUE(same_value(row[i], (*got)[i])) << "Id " << to_display(row[0]) << " " << b.columns()[i]
                                                   << ": got " << to_display((*got)[i]);
      }
    }
    EXPECT_EQ(scalar("SELECT At FROM L WHERE Id = 1"), "2024-05-20 00:00:00");  // stored in UTC
    EXPECT_EQ(scalar("SELECT Day FROM L WHERE Id = 3"), "2024-03-01");
    EXPECT_EQ(scalar("SELECT HEX(Name) FROM L WHERE Id = 5"), "6E756C0062797465" "5C");
    EXPECT_EQ(scalar("SELECT Name FROM L WHERE Id = 6"), "\\N");
    EXPECT_EQ(scalar("SELECT CONCAT(Name IS NULL, At IS NULL, Hours IS NULL) FROM L WHERE Id = 2"), "111");
    EXPECT_EQ(scalar("SELECT CONCAT(Name IS NULL, LENGTH(Name)) FROM L WHERE Id = 3"), "00");
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM L WHERE Name = '絵文字 🎉🍣 and \\\\N'"), "1");
    // Upserting the same rows again (not a first load) changes nothing.
    auto again = sink->upsert(spec.name, spec.keys, b);
    EXPECT_EQ(again.inserted + again.updated, 0);
  }
}

TEST_F(MysqlSinkTest, FirstLoadFallsBackToUpsertWhenAKeyRepeats) {
  for (Path path : kPaths) {
    SCOPED_TRACE(path_name(path));
    use_path(*sink, path);
    sink->begin();
    if (path == kPaths[0]) sink->ensure_table(kIssues);
    else sink->delete_rows(kIssues.name, {});
    auto first = sink->upsert(kIssues.name, {"Id"},
                              issues({{int64_t{1}, "a", 1.0}, {int64_t{2}, "b", 2.0}, {int64_t{1}, "c", 3.0}}));
    EXPECT_EQ(first.inserted, 2);
    EXPECT_EQ(first.updated, 1);
    auto second = sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "b2", 2.0}, {int64_t{3}, "x", 3.0}}));
    EXPECT_EQ(second.inserted, 1);
    EXPECT_EQ(second.updated, 1);
    sink->commit();
    EXPECT_EQ(taken(*sink, path), 0);  // both upserted
    EXPECT_EQ(scalar("SELECT GROUP_CONCAT(CONCAT(Id, ':', Summary) ORDER BY Id) FROM Issues"), "1:c,2:b2,3:x");
  }
}

// LOAD DATA gets a batch in chunks as its lines are made, and array-bound INSERTs are cut
// below the packet limit (here lowered to 64 KiB): a first load of far more than one
// chunk or execution arrives whole, every value in place (escapes across chunk edges too).
TEST_F(MysqlSinkTest, AFirstLoadOfManyChunksArrivesWhole) {
  SinkBatch batch({"Id", "Summary", "Hours"});
  int64_t bytes = 0;
  for (int64_t i = 0; i < 3000; ++i) {
    std::string text = std::string(static_cast<size_t>(100 + i % 97), 'a' + i % 26) + "\ttab\\back\n" + std::to_string(i);
    bytes += static_cast<int64_t>(text.size());
    batch.add_row({i, text, i % 3 ? Value{static_cast<double>(i) / 4} : Value{}});
  }
  EXPECT_GT(bytes, 300000);  // (several chunks)
  sink->set_statement_limit(64 << 10);
  for (Path path : {Path::Bulk, Path::LoadData}) {
    SCOPED_TRACE(path_name(path));
    use_path(*sink, path);
    int64_t before = taken(*sink, path);
    sink->begin();
    if (path == Path::Bulk) sink->ensure_table(kIssues);
    else sink->delete_rows(kIssues.name, {});
    EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, batch).inserted, 3000);
    sink->commit();
    EXPECT_EQ(taken(*sink, path), before + 1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM Issues"), "3000");
    EXPECT_EQ(scalar("SELECT SUM(LENGTH(Summary)) FROM Issues"), std::to_string(bytes));
    // Every line ends as it was sent: "\ttab\\back\n" then the Id (tabs, backslashes,
    // newlines survive LOAD DATA's escaping whichever chunk they fall in).
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM Issues WHERE RIGHT(Summary, LENGTH(CONCAT('\\ttab\\\\back\\n', Id))) <> "
                     "CONCAT('\\ttab\\\\back\\n', Id)"), "0");
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM Issues WHERE Hours IS NULL"), "1000");
    EXPECT_EQ(scalar("SELECT Hours FROM Issues WHERE Id = 2999"), "749.75");
  }
}

// A later chunk of a first load (expect_full_load) goes straight in, and a batch
// repeating a key the earlier chunk committed is upserted instead.
TEST_F(MysqlSinkTest, AChunkOfAFirstLoadLoadsAndARepeatedKeyStillUpserts) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}, {int64_t{2}, "two", 2.0}}));
  sink->commit();
  int64_t loads = sink->first_loads().bulk;
  sink->expect_full_load(kIssues.name);
  sink->begin();
  auto fresh = sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{3}, "three", 3.0}, {int64_t{4}, "four", 4.0}}));
  EXPECT_EQ(fresh.inserted, 2);
  EXPECT_EQ(sink->first_loads().bulk, loads + 1);  // the chunk went straight in
  auto repeat = sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{2}, "TWO", 2.0}, {int64_t{5}, "five", 5.0}}));
  EXPECT_EQ(repeat.inserted, 1);
  EXPECT_EQ(repeat.updated, 1);
  sink->commit();
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(Summary ORDER BY Id) FROM Issues"), "one,TWO,three,four,five");
}

TEST_F(MysqlSinkTest, FirstLoadBadValuesFailAsOnTheInsertPath) {
  sink->begin();
  sink->ensure_table(kIssues);
  try {
    sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "a", 1.0}, {int64_t{2}, "b", "not a number"}}));
    FAIL() << "expected an error";
  } catch (const SinkError& e) {
    EXPECT_NE(std::string(e.what()).find("table Issues"), std::string::npos) << e.what();
  }
  sink->rollback();
  EXPECT_FALSE(sink->describe_table(kIssues.name));
}

// A loaded batch is journaled with its data: DDL later in the transaction replays it, and
// a rollback still undoes it (array-bound and LOAD DATA batches alike).
TEST_F(MysqlSinkTest, LoadedRowsSurviveDdlAndObeyRollback) {
  sink->begin();
  sink->ensure_table(kIssues);
  sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}, {int64_t{2}, "two", 2.0}}));
  sink->commit();
  int column = 0;
  for (Path path : {Path::Bulk, Path::LoadData}) {
    SCOPED_TRACE(path_name(path));
    use_path(*sink, path);
    for (bool succeed : {false, true}) {
      int64_t before = taken(*sink, path);
      sink->begin();
      sink->delete_rows(kIssues.name, {});
      EXPECT_EQ(sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{5}, "five\tv", 5.0}, {int64_t{6}, "six", 6.0}}))
                    .inserted,
                2);
      EXPECT_EQ(taken(*sink, path), before + 1);
      sink->add_column(kIssues.name, {"Extra" + std::to_string(column++), "TEXT"});
      EXPECT_EQ(sink->count_rows(kIssues.name, {}), 2);
      if (succeed) sink->commit();
      else sink->rollback();
      EXPECT_EQ(scalar("SELECT GROUP_CONCAT(Id ORDER BY Id) FROM Issues"), succeed ? "5,6" : "1,2");
      EXPECT_EQ(scalar("SELECT Summary FROM Issues WHERE Id = " + std::string(succeed ? "5" : "1")),
                succeed ? "five\tv" : "one");
    }
    // Back to the first rows for the next path.
    sink->begin();
    sink->delete_rows(kIssues.name, {});
    sink->upsert(kIssues.name, {"Id"}, issues({{int64_t{1}, "one", 1.0}, {int64_t{2}, "two", 2.0}}));
    sink->commit();
  }
}

// Array binding has one type per column: a column whose values mix integers, reals and
// text goes as text, and the server stores each as the INSERT path would.
TEST_F(MysqlSinkTest, ArrayBoundColumnsOfMixedValuesKeepEveryValue) {
  TableSpec spec{{"", "M"}, {{"Id", "INTEGER"}, {"N", "INTEGER"}, {"R", "REAL"}, {"T", "TEXT"}, {"B", "BOOLEAN"}},
                 {"Id"}};
  SinkBatch b({"Id", "N", "R", "T", "B"});
  b.add_row({int64_t{1}, int64_t{-9007199254740993}, int64_t{3}, int64_t{42}, int64_t{1}});
  b.add_row({int64_t{2}, std::string("17"), 2.5, 0.1, int64_t{0}});
  b.add_row({int64_t{3}, std::monostate{}, std::monostate{}, std::string("x"), std::monostate{}});
  b.add_row({int64_t{4}, int64_t{9223372036854775807}, -1e300, std::string(""), std::string("1")});
  sink->begin();
  sink->ensure_table(spec);
  EXPECT_EQ(sink->upsert(spec.name, spec.keys, b).inserted, 4);
  sink->commit();
  EXPECT_EQ(sink->first_loads().bulk, 1);
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(CONCAT_WS('|', Id, IFNULL(N, 'null'), IFNULL(R, 'null'), T, "
                   "IFNULL(B, 'null')) ORDER BY Id SEPARATOR ' ; ') FROM M"),
            "1|-9007199254740993|3|42|1 ; 2|17|2.5|0.1|0 ; 3|null|null|x|null ; 4|9223372036854775807|-1e300||1");
  // A text that is not a number fails as on the INSERT path, naming the table.
  sink->expect_full_load(spec.name);
  sink->begin();
  SinkBatch bad({"Id", "N"});
  bad.add_row({int64_t{9}, std::string("nine")});
  try {
    sink->upsert(spec.name, spec.keys, bad);
    FAIL() << "expected an error";
  } catch (const SinkError& e) {
    EXPECT_NE(std::string(e.what()).find("table M"), std::string::npos) << e.what();
  }
  sink->rollback();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM M"), "4");
}

}  // namespace
}  // namespace backlog::sinks
