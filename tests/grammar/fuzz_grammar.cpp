// libFuzzer target for the grammar: any byte string must tokenize, split and parse without
// a crash, a sanitizer report, or a broken invariant (invariants.h).
// Built only with clang and -DBACKLOGSQL_FUZZ=ON; see grammar/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  const std::string problem = backlog::grammar::testing::check_invariants(script);
  if (!problem.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
