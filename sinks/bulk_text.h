// What the bulk loads (PostgreSQL's COPY, MariaDB's LOAD DATA) share: their text format,
// a field's bytes with backslash, tab, newline and carriage return written as \\ \t \n \r
// so that tabs and newlines can separate fields and lines, and the size of the chunks
// they stream.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace backlog::sinks {

// The bytes a bulk load hands the server at a time while it writes the next ones: small
// enough that the server starts early, big enough that a send is not per row.
inline constexpr size_t kBulkChunkBytes = 128 << 10;

// Appends `text` escaped; with `escape_nul` also NUL as \0 (LOAD DATA; PostgreSQL text
// cannot hold NUL at all). Runs without such bytes are found 16 bytes at a time (SSE2)
// and copied whole: most text has none.
void append_bulk_escaped(std::string& out, std::string_view text, bool escape_nul);

}  // namespace backlog::sinks
