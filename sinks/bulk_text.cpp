// Escaping for the bulk loads' text formats (see bulk_text.h).
#include "sinks/bulk_text.h"

namespace backlog::sinks {

void append_bulk_escaped(std::string& out, std::string_view text, bool escape_nul) {
  size_t plain = 0;  // start of the run not yet copied
  for (size_t i = 0; i < text.size(); ++i) {
    char escaped;
    switch (text[i]) {
      case '\\': escaped = '\\'; break;
      case '\t': escaped = 't'; break;
      case '\n': escaped = 'n'; break;
      case '\r': escaped = 'r'; break;
      case '\0':
        if (!escape_nul) continue;
        escaped = '0';
        break;
      default: continue;
    }
    out.append(text.data() + plain, i - plain);
    out += '\\';
    out += escaped;
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
}

}  // namespace backlog::sinks
