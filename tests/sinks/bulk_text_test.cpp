// The bulk loads' escaping against a byte-by-byte reference, with the bytes that need it
// at every position around the 16-byte blocks the fast scan reads.
#include <gtest/gtest.h>

#include <string>

#include "sinks/bulk_text.h"

namespace backlog::sinks {
namespace {

std::string reference(std::string_view text, bool nul) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0':
        if (nul) out += "\\0";
        else out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string escaped(std::string_view text, bool nul) {
  std::string out = "prefix|";  // appended, not replaced
  append_bulk_escaped(out, text, nul);
  return out.substr(7);
}

TEST(BulkText, MatchesTheReferenceWhereverTheSpecialBytesFall) {
  const std::string specials("\\\t\n\r\0", 5);
  for (bool nul : {false, true}) {
    for (size_t length : {0u, 1u, 15u, 16u, 17u, 31u, 32u, 33u, 70u}) {
      const std::string plain(length, 'x');
      EXPECT_EQ(escaped(plain, nul), plain);
      for (size_t at = 0; at < length; ++at)
        for (char c : specials) {
          std::string text = plain;
          text[at] = c;
          text += "課題";  // multi-byte UTF-8 passes through
          ASSERT_EQ(escaped(text, nul), reference(text, nul)) << "length " << length << " at " << at << " byte " << int(c);
        }
    }
    std::string dense;
    for (int i = 0; i < 100; ++i) dense += specials[static_cast<size_t>(i) % specials.size()];
    EXPECT_EQ(escaped(dense, nul), reference(dense, nul));
  }
}

}  // namespace
}  // namespace backlog::sinks
