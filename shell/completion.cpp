#include "shell/completion.h"

#include <sqlite3.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "grammar/splitter.h"
#include "shell/dot_commands.h"
#include "vtab/resource.h"

namespace backlog::shell {
namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

// Words of the grammar on top of SQLite's own keywords.
constexpr const char* kExtraKeywords[] = {"REPLICATE", "CHECKCACHE", "REPAIR", "SCHEMA"};

std::vector<std::string> keywords() {
  std::vector<std::string> out;
  for (int i = 0; i < sqlite3_keyword_count(); ++i) {
    const char* name = nullptr;
    int n = 0;
    if (sqlite3_keyword_name(i, &name, &n) == SQLITE_OK) out.emplace_back(name, n);
  }
  for (const char* k : kExtraKeywords) out.emplace_back(k);
  return out;
}

// The words of the last statement of `text` (what follows the last ';' that ends one).
std::vector<std::string> statement_words(std::string_view text) {
  grammar::SplitResult split = grammar::split_script(text);
  if (!split.statements.empty()) {
    const auto& last = split.statements.back();
    bool ended = text.find(';', last.offset + last.text.size()) != std::string_view::npos;
    text = ended ? std::string_view{} : text.substr(last.offset);
  }
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (is_word_char(c)) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

bool only_space(std::string_view text) {
  return grammar::split_script(text).statements.empty();
}

}  // namespace

size_t word_start(std::string_view line) {
  size_t i = line.size();
  while (i > 0 && is_word_char(line[i - 1])) --i;
  if (i > 0 && (line[i - 1] == '"' || line[i - 1] == '.')) --i;
  return i;
}

std::vector<std::string> complete(std::string_view before, std::string_view word) {
  std::vector<std::string> out;
  auto add = [&](std::string candidate) {
    if (starts_with_nocase(candidate, word)) out.push_back(std::move(candidate));
  };
  if (!word.empty() && word[0] == '.') {
    if (only_space(before))
      for (const DotCommand& c : dot_commands()) add(std::string(".") + c.name);
    return out;
  }
  std::string_view bare = word;
  std::string quote;
  if (!bare.empty() && bare[0] == '"') {
    bare.remove_prefix(1);
    quote = "\"";
  }
  auto add_name = [&](const char* name) {
    if (starts_with_nocase(name, bare)) out.push_back(quote + name + quote);
  };
  // After a dot-command's name: its argument (tables for .schema/.tables, modes for .mode).
  std::string_view trimmed = before.substr(std::min(before.size(), before.find_first_not_of(" \t\n")));
  if (!trimmed.empty() && trimmed[0] == '.') {
    if (trimmed.starts_with(".mode"))
      for (const char* m : {"list", "csv", "json", "line", "table", "box", "markdown"}) add(m);
    else if (trimmed.starts_with(".schema") || trimmed.starts_with(".tables"))
      for (const vtab::Resource* r : vtab::catalog()) add_name(r->table);
    return out;
  }
  std::set<std::string> seen;  // a column shared by two named tables once
  for (const std::string& w : statement_words(before))
    if (const vtab::Resource* r = vtab::find_resource(w))
      for (const vtab::Column& c : r->columns)
        if (seen.insert(c.name).second) add_name(c.name);
  for (const vtab::Resource* r : vtab::catalog()) add_name(r->table);
  // Keywords in the case of the word: SEL → SELECT, sel → select; a Mixed word (Na) is
  // a catalog name being typed (Name), so no keyword then.
  bool has_upper = std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isupper(c); });
  bool has_lower = std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::islower(c); });
  if (quote.empty() && !word.empty() && !(has_upper && has_lower)) {
    for (std::string k : keywords()) {
      if (has_lower) std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
      add(std::move(k));
    }
  }
  return out;
}

std::string common_prefix(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  std::string prefix = candidates.front();
  for (const std::string& c : candidates) {
    size_t n = 0;
    while (n < prefix.size() && n < c.size() && prefix[n] == c[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

}  // namespace backlog::shell
