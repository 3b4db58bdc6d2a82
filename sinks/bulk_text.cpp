// Escaping for the bulk loads' text formats (see bulk_text.h).
#include "sinks/bulk_text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace backlog::sinks {

namespace {

bool special(char c, bool nul) { return c == '\\' || c == '\t' || c == '\n' || c == '\r' || (nul && c == '\0'); }

// The position of the first byte at or after `i` that needs escaping, or text.size().
// Descriptions run to kilobytes with hardly such a byte: 16 at a time where SSE2 is there.
size_t next_special(std::string_view text, size_t i, bool nul) {
#if defined(__SSE2__)
  const __m128i backslash = _mm_set1_epi8('\\'), tab = _mm_set1_epi8('\t'), newline = _mm_set1_epi8('\n'),
                cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
  for (; i + 16 <= text.size(); i += 16) {  // (whole blocks only: no read past the end)
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, backslash), _mm_cmpeq_epi8(b, tab)),
                               _mm_or_si128(_mm_cmpeq_epi8(b, newline), _mm_cmpeq_epi8(b, cr)));
    if (nul) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(b, zero));
    if (const int bits = _mm_movemask_epi8(hit)) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
  }
#endif
  while (i < text.size() && !special(text[i], nul)) ++i;
  return i;
}

}  // namespace

void append_bulk_escaped(std::string& out, std::string_view text, bool escape_nul) {
  for (size_t i = 0;;) {
    const size_t at = next_special(text, i, escape_nul);
    out.append(text.data() + i, at - i);  // the plain run, whole
    if (at == text.size()) return;
    out += '\\';
    switch (text[at]) {
      case '\t': out += 't'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\0': out += '0'; break;
      default: out += '\\';
    }
    i = at + 1;
  }
}

}  // namespace backlog::sinks
