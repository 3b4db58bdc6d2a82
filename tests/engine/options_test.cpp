// Bad scripts are refused before anything runs or is written: syntax errors, unknown
// options, bad option values.
#include "engine_fixture.h"

#include "engine/cursor_dates.h"
#include "engine/options.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;


TEST_F(EngineTest, UnknownOptionRefusesTheWholeScript) {
  auto r = run("REPLICATE Issues;\nCREATE TABLE side(x);\nREPLICATE Statuses WITH Frobnicate=1;");
  ASSERT_FALSE(r.ok);
  // The location is the option's: line 3, column 25.
  EXPECT_NE(r.error.find("line 3, column 25"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("unknown option Frobnicate"), std::string::npos) << r.error;
  EXPECT_TRUE(r.summaries.empty());
  EXPECT_TRUE(dest_rows("SELECT name FROM sqlite_master").empty());
  EXPECT_TRUE(source_rows("SELECT name FROM sqlite_master WHERE name = 'side'").empty());
}

TEST_F(EngineTest, BadOptionValuesAreRefused) {
  for (const char* script : {"REPLICATE Issues WITH ReplicateInterval=abc;",
                             "REPLICATE Issues WITH ReplicateIntervalUnit=fortnights;",
                             "REPLICATE Issues WITH ReplicateStartDate='yesterday';",
                             "REPLICATE Issues WITH DropTable=maybe;",
                             "REPLICATE Issues WITH DropTable, TruncateTable;",
                             "CHECKCACHE Issues START 'soon';"}) {
    auto r = run(std::string("REPLICATE Statuses;\n") + script);
    EXPECT_FALSE(r.ok) << script;
    EXPECT_NE(r.error.find("line 2"), std::string::npos) << r.error;
    EXPECT_TRUE(dest_rows("SELECT name FROM sqlite_master").empty()) << script;
  }
}

TEST_F(EngineTest, SyntaxErrorRefusesTheWholeScript) {
  auto r = run("REPLICATE Statuses;\nREPLICATE Issues WITH;\n");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("line 2"), std::string::npos) << r.error;
  EXPECT_TRUE(dest_rows("SELECT name FROM sqlite_master").empty());
}

TEST_F(EngineTest, KeyColumnsMustBeSelected) {
  auto r = run("REPLICATE T WITH KeyColumns='Nope' SELECT * FROM Statuses;");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("key column Nope"), std::string::npos) << r.error;
}

TEST(ReplicateOptions, ParsesCDataNames) {
  std::string err;
  auto opt = [](std::string name, std::optional<std::string> value) {
    grammar::Option o;
    o.name = std::move(name);
    o.value = std::move(value);
    return o;
  };
  auto o = parse_replicate_options({opt("droptable", std::nullopt), opt("ALTERSCHEMA", "false"),
                                    opt("ReplicateStartDate", "2024-01-02 03:04:05"),
                                    opt("ReplicateInterval", "3"), opt("ReplicateIntervalUnit", "weeks"),
                                    opt("KeyColumns", "ProjectId, Id"),
                                    opt("ReplicateTimeCheckColumn", "Created"), opt("CaptureDeletes", "0")},
                                   &err);
  ASSERT_TRUE(o) << err;
  EXPECT_TRUE(o->drop_table);
  EXPECT_FALSE(o->alter_schema);
  EXPECT_FALSE(o->capture_deletes);
  EXPECT_EQ(o->interval, 3);
  EXPECT_EQ(o->interval_unit, IntervalUnit::Weeks);
  EXPECT_EQ(o->key_columns, (std::vector<std::string>{"ProjectId", "Id"}));
  EXPECT_EQ(o->time_check_column, "Created");
  EXPECT_EQ(o->start_date, "2024-01-02T03:04:05Z");
}

TEST(CursorDates, ParseFormatAndIntervals) {
  auto t = parse_cursor_time("2024-01-31T10:20:30Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_timestamp(*t), "2024-01-31T10:20:30Z");
  EXPECT_EQ(format_date(add_interval(*t, 1, IntervalUnit::Months)), "2024-02-29");
  EXPECT_EQ(format_date(add_interval(*t, 1, IntervalUnit::Years)), "2025-01-31");
  EXPECT_EQ(window_bound(add_interval(*t, 2, IntervalUnit::Hours), IntervalUnit::Hours), "2024-01-31T12:20:30Z");
  EXPECT_EQ(since_value("2024-05-06T07:08:09Z"), "2024-05-06");
  EXPECT_EQ(since_value("12345"), "12345");
  EXPECT_FALSE(parse_cursor_time("2024-13-01"));
  EXPECT_FALSE(parse_cursor_time("20240101"));
  EXPECT_TRUE(parse_cursor_time("2024-01-01 05:06"));
}

}  // namespace
}  // namespace backlog::engine::testing
