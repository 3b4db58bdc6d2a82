// Properties every parse must have, whatever the input: used by the mutation test
// (mutation_fuzz_test.cpp) and the libFuzzer target (fuzz_grammar.cpp).
#pragma once

#include <string>
#include <string_view>

namespace backlog::grammar::testing {

// Checks the tokenizer, the splitter and parse_script() on `script`; returns a description
// of the first property that does not hold, or "" when all hold:
//   - the tokens cover the input exactly, in order, with locations that agree with advance();
//   - parsing twice gives the same result;
//   - every statement's text is its slice of the script at its location, trimmed;
//   - an error lies inside the script and after the statements returned before it;
//   - without an error, the statements joined with ";\n" parse back to the same statements.
std::string check_invariants(std::string_view script);

}  // namespace backlog::grammar::testing
