// Quoting for generated SQL. Identifiers and literals are quoted by the grammar's
// functions (one implementation for the whole project); quote_list is the sinks' helper.
#pragma once

#include <string>
#include <vector>

#include "grammar/identifier.h"

namespace backlog::sinks {

using grammar::quote_identifier;  // a"b → "a""b"
using grammar::quote_literal;     // it's → 'it''s' (only where a value cannot be bound)

// "a", "b", "c"  (each quoted, joined by ", ")
std::string quote_list(const std::vector<std::string>& names);

}  // namespace backlog::sinks
