// A deterministic fuzz test: mutates the valid statements in corpus/ (byte flips,
// truncations, inserted quotes, semicolons, brackets, comment markers and keywords,
// splices) for some thousands of iterations and checks that every parse holds the
// invariants in invariants.h. Under the asan preset this also proves no memory errors.
// The same corpus seeds the libFuzzer target fuzz_grammar.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "grammar/statement.h"
#include "invariants.h"

namespace backlog::grammar::testing {
namespace {

std::vector<std::string> load_corpus() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(GRAMMAR_CORPUS_DIR)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());  // a fixed order keeps the test deterministic
  std::vector<std::string> corpus;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    corpus.push_back(text.str());
  }
  return corpus;
}

// Fragments that change how a script is cut into tokens and statements.
const std::vector<std::string> kInsertions = {
    "'", "\"", "[", "]", "`", ";", "(", ")", "--", "/*", "*/", "\n", ",", ".", "=", "''", "\"\"",
    " SELECT ", " WITH ", "REPLICATE ", "CHECKCACHE ", " PRIMARY KEY(", " AGAINST (", " END ", "\x01", "\xC3\xA9"};

class Mutator {
 public:
  explicit Mutator(const std::vector<std::string>& corpus) : corpus_(corpus) {}

  std::string next() {
    std::string s = corpus_[pick(corpus_.size())];
    const size_t mutations = 1 + pick(3);
    for (size_t i = 0; i < mutations; ++i) mutate(s);
    return s;
  }

 private:
  size_t pick(size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

  void mutate(std::string& s) {
    const size_t at = pick(s.size() + 1);
    switch (pick(6)) {
      case 0:  // flip a byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(pick(256));
        break;
      case 1:  // truncate
        s.resize(at);
        break;
      case 2:  // insert a fragment
      case 3:
        s.insert(at, kInsertions[pick(kInsertions.size())]);
        break;
      case 4:  // delete a range
        s.erase(at, pick(8));
        break;
      case 5:  // splice in part of another corpus entry
      {
        const std::string& other = corpus_[pick(corpus_.size())];
        const size_t from = pick(other.size() + 1);
        s.insert(at, other.substr(from, pick(40)));
        break;
      }
    }
  }

  const std::vector<std::string>& corpus_;
  std::mt19937 random_{20240101};  // fixed seed: the same inputs on every run
};

TEST(MutationFuzz, CorpusIsValid) {
  const auto corpus = load_corpus();
  ASSERT_GE(corpus.size(), 10u);
  for (const std::string& script : corpus) {
    ParseResult r = parse_script(script);
    EXPECT_FALSE(r.error) << script << "\n -> " << to_string(*r.error);
    EXPECT_FALSE(r.statements.empty()) << script;
    EXPECT_EQ(check_invariants(script), "") << script;
  }
}

TEST(MutationFuzz, MutatedScriptsKeepTheInvariants) {
  const auto corpus = load_corpus();
  ASSERT_FALSE(corpus.empty());
  Mutator mutator(corpus);
  int errors = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string script = mutator.next();
    const std::string problem = check_invariants(script);
    ASSERT_EQ(problem, "") << "iteration " << i << ", script:\n" << script;
    if (parse_script(script).error) ++errors;
  }
  // The mutations must exercise both paths, or the test proves little.
  EXPECT_GT(errors, 500);
  EXPECT_LT(errors, 4500);
}

}  // namespace
}  // namespace backlog::grammar::testing
