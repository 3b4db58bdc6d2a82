// The entry points of statement.h: parse_script(), find_option(), to_string().
#include <fmt/format.h>

#include "grammar/splitter.h"
#include "grammar/statement.h"
#include "grammar/statement_parser.h"
#include "grammar/tokenizer.h"

namespace backlog::grammar {

ParseResult parse_script(std::string_view script) {
  ParseResult result;
  SplitResult split = split_script(script);
  for (const StatementSource& source : split.statements) {
    auto parsed = parse_statement(source.text, source.where);
    if (auto* error = std::get_if<SyntaxError>(&parsed)) {
      result.error = std::move(*error);
      return result;  // the engine refuses the whole script: later statements don't matter
    }
    result.statements.push_back(std::move(std::get<Statement>(parsed)));
  }
  result.error = std::move(split.error);
  return result;
}

const Option* find_option(const Statement& statement, std::string_view name) {
  const Option* found = nullptr;
  for (const Option& option : statement.options) {
    if (equals_ignoring_case(option.name, name)) found = &option;
  }
  return found;
}

std::string to_string(const SyntaxError& error) {
  return fmt::format("line {}, column {}: {}", error.where.line, error.where.column, error.message);
}

}  // namespace backlog::grammar
