// How the source's declared types live in MySQL/MariaDB columns, and how values cross.
//
//   declared (source)      column                       value sent        value read back
//   INTEGER                BIGINT                       12                12
//   REAL                   DOUBLE                       1.5               1.5
//   TEXT / none            LONGTEXT (key: VARCHAR(255)) 'text'            'text'
//   BOOLEAN                BOOLEAN (TINYINT(1))         1                 1
//   TIMESTAMP / DATETIME   DATETIME (UTC)               '2024-05-20T01:02:03Z' → '2024-05-20 01:02:03'
//                                                       read back as '2024-05-20T01:02:03Z'
//   DATE                   DATE                         '2024-05-20T00:00:00Z' (or '2024-05-20')
//                                                       read back as '2024-05-20T00:00:00Z',
//                                                       the form Backlog sends dates in
//   JSON                   JSON (MariaDB: LONGTEXT with JSON_VALID, text kept as sent)
//
// TEXT cannot be a primary key without a prefix length, so text key columns are
// VARCHAR(255) (utf8mb4_bin: keys compare byte for byte, as in the source). The declared type
// is kept in the column's COMMENT ('backlogsql:TIMESTAMP') so describe_table() gives the
// source's types back; a column without that comment is described from its MySQL type.
#pragma once

#include <string>
#include <string_view>

#include "sinks/sink.h"

namespace backlog::sinks {

enum class MysqlKind { Integer, Real, Text, Boolean, Datetime, Date, Json };

// The kind a declared type becomes (SQLite-like affinity rules for unknown names).
MysqlKind mysql_kind_of(std::string_view declared);
// Column type for a declared type: "BIGINT", "VARCHAR(255)", "LONGTEXT", …
std::string mysql_column_type(std::string_view declared, bool key);
// The COMMENT that records the declared type, and the declared type read back from one
// (false when the comment is not ours).
std::string mysql_type_comment(std::string_view declared);
bool declared_from_comment(std::string_view comment, std::string* declared);
// Declared type for a column we did not create: from information_schema's DATA_TYPE and
// COLUMN_TYPE ("tinyint(1)" is BOOLEAN).
std::string declared_from_mysql(std::string_view data_type, std::string_view column_type);
// The kind of an existing column, from information_schema's DATA_TYPE.
MysqlKind mysql_kind_of_column(std::string_view data_type, std::string_view column_type,
                               std::string_view declared);

// A value as the column wants it: ISO-8601 text becomes 'YYYY-MM-DD HH:MM:SS' (UTC) for
// DATETIME and 'YYYY-MM-DD' for DATE; anything else is unchanged (the server then refuses
// what does not fit, in strict mode).
Value mysql_column_value(const Value& v, MysqlKind kind);
// Appends a number (an integer or a double) as every MySQL write path sends it in text:
// integers in full, doubles as the shortest text that reads back as the same double
// ("1e+20" is valid MySQL); throws SinkError for NaN and infinities, which MySQL cannot
// store.
void append_mysql_number(std::string& out, const Value& v);
// The SELECT expression that reads a column back the way the source sent it.
std::string mysql_read_expression(const std::string& quoted_column, MysqlKind kind);

}  // namespace backlog::sinks
