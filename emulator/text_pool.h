// Realistic-looking text for the generated dataset: Japanese and emoji mixed with English,
// as real Backlog spaces are. All choices go through Rng so a seed fixes every string.
#pragma once

#include <string>

#include "random.h"

namespace backlog::emulator {

std::string person_name(Rng& rng, int index);       // "山田 太郎", "Alice Smith"
std::string issue_summary(Rng& rng);                 // "ログイン画面でエラー 🐛 when saving"
std::string issue_description(Rng& rng);             // multi-line markdown, may be ""
std::string comment_text(Rng& rng);
std::string wiki_name(Rng& rng, int index);
std::string wiki_content(Rng& rng);
std::string file_name(Rng& rng);                     // "screenshot_20.png"
std::string hex_sha(Rng& rng);                       // 40 hex digits

}  // namespace backlog::emulator
