// Test helper: parse a script that must hold exactly one statement, without errors.
#pragma once

#include <gtest/gtest.h>

#include "grammar/statement.h"

namespace backlog::grammar::testing {

inline Statement parse_one(std::string_view script) {
  ParseResult result = parse_script(script);
  EXPECT_FALSE(result.error) << script << "\n -> " << (result.error ? to_string(*result.error) : "");
  EXPECT_EQ(result.statements.size(), 1u) << script;
  return result.statements.empty() ? Statement{} : result.statements.front();
}

}  // namespace backlog::grammar::testing
