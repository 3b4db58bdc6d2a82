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

TEST(SinkUri, PostgresAndMysqlNotSupportedYetAndPasswordRedacted) {
  std::string err;
  EXPECT_EQ(open_sink("postgresql://me:hunter2@127.0.0.1:5432/db", &err), nullptr);
  EXPECT_NE(err.find("not supported yet"), std::string::npos);
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
  err.clear();
  EXPECT_EQ(open_sink("mysql://root@127.0.0.1/t", &err), nullptr);
  EXPECT_NE(err.find("not supported yet"), std::string::npos);
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
