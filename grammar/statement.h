// What the REPLICATE dialect's parser produces: one Statement per `;`-separated statement.
//
//   REPLICATE [schema.]target [(column type, … [, PRIMARY KEY(column, …)])]
//             [WITH option [= value] {, option [= value]}] [SELECT … | source-table]
//   CHECKCACHE [schema.]target [AGAINST source-table | (SELECT …)] [WITH REPAIR]
//             [SKIP MODIFIED | SKIP DELETED] [START date] [END date]
//   anything else: passed to SQLite unchanged (Kind::Sql)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backlog::grammar {

// A position in the script, 1-based.
struct Location {
  int line = 1;
  int column = 1;
};

struct ColumnDef {
  std::string name;   // unquoted
  std::string type;   // as written: "VARCHAR(255)", "INTEGER"; may be empty
};

struct Option {
  std::string name;                  // as written (matching is case-insensitive)
  std::optional<std::string> value;  // unquoted literal text; nullopt for a bare flag
  Location where;                    // where the name is: for "unknown option" errors
};

struct Statement {
  enum class Kind { Sql, Replicate, CheckCache };
  Kind kind = Kind::Sql;
  std::string text;                  // the statement's full source text, without the `;`
  Location where;                    // where it starts in the script

  // REPLICATE / CHECKCACHE
  std::string schema;                // unquoted; empty when not given
  std::string target;                // unquoted
  std::vector<ColumnDef> columns;    // REPLICATE's optional column list
  std::vector<std::string> primary_key;
  std::vector<Option> options;       // REPLICATE … WITH
  std::string select;                // source SELECT text, or empty
  std::string source_table;          // `REPLICATE t Source` / `CHECKCACHE t AGAINST Source`

  // CHECKCACHE only
  bool repair = false;
  bool skip_modified = false;
  bool skip_deleted = false;
  std::string start, end;            // START/END literals, unquoted
};

// A syntax error: message names the offending token; location is where it starts.
struct SyntaxError {
  std::string message;               // e.g. "near \"FROMM\": syntax error"
  Location where;
};

struct ParseResult {
  std::vector<Statement> statements;
  std::optional<SyntaxError> error;  // set: statements holds those before the bad one
};

// Splits a script into statements and parses each. Semicolons inside strings, quoted
// identifiers and comments do not split; empty statements are skipped.
ParseResult parse_script(std::string_view script);

// The statement's option called `name` in any letter case (the last one if repeated), or
// nullptr: `if (auto* o = find_option(s, "DropTable")) …`.
const Option* find_option(const Statement& statement, std::string_view name);

// "line 3, column 7: near \"FROMM\": syntax error" — the one place errors are worded.
std::string to_string(const SyntaxError& error);

}  // namespace backlog::grammar
