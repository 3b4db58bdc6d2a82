// Splits a script into statements at the semicolons that end them.
//
//   split_script("SELECT ';'; -- done;\n REPLICATE Issues")
//     -> "SELECT ';'" at 1:1, "REPLICATE Issues" at 2:2
//
// Semicolons inside strings, quoted names and comments do not split. Neither do those
// inside the body of CREATE [TEMP] TRIGGER … BEGIN … END (only a `;` right after END
// ends such a statement, like sqlite3_complete()). A statement's text runs from its first
// token to its last, so leading and trailing comments and whitespace are not part of it;
// statements with no tokens (`;;`, a lone comment) are skipped; the last statement needs
// no `;`.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "grammar/statement.h"

namespace backlog::grammar {

struct StatementSource {
  std::string_view text;  // a view into the script, without the `;`
  Location where;         // where text starts
  size_t offset = 0;      // byte offset of text in the script
};

struct SplitResult {
  std::vector<StatementSource> statements;
  std::optional<SyntaxError> error;  // an unterminated string or quoted name; statements
                                     // holds those before it
};

SplitResult split_script(std::string_view script);

// The statements' texts only; stops at an unterminated string or quoted name.
std::vector<std::string_view> split_statements(std::string_view script);

// True when the input ends with a `;` that ends a statement (whitespace and comments may
// follow): what a REPL asks before it runs what was typed, like sqlite3_complete().
bool is_complete(std::string_view input);

}  // namespace backlog::grammar
