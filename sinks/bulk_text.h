// The text formats of the bulk loads (PostgreSQL's COPY, MariaDB's LOAD DATA): a field's
// bytes with backslash, tab, newline and carriage return written as \\ \t \n \r, so that
// tabs and newlines can separate fields and lines.
#pragma once

#include <string>
#include <string_view>

namespace backlog::sinks {

// Appends `text` escaped; with `escape_nul` also NUL as \0 (LOAD DATA; PostgreSQL text
// cannot hold NUL at all). Runs without such bytes are found 16 bytes at a time (SSE2)
// and copied whole: most text has none.
void append_bulk_escaped(std::string& out, std::string_view text, bool escape_nul);

}  // namespace backlog::sinks
