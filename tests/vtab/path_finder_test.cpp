// PathFinder: the member position found last is only a hint — objects whose members come
// in another order, or lack one, still give the right value.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "vtab/json_value.h"

namespace backlog::vtab {
namespace {

TEST(PathFinder, FollowsNestedPathsWhateverTheMemberOrder) {
  rapidjson::Document doc;
  doc.Parse(R"([
    {"id": 1, "status": {"id": 2, "name": "Open"}, "summary": "a"},
    {"summary": "b", "status": {"name": "Closed", "id": 4}, "id": 2},
    {"id": 3, "summary": "c"},
    {"id": 4, "status": null, "summary": "d"},
    {"id": 5, "status": {"id": 1, "name": "Open"}, "summary": "e"}
  ])");
  ASSERT_FALSE(doc.HasParseError());
  std::vector<std::string> name_path{"status", "name"}, summary_path{"summary"};
  PathFinder name(&name_path), summary(&summary_path);
  std::vector<std::string> names, summaries;
  for (const auto& row : doc.GetArray()) {
    const rapidjson::Value* n = name.find(&row);
    names.push_back(n ? n->GetString() : "NULL");
    summaries.push_back(summary.find(&row)->GetString());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Open", "Closed", "NULL", "NULL", "Open"}));
  EXPECT_EQ(summaries, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  for (const auto& row : doc.GetArray()) EXPECT_EQ(name.find(&row), find_path(&row, name_path));
}

TEST(PathFinder, SameNameLengthIsNotEnough) {
  rapidjson::Document doc;
  doc.Parse(R"([{"abc": 1, "xyz": 2}, {"xyz": 3, "abc": 4}])");
  std::vector<std::string> path{"xyz"};
  PathFinder f(&path);
  EXPECT_EQ(f.find(&doc[0])->GetInt(), 2);
  EXPECT_EQ(f.find(&doc[1])->GetInt(), 3);  // the hint points at "abc" there
}

}  // namespace
}  // namespace backlog::vtab
