// Parses ONE statement (already cut out of its script by the splitter).
//
// A statement whose first word is REPLICATE or CHECKCACHE goes through the Lemon grammar
// (replicate.y); anything else is Kind::Sql with its text unchanged.
#pragma once

#include <string_view>
#include <variant>

#include "grammar/statement.h"

namespace backlog::grammar {

// `text` has no trailing `;`; `where` is where it starts in its script, so errors carry
// script locations.
std::variant<Statement, SyntaxError> parse_statement(std::string_view text, Location where);

}  // namespace backlog::grammar
