// --issues 100000 starts (no timing assertion; the test timeout is generous) and answers
// list pages and counts over the whole set.
#include <gtest/gtest.h>

#include "api_client.h"

using namespace backlog::testing;

TEST(LargeDataset, HundredThousandIssuesStartAndServe) {
  EmulatorProcess emu({"--issues", "100000"});
  ApiClient api(emu);
  EXPECT_EQ(api.get("/issues/count").json["count"].GetInt(), 100000);
  ApiResponse page = api.get("/issues?projectId[]=1&count=100&offset=100");
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json.Size(), 100u);
  ApiResponse last = api.get("/issues/PRJ3-33333");
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.json["id"].GetInt(), 99999);
  ApiResponse sorted = api.get("/issues?sort=updated&order=asc&count=100&offset=50000");
  ASSERT_EQ(sorted.status, 200);
  EXPECT_EQ(sorted.json.Size(), 100u);
}
