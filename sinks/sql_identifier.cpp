// The sinks' identifier-list helper (see sql_identifier.h).
#include "sinks/sql_identifier.h"

namespace backlog::sinks {

std::string quote_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += quote_identifier(n);
  }
  return out;
}

}  // namespace backlog::sinks
