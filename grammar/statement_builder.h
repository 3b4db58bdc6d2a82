// What the REPLICATE grammar's actions call: fills one Statement from the tokens the
// Lemon parser reduces, and words its syntax errors.
//
// The parser's token values are indices into tokens(); non-terminals that cover several
// tokens (a column type, an option value) are TokenRanges, so every piece of the
// Statement is cut from the source text exactly as written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/statement.h"
#include "grammar/tokenizer.h"

namespace backlog::grammar {

// Tokens first..last (indices, inclusive); empty when last < first. A plain aggregate
// because Lemon keeps it in a union.
struct TokenRange {
  int first;
  int last;
};

// A significant token with the grammar's token code (TK_… from the generated replicate.h).
struct GrammarToken {
  int code;
  Token token;
};

class StatementBuilder {
 public:
  // `statement` already has kind, text and where; the builder fills the rest.
  StatementBuilder(Statement& statement, std::vector<GrammarToken> tokens);

  const std::vector<GrammarToken>& tokens() const { return tokens_; }
  Statement& statement() { return statement_; }
  const std::optional<SyntaxError>& error() const { return error_; }

  // Grammar actions.
  void set_target(int schema, int name);  // schema < 0: none
  void add_column(int name, TokenRange type);
  void add_primary_key(int column);
  void add_option(int name);
  void add_option(int name, TokenRange value);
  void set_source_table(int name);
  void set_select(int select);
  void set_start(TokenRange value);
  void set_end(TokenRange value);

  // Lemon's %syntax_error and %stack_overflow; `token` == tokens().size() is the end.
  void syntax_error(int token);
  void stack_overflow();

 private:
  std::string name(int token) const;         // unquoted identifier
  std::string text(TokenRange range) const;  // source text as written
  std::string value(TokenRange range) const; // literal: unquoted string or the tokens' text
  std::string keyword() const;               // "REPLICATE" or "CHECKCACHE", for messages
  bool inside_options(int token) const;      // after REPLICATE … WITH

  Statement& statement_;
  std::vector<GrammarToken> tokens_;
  std::optional<SyntaxError> error_;  // the first error only: later ones follow from it
};

}  // namespace backlog::grammar
