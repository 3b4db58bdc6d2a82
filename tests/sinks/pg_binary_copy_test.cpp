// PostgreSQL's binary COPY encoding and the ISO-8601 reading under it (no server here; the
// server's reading of the same bytes is tested in postgres_sink_test).
#include "sinks/pg_binary_copy.h"

#include <gtest/gtest.h>

#include "sinks/iso_time.h"

namespace backlog::sinks {
namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

TEST(IsoTime, ReadsTheFormsSourcesWriteAndOnlyRealDays) {
  auto t = parse_iso_time("2024-05-20T09:00:00.5+09:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1716163200);
  EXPECT_EQ(t->micros, 500000);
  EXPECT_EQ(t->fraction_digits, 1);
  EXPECT_EQ(t->day, 20);  // the day as written, before the offset
  EXPECT_EQ(parse_iso_time("1970-01-01")->seconds, 0);
  EXPECT_FALSE(parse_iso_time("1970-01-01")->has_time);
  EXPECT_EQ(parse_iso_time("1969-12-31 23:59:59Z")->seconds, -1);
  EXPECT_EQ(parse_iso_time("2024-05-20T01:02-0130")->seconds, 1716163200 + 2 * 3600 + 32 * 60);  // 02:32Z
  EXPECT_EQ(parse_iso_time("2024-01-01T00:00:00.1234567Z")->micros, 123456);
  EXPECT_TRUE(parse_iso_time("2024-02-29"));
  EXPECT_TRUE(parse_iso_time("2000-02-29"));
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-05-20T24:00:00Z",
                          "2024-05-20T01:02:03Zjunk", "20240520", "", "2024-05-20T01"})
    EXPECT_FALSE(parse_iso_time(bad)) << bad;
}

TEST(PgBinaryCopy, TypesAreKnownOnlyForTheColumnsBacklogsqlCreates) {
  auto types = pg_binary_types({"bigint", "double precision", "boolean", "text", "timestamp with time zone", "date",
                                "jsonb"});
  ASSERT_TRUE(types);
  EXPECT_EQ(types->size(), 7u);
  EXPECT_FALSE(pg_binary_types({"bigint", "integer"}));  // a table someone else made: text
  EXPECT_FALSE(pg_binary_types({"numeric"}));
}

TEST(PgBinaryCopy, ValuesWithoutAnExactBinaryFormSendTheBatchAsText) {
  using T = PgBinaryType;
  auto fits = [](Value v, T t) {
    SinkBatch b({"c"});
    b.add_row({std::move(v)});
    return pg_binary_fits(b, {t});
  };
  EXPECT_TRUE(fits(int64_t{1}, T::Int8));
  EXPECT_TRUE(fits(std::monostate{}, T::Date));
  EXPECT_FALSE(fits(std::string("1"), T::Int8));
  EXPECT_FALSE(fits(1.5, T::Int8));
  EXPECT_TRUE(fits(int64_t{3}, T::Float8));
  EXPECT_FALSE(fits(std::string("1.5"), T::Float8));
  EXPECT_FALSE(fits(int64_t{2}, T::Bool));
  EXPECT_TRUE(fits(int64_t{0}, T::Bool));
  EXPECT_TRUE(fits(2.5, T::Text));
  EXPECT_FALSE(fits(int64_t{1}, T::Jsonb));
  EXPECT_TRUE(fits(std::string("2024-05-20T01:02:03.123456Z"), T::Timestamptz));
  EXPECT_FALSE(fits(std::string("2024-05-20T01:02:03.1234567Z"), T::Timestamptz));  // PostgreSQL rounds
  EXPECT_FALSE(fits(std::string("0000-01-01"), T::Date));                          // no year 0
  EXPECT_FALSE(fits(std::string("yesterday"), T::Timestamptz));
}

TEST(PgBinaryCopy, EncodesHeaderRowsAndTrailerAsTheFormatSays) {
  std::string out;
  append_pg_binary_header(out);
  EXPECT_EQ(hex(out), "5047434f50590aff0d0a00" "00000000" "00000000");
  out.clear();
  using T = PgBinaryType;
  std::vector<Value> row{int64_t{-2}, 1.0, int64_t{1}, "é", "2000-01-01T00:00:01.5Z", "2000-01-02T23:00:00-05:00",
                         "[1]", std::monostate{}};
  append_pg_binary_row(out, row, {T::Int8, T::Float8, T::Bool, T::Text, T::Timestamptz, T::Date, T::Jsonb, T::Text});
  EXPECT_EQ(hex(out),
            "0008"                                // 8 fields
            "00000008" "fffffffffffffffe"         // bigint -2
            "00000008" "3ff0000000000000"         // 1.0
            "00000001" "01"                       // true
            "00000002" "c3a9"                     // é
            "00000008" "000000000016e360"         // 1.5 s after 2000-01-01 (microseconds)
            "00000004" "00000001"                 // 2000-01-02: the day as written
            "00000004" "01" "5b315d"              // jsonb version 1, then the text
            "ffffffff");                          // NULL
  out.clear();
  append_pg_binary_trailer(out);
  EXPECT_EQ(hex(out), "ffff");
}

}  // namespace
}  // namespace backlog::sinks
