// Percent-encoding and query building.
#include <gtest/gtest.h>

#include "api/url.h"

namespace api = backlog::api;

TEST(Url, PercentEncodesPerRfc3986) {
  EXPECT_EQ(api::percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(api::percent_encode("a b&c=d/e?f+g"), "a%20b%26c%3Dd%2Fe%3Ff%2Bg");
  EXPECT_EQ(api::percent_encode("課題"), "%E8%AA%B2%E9%A1%8C");
  EXPECT_EQ(api::percent_encode("projectId[]"), "projectId%5B%5D");
  EXPECT_EQ(api::percent_encode(""), "");
}

TEST(Url, EncodesQueriesInOrderWithRepeatedNames) {
  api::Params params{{"projectId[]", "1"}, {"projectId[]", "2"}, {"keyword", "バグ 修正"}, {"count", "100"}};
  EXPECT_EQ(api::encode_query(params),
            "projectId%5B%5D=1&projectId%5B%5D=2&keyword=%E3%83%90%E3%82%B0%20%E4%BF%AE%E6%AD%A3&count=100");
  EXPECT_EQ(api::encode_query({}), "");
  EXPECT_EQ(api::encode_query({{"empty", ""}}), "empty=");
}

TEST(Url, AppendsQueryToPath) {
  EXPECT_EQ(api::append_query("/api/v2/space", ""), "/api/v2/space");
  EXPECT_EQ(api::append_query("/api/v2/issues", "count=1"), "/api/v2/issues?count=1");
  EXPECT_EQ(api::append_query("/api/v2/wikis?projectIdOrKey=P", "count=1"), "/api/v2/wikis?projectIdOrKey=P&count=1");
}
