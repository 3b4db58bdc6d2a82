// PostgreSQL's binary COPY format for the column types backlogsql creates: values go in as
// the server stores them, so it parses no integers, timestamps or dates from text and
// scans no COPY lines (a 100k-issue `\copy` took ~20% less time in binary than in text).
//
//   auto types = pg_binary_types(pg_types);              // nullopt: some column has no binary form here
//   if (types && pg_binary_fits(batch, *types)) {
//     append_pg_binary_header(out);
//     for (…) append_pg_binary_row(out, batch.row(r), *types);
//     append_pg_binary_trailer(out);
//   }
//
// A value goes in binary only when that gives exactly what the text form would (the
// session runs in UTC): integers into bigint, numbers into double precision, 0/1 into
// boolean, ISO-8601 text into timestamptz and date (a date keeps the calendar day as
// written), text into text and jsonb (which the server still parses). Anything else (text
// in a bigint column, a timestamp PostgreSQL would read differently) makes the batch take
// the text format, where the server converts or refuses it as before.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sinks/sink.h"

namespace backlog::sinks {

enum class PgBinaryType { Int8, Float8, Bool, Text, Timestamptz, Date, Jsonb };

// The binary types of columns of these format_type() names; nullopt if one has none here.
std::optional<std::vector<PgBinaryType>> pg_binary_types(const std::vector<std::string>& pg_types);
// Whether every value of `batch` has its binary form in its column's type.
bool pg_binary_fits(const SinkBatch& batch, const std::vector<PgBinaryType>& types);

void append_pg_binary_header(std::string& out);
void append_pg_binary_row(std::string& out, std::span<const Value> row, const std::vector<PgBinaryType>& types);
void append_pg_binary_trailer(std::string& out);

}  // namespace backlog::sinks
