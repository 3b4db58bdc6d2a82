// Properties every parse must have (see invariants.h).
#include "invariants.h"

#include <algorithm>
#include <sstream>

#include "grammar/splitter.h"
#include "grammar/statement.h"
#include "grammar/tokenizer.h"

namespace backlog::grammar::testing {
namespace {

// Everything a statement carries, in one comparable string.
std::string describe(const Statement& s, bool with_location) {
  std::ostringstream out;
  out << static_cast<int>(s.kind) << '|' << s.text << '|' << s.schema << '|' << s.target << '|';
  for (const ColumnDef& c : s.columns) out << c.name << ':' << c.type << ',';
  out << '|';
  for (const std::string& k : s.primary_key) out << k << ',';
  out << '|';
  for (const Option& o : s.options) out << o.name << '=' << (o.value ? *o.value : "<none>") << ',';
  out << '|' << s.select << '|' << s.source_table << '|' << s.repair << s.skip_modified << s.skip_deleted << '|'
      << s.start << '|' << s.end;
  if (with_location) out << '@' << s.where.line << ':' << s.where.column;
  return out.str();
}

std::string describe(const ParseResult& r, bool with_location) {
  std::string out;
  for (const Statement& s : r.statements) out += describe(s, with_location) + "\n";
  if (r.error) out += "error: " + to_string(*r.error);
  return out;
}

bool before(Location a, Location b) { return a.line < b.line || (a.line == b.line && a.column < b.column); }

std::string check_tokens(std::string_view script) {
  size_t offset = 0;
  Location where;
  for (Tokenizer lexer(script); !lexer.done();) {
    const Token t = lexer.next();
    if (t.text.empty()) return "empty token";
    if (t.offset != offset || script.substr(offset, t.text.size()) != t.text) return "tokens do not cover the input";
    if (t.where.line != where.line || t.where.column != where.column) return "token location disagrees";
    offset += t.text.size();
    where = advance(where, t.text);
  }
  return offset == script.size() ? "" : "tokens stop early";
}

bool mentions_trigger(const ParseResult& r) {
  for (const Statement& s : r.statements) {
    std::string upper(s.text);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper.find("TRIGGER") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string check_invariants(std::string_view script) {
  if (std::string problem = check_tokens(script); !problem.empty()) return problem;

  const ParseResult first = parse_script(script);
  const ParseResult second = parse_script(script);
  if (describe(first, true) != describe(second, true)) return "parsing twice differs";

  const SplitResult split = split_script(script);
  if (split.statements.size() < first.statements.size()) return "more statements than the splitter found";
  for (size_t i = 0; i < first.statements.size(); ++i) {
    const Statement& s = first.statements[i];
    const StatementSource& source = split.statements[i];
    if (s.text.empty()) return "empty statement returned";
    if (s.text != source.text) return "statement text is not its slice of the script";
    if (s.where.line != source.where.line || s.where.column != source.where.column) return "statement location";
    if (advance(Location{}, script.substr(0, source.offset)).column != s.where.column) return "statement column";
    if (std::isspace(static_cast<unsigned char>(s.text.front())) || std::isspace(static_cast<unsigned char>(s.text.back()))) {
      return "statement text not trimmed";
    }
  }

  if (first.error) {
    const Location end = advance(Location{}, script);
    const Location at = first.error->where;
    if (first.error->message.empty()) return "error without a message";
    if (at.line < 1 || at.column < 1 || before(end, at)) return "error location outside the script";
    if (!first.statements.empty() && !before(first.statements.back().where, at)) return "error before its statements";
    return "";
  }

  // Triggers are cut by END, which joining cannot reproduce for a trigger with no END.
  if (mentions_trigger(first)) return "";
  std::string joined;
  for (const Statement& s : first.statements) joined += s.text + ";\n";
  const ParseResult again = parse_script(joined);
  if (again.error) return "joined statements do not parse: " + to_string(*again.error);
  if (describe(again, false) != describe(first, false)) return "joined statements parse differently";
  return "";
}

}  // namespace backlog::grammar::testing
