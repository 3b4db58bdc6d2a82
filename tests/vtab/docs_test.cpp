// docs/tables.md is generated from the catalog (`backlogsql --reference > docs/tables.md`):
// it must not drift from the declarations.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "vtab/reference.h"

TEST(Docs, TablesReferenceMatchesTheCatalog) {
  std::ifstream in(std::string(BACKLOGSQL_SOURCE_DIR) + "/docs/tables.md");
  ASSERT_TRUE(in) << "docs/tables.md is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), backlog::vtab::markdown_reference())
      << "regenerate it: build/backlogsql --reference > docs/tables.md";
}
