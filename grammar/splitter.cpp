// Splits a script into statements (see splitter.h).
#include "grammar/splitter.h"

#include "grammar/tokenizer.h"

namespace backlog::grammar {
namespace {

// Follows the first words of a statement to tell whether it is CREATE [TEMP|TEMPORARY]
// TRIGGER, whose body holds semicolons of its own.
class TriggerDetector {
 public:
  void see(const Token& token) {
    if (state_ == State::Decided) return;
    const bool word = token.kind == TokenKind::Word;
    if (state_ == State::Start && word && equals_ignoring_case(token.text, "CREATE")) {
      state_ = State::Create;
    } else if (state_ == State::Create && word &&
               (equals_ignoring_case(token.text, "TEMP") || equals_ignoring_case(token.text, "TEMPORARY"))) {
      state_ = State::CreateTemp;
    } else if ((state_ == State::Create || state_ == State::CreateTemp) && word &&
               equals_ignoring_case(token.text, "TRIGGER")) {
      trigger_ = true;
      state_ = State::Decided;
    } else {
      state_ = State::Decided;
    }
  }
  bool trigger() const { return trigger_; }

 private:
  enum class State { Start, Create, CreateTemp, Decided };
  State state_ = State::Start;
  bool trigger_ = false;
};

// One statement being collected: its first and last significant tokens.
struct PendingStatement {
  std::optional<Token> first;
  Token last;
  TriggerDetector trigger;

  void see(const Token& token) {
    if (!first) first = token;
    last = token;
    trigger.see(token);
  }
  // A `;` ends the statement, except inside a trigger body: there only after END.
  bool ended_by_semicolon() const {
    return !trigger.trigger() || (last.kind == TokenKind::Word && equals_ignoring_case(last.text, "END"));
  }
};

SyntaxError unterminated(const Token& token) {
  const bool string = token.kind == TokenKind::UnterminatedString;
  return SyntaxError{string ? "unterminated string literal" : "unterminated quoted identifier",
                     token.where};
}

// Scans the script once; calls emit(statement) for each statement and returns the
// unterminated token, if any, that stopped the scan. `complete` tells whether the input
// ended right after a statement-ending `;`.
template <typename Emit>
std::optional<Token> scan(std::string_view script, Emit emit, bool* complete) {
  PendingStatement pending;
  auto finish = [&] {
    if (!pending.first) return;
    const size_t end = pending.last.offset + pending.last.text.size();
    emit(StatementSource{script.substr(pending.first->offset, end - pending.first->offset), pending.first->where,
                         pending.first->offset});
  };
  *complete = false;
  Tokenizer lexer(script);
  while (!lexer.done()) {
    const Token token = lexer.next();
    if (token.kind == TokenKind::UnterminatedString || token.kind == TokenKind::UnterminatedName) {
      return token;
    }
    if (!is_significant(token.kind)) continue;
    if (token.kind == TokenKind::Semicolon && pending.ended_by_semicolon()) {
      finish();
      pending = PendingStatement{};
      *complete = true;
      continue;
    }
    pending.see(token);
    *complete = false;
  }
  finish();  // the last statement needs no `;`
  return std::nullopt;
}

}  // namespace

SplitResult split_script(std::string_view script) {
  SplitResult result;
  bool complete = false;
  auto bad = scan(script, [&](const StatementSource& s) { result.statements.push_back(s); }, &complete);
  if (bad) result.error = unterminated(*bad);
  return result;
}

std::vector<std::string_view> split_statements(std::string_view script) {
  std::vector<std::string_view> texts;
  bool complete = false;
  scan(script, [&](const StatementSource& s) { texts.push_back(s.text); }, &complete);
  return texts;
}

bool is_complete(std::string_view input) {
  bool complete = false;
  if (scan(input, [](const StatementSource&) {}, &complete)) return false;
  // An unterminated /* comment swallows everything after it: more input is needed.
  Tokenizer lexer(input);
  Token last;
  while (!lexer.done()) last = lexer.next();
  if (last.kind == TokenKind::Comment && last.text.starts_with("/*") &&
      (last.text.size() < 4 || !last.text.ends_with("*/"))) {
    return false;
  }
  return complete;
}

}  // namespace backlog::grammar

