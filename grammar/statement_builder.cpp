// Fills a Statement from the grammar's reductions and words syntax errors (see
// statement_builder.h).
#include "grammar/statement_builder.h"

#include <fmt/format.h>

#include "grammar/identifier.h"

namespace backlog::grammar {
namespace {

// A token as an error message quotes it: at most 40 bytes, cut at a character boundary;
// of a word token only the first word, because the SELECT tail is one long word token.
std::string quoted_for_message(const Token& token) {
  std::string_view shown = token.text;
  if (token.kind == TokenKind::Word) shown = shown.substr(0, shown.find_first_of(" \t\r\n\f\v"));
  bool cut = false;
  if (shown.size() > 40) {
    size_t end = 40;
    while (end > 0 && (static_cast<unsigned char>(shown[end]) & 0xC0) == 0x80) --end;
    shown = shown.substr(0, end);
    cut = true;
  }
  return fmt::format("\"{}{}\"", shown, cut ? "…" : "");
}

}  // namespace

StatementBuilder::StatementBuilder(Statement& statement, std::vector<GrammarToken> tokens)
    : statement_(statement), tokens_(std::move(tokens)) {}

void StatementBuilder::set_target(int schema, int name) {
  if (schema >= 0) statement_.schema = this->name(schema);
  statement_.target = this->name(name);
}

void StatementBuilder::add_column(int name, TokenRange type) {
  statement_.columns.push_back(ColumnDef{this->name(name), text(type)});
}

void StatementBuilder::add_primary_key(int column) { statement_.primary_key.push_back(name(column)); }

void StatementBuilder::add_option(int name) {
  statement_.options.push_back(Option{this->name(name), std::nullopt, tokens_[name].token.where});
}

void StatementBuilder::add_option(int name, TokenRange value) {
  statement_.options.push_back(Option{this->name(name), this->value(value), tokens_[name].token.where});
}

void StatementBuilder::set_source_table(int name) { statement_.source_table = this->name(name); }

void StatementBuilder::set_select(int select) { statement_.select = std::string(tokens_[select].token.text); }

void StatementBuilder::set_start(TokenRange value) { statement_.start = this->value(value); }

void StatementBuilder::set_end(TokenRange value) { statement_.end = this->value(value); }

void StatementBuilder::syntax_error(int token) {
  if (error_) return;
  const int size = static_cast<int>(tokens_.size());
  if (token >= size) {
    // The statement stopped early: point just past its last token.
    const Token& last = tokens_.back().token;
    const Location after = advance(last.where, last.text);
    error_ = size == 1 ? SyntaxError{fmt::format("{} needs a target table name", keyword()), after}
                       : SyntaxError{fmt::format("incomplete {} statement: it ends after {}", keyword(),
                                                 quoted_for_message(last)),
                                     after};
    return;
  }
  const Token& bad = tokens_[token].token;
  std::string message = fmt::format("near {}: ", quoted_for_message(bad));
  if (token == 1) {
    message += fmt::format("{} needs a target table name", keyword());
  } else {
    message += "syntax error";
    if (inside_options(token) &&
        (equals_ignoring_case(bad.text, "AS") || bad.kind == TokenKind::LeftParen)) {
      message += fmt::format(
          " (WITH after the {} target starts its options; a SELECT that begins with a WITH "
          "clause is not supported: use a subquery or a view)",
          keyword());
    } else if (equals_ignoring_case(bad.text, "WITH") && tokens_[token - 1].token.kind == TokenKind::LeftParen) {
      message += " (a SELECT that begins with a WITH clause is not supported: use a subquery or a view)";
    }
  }
  error_ = SyntaxError{std::move(message), bad.where};
}

void StatementBuilder::stack_overflow() {
  if (!error_) error_ = SyntaxError{fmt::format("{} statement too complex", keyword()), statement_.where};
}

std::string StatementBuilder::name(int token) const { return unquote_identifier(tokens_[token].token.text); }

std::string StatementBuilder::text(TokenRange range) const {
  if (range.last < range.first) return {};
  const Token& first = tokens_[range.first].token;
  const Token& last = tokens_[range.last].token;
  // All tokens view into the same statement text, so the range is one contiguous slice.
  return std::string(first.text.data(), last.text.data() + last.text.size());
}

std::string StatementBuilder::value(TokenRange range) const {
  if (range.first == range.last) {
    const Token& only = tokens_[range.first].token;
    if (only.kind == TokenKind::String || only.kind == TokenKind::QuotedName) return unquote_identifier(only.text);
  }
  // A signed number: `- 1` means -1, whatever the spacing.
  std::string out;
  for (int i = range.first; i <= range.last; ++i) out += tokens_[i].token.text;
  return out;
}

std::string StatementBuilder::keyword() const {
  return statement_.kind == Statement::Kind::CheckCache ? "CHECKCACHE" : "REPLICATE";
}

bool StatementBuilder::inside_options(int token) const {
  if (statement_.kind != Statement::Kind::Replicate) return false;
  for (int i = 1; i < token; ++i) {
    if (tokens_[i].token.kind == TokenKind::Word && equals_ignoring_case(tokens_[i].token.text, "WITH")) return true;
  }
  return false;
}

}  // namespace backlog::grammar
