// Destination URI parsing and the sink factory.
#include "sinks/sink_uri.h"

#include <cstdio>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace backlog::sinks {
namespace {

TEST(SinkUri, SqliteForms) {
  std::string err;
  auto a = parse_destination("sqlite:out.db", &err);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, DestinationUri::Kind::Sqlite);
  EXPECT_EQ(a->location, "out.db");
  auto b = parse_destination("sqlite:///tmp/x.db", &err);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->location, "/tmp/x.db");
  auto c = parse_destination("/data/plain.db", &err);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->location, "/data/plain.db");
  EXPECT_FALSE(parse_destination("", &err));
  EXPECT_FALSE(parse_destination("sqlite:", &err));
  EXPECT_FALSE(parse_destination("ftp://host/x", &err));
  EXPECT_NE(err.find("unknown destination kind"), std::string::npos);
}

TEST(SinkUri, PostgresAndMysqlFailuresNameTheReasonWithoutThePassword) {
  std::string err;
  // Port 1: nothing listens there (the sinks themselves are tested in postgres_sink_test
  // and mysql_sink_test against real servers).
  EXPECT_EQ(open_sink("postgresql://me:hunter2@127.0.0.1:1/db", &err), nullptr);
  EXPECT_NE(err.find("cannot connect"), std::string::npos) << err;
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
  err.clear();
  EXPECT_EQ(open_sink("mysql://root:hunter2@127.0.0.1:1/t", &err), nullptr);
  EXPECT_NE(err.find("connection refused"), std::string::npos) << err;
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
}

TEST(SinkUri, RedactsAPasswordHoldingRawAtSignsAndSlashes) {
  // The userinfo ends at the last '@' before the path: all of a raw-'@' password is hidden.
  EXPECT_EQ(redact_uri("mysql://u:p@ss@h/db"), "mysql://u:***@h/db");
  EXPECT_EQ(redact_uri("postgresql://u:a@b@c@h:5432/db?sslmode=require"),
            "postgresql://u:***@h:5432/db?sslmode=require");
  // A '/' or '?' before the first '@' is the password's, not the path's.
  EXPECT_EQ(redact_uri("mysql://u:p/x?y@h/db"), "mysql://u:***@h/db");
  // An '@' after the path (a database name, a query value) is not part of the userinfo.
  EXPECT_EQ(redact_uri("postgresql://u:pw@h/d@b"), "postgresql://u:***@h/d@b");
  EXPECT_EQ(redact_uri("postgresql://u:pw@h/db?application_name=me@x"),
            "postgresql://u:***@h/db?application_name=me@x");
  // No password, nothing hidden.
  EXPECT_EQ(redact_uri("mysql://root@127.0.0.1:3306/t"), "mysql://root@127.0.0.1:3306/t");
  std::string err;
  EXPECT_EQ(open_sink("mysql://root:p@ss@127.0.0.1:1/t", &err), nullptr);
  EXPECT_EQ(err.find("ss@"), std::string::npos) << err;
}

TEST(SinkUri, OpensSqliteFileCreatingIt) {
  testing::TempDir dir;
  std::string err;
  auto sink = open_sink("sqlite:" + dir.file("new.db"), &err);
  ASSERT_NE(sink, nullptr) << err;
  EXPECT_EQ(sink->describe(), "sqlite:" + dir.file("new.db"));
  EXPECT_NO_THROW(sink->test());
  auto bad = open_sink(dir.file("no/such/dir/x.db"), &err);
  EXPECT_EQ(bad, nullptr);
  EXPECT_NE(err.find("cannot open"), std::string::npos);
}

TEST(SinkUri, TestRefusesAFileThatIsNotADatabase) {
  testing::TempDir dir;
  std::string path = dir.file("text.db");
  FILE* f = fopen(path.c_str(), "w");
  fputs("this is not a database, just some text that is long enough to be checked\n", f);
  fclose(f);
  std::string err;
  auto sink = open_sink(path, &err);
  if (sink) {
    EXPECT_THROW(sink->test(), SinkError);
  } else {
    EXPECT_NE(err.find("text.db"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace backlog::sinks
