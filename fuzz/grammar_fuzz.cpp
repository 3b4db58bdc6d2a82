// libFuzzer target: the REPLICATE dialect (grammar/). Any byte string, taken as a script,
// must tokenize, split and parse without a crash or a sanitizer report, and keep the
// invariants of tests/grammar/invariants.h (tokens cover the input, parsing is
// deterministic, statements are their slices of the script, errors lie inside it, and
// what parsed re-parses the same when joined back).
//
//   fuzz/run 60                  # all targets, 60 s each
//   build-fuzz/fuzz_grammar -max_total_time=60 WORKDIR fuzz/corpus/grammar
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "invariants.h"   // tests/grammar/: shared with the mutation test

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  const std::string problem = backlog::grammar::testing::check_invariants(script);
  if (!problem.empty()) {
    std::fprintf(stderr, "grammar invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
