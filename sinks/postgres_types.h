// How the sources' declared types become PostgreSQL column types, and how values cross
// in both directions so that a value read back compares equal (same_value) to the one the
// source sent:
//
//   declared (source)            PostgreSQL column   written from text     read back as
//   INTEGER INT BIGINT …         bigint              CAST($ AS bigint)     integer
//   REAL DOUBLE FLOAT            double precision    CAST($ AS double …)   real
//   BOOLEAN BOOL                 boolean             '1'/'0'/'true'…       integer 1 / 0
//   TIMESTAMP DATETIME           timestamptz         '2024-05-20T01:02:03Z' '2024-05-20T01:02:03Z' (UTC)
//   DATE                         date                '2024-05-20T00:00:00Z' '2024-05-20T00:00:00Z'
//                                                    (the date as written; the time is dropped)
//   JSON                         jsonb               CAST($ AS jsonb)      jsonb's own text (*)
//   TEXT VARCHAR, unknown, none  text                as is                 text
//
// (*) jsonb keeps the value, not the text: keys come back sorted and spaced
// (`{"a": 1, "b": [2]}`), so a JSON column compares equal to the source's text only when
// the source's text happens to be written that way (empty arrays, scalars).
//
// The declared type is kept in the column's comment ("backlogsql declared type: DATE"), so
// describe_table() gives the engine back exactly what the source declared; a column
// without that comment (a table made by someone else) is mapped back from its type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sinks/sink.h"

namespace backlog::sinks {

// The PostgreSQL type of a column declared `declared` ("VARCHAR(20)" → "text").
std::string pg_column_type(std::string_view declared);
// The declared type for a column of PostgreSQL type `pg_type` without our comment.
std::string declared_from_pg(std::string_view pg_type);

// Column comments that carry the declared type.
std::string declared_type_comment(std::string_view declared);
std::optional<std::string> declared_from_comment(std::string_view comment);

// SQL turning the text expression `text_expr` into a value of type `pg_type`.
std::string pg_from_text(const std::string& text_expr, std::string_view pg_type);
// SQL reading the column expression `column` (of type `pg_type`) the way the sources
// write such values; parse its text result with pg_read_value(…, pg_type).
std::string pg_to_source(const std::string& column, std::string_view pg_type);
// A text result of pg_to_source() as a Value (integers and reals as numbers).
Value pg_read_value(const char* text, bool is_null, std::string_view pg_type);

}  // namespace backlog::sinks
