// Tab completion for the interactive shell: what may follow what was typed so far.
//
//   complete("SELECT * FROM Priorities WHERE ", "Na")   -> {"Name"}
//   complete("", ".sch")                                 -> {".schema"}
//   complete("SELECT * FROM ", "Wiki")                   -> {"WikiPageAttachments", "WikiPageHistory", …}
//
// Candidates: dot-commands (for a word starting with '.' at the start of a statement),
// table names, the columns of the tables named so far in the current statement, and SQL
// and REPLICATE keywords (in the case the word was typed in). Matching ignores case.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace backlog::shell {

// `before` is the current statement up to the word being completed (earlier lines of a
// multi-line statement included); `word` is the partial word under the cursor.
std::vector<std::string> complete(std::string_view before, std::string_view word);

// The longest prefix all candidates share (what one Tab can insert).
std::string common_prefix(const std::vector<std::string>& candidates);

// Where the word under the cursor starts in `line` (identifier characters, '.' of a
// dot-command, a leading '"').
size_t word_start(std::string_view line);

}  // namespace backlog::shell
