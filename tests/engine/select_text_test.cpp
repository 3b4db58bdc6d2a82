// Reading a SELECT's FROM table and WHERE presence from its text.
#include "engine/select_text.h"

#include <gtest/gtest.h>

namespace backlog::engine {
namespace {

TEST(SelectText, FromClauseTable) {
  EXPECT_EQ(from_clause_table("SELECT * FROM Issues"), "Issues");
  EXPECT_EQ(from_clause_table("select a, (select 1 from X) from \"My \"\"T\"\" \" where x"), "My \"T\" ");
  EXPECT_EQ(from_clause_table("SELECT * FROM main.Issues i WHERE i.Id = 1"), "Issues");
  EXPECT_EQ(from_clause_table("SELECT * FROM Issues JOIN Users ON 1"), "");
  EXPECT_EQ(from_clause_table("SELECT * FROM Issues, Users"), "");
  EXPECT_EQ(from_clause_table("SELECT * FROM (SELECT * FROM Issues)"), "");
  EXPECT_EQ(from_clause_table("SELECT 'FROM x' AS a -- FROM y\n FROM [Wiki Pages]"), "Wiki Pages");
}

TEST(SelectText, TopLevelWhere) {
  EXPECT_TRUE(has_top_level_where("SELECT * FROM Issues WHERE StatusId = 1"));
  EXPECT_FALSE(has_top_level_where("SELECT * FROM Issues"));
  EXPECT_FALSE(has_top_level_where("SELECT (SELECT 1 FROM x WHERE y) FROM Issues"));
  EXPECT_FALSE(has_top_level_where("SELECT 'where' FROM Issues"));
}

}  // namespace
}  // namespace backlog::engine
