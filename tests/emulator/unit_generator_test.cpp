// The generated dataset: deterministic per seed and size, and internally consistent
// (dates ordered, keys sequential per project, parents in the same project, activities in
// time order).
#include <gtest/gtest.h>

#include "generator.h"
#include "json_out.h"

using namespace backlog::emulator;

namespace {
Options small(uint64_t seed) {
  Options o;
  o.seed = seed;
  o.issues = 200;
  return o;
}
std::string issue_json(const Dataset& d, int id) {
  JsonDoc doc;
  write_issue(doc.w, d, d.issues[id - 1]);
  return doc.str();
}
}  // namespace

TEST(Generator, SameSeedGivesTheSameDataset) {
  Dataset a = generate_dataset(small(5)), b = generate_dataset(small(5)), c = generate_dataset(small(6));
  ASSERT_EQ(a.issues.size(), 200u);
  ASSERT_EQ(a.comments.size(), b.comments.size());
  ASSERT_EQ(a.activities.size(), b.activities.size());
  for (int id : {1, 57, 200}) EXPECT_EQ(issue_json(a, id), issue_json(b, id));
  EXPECT_NE(issue_json(a, 57), issue_json(c, 57));
}

TEST(Generator, DataIsConsistent) {
  Dataset d = generate_dataset(small(1));
  ASSERT_EQ(d.projects.size(), 3u);
  EXPECT_EQ(d.projects[1].key, "PRJ2");
  for (const auto& p : d.projects)
    for (size_t k = 0; k < p.issue_ids.size(); ++k) {
      const Issue& i = d.issues[p.issue_ids[k] - 1];
      EXPECT_EQ(i.key_id, static_cast<int>(k) + 1);
      EXPECT_EQ(i.project_id, p.id);
    }
  int children = 0, nulls = 0;
  for (const auto& i : d.issues) {
    EXPECT_GE(i.updated, i.created);
    if (i.parent_id) {
      ++children;
      EXPECT_EQ(d.issues[i.parent_id - 1].project_id, i.project_id);
      EXPECT_LT(i.parent_id, i.id);
    }
    nulls += i.assignee_id == 0;
    for (int c : i.comment_ids) EXPECT_GE(d.comments[c - 1].created, i.created);
  }
  EXPECT_GT(children, 0);
  EXPECT_GT(nulls, 0);
  for (size_t k = 1; k < d.activities.size(); ++k) {
    EXPECT_EQ(d.activities[k].id, static_cast<int>(k) + 1);
    EXPECT_GE(d.activities[k].created, d.activities[k - 1].created);
  }
}
