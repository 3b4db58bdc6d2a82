// A Resource prepared for fast use by the virtual table: JSON paths split into segments,
// path templates split into literal text and placeholders, column indexes resolved.
// Built once per table when the module is registered.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vtab/resource.h"

namespace backlog::vtab {

// "a\"b" → "\"a\"\"b\"": an SQL identifier, quoted (for the SQL the module writes itself).
std::string quote_identifier(std::string_view id);

// Percent-encodes a value for a URL path: everything but RFC 3986 unreserved characters
// and '/' (a shared-file directory is a path of its own: /docs/2024).
std::string encode_path_value(std::string_view value);

// "/api/v2/issues/{IssueId}/comments" → pieces: "/api/v2/issues/", {IssueId}, "/comments".
struct PathTemplate {
  struct Piece {
    std::string text;    // literal text, or the placeholder's column name
    int column = -1;     // ≥ 0: a placeholder filled from this column's value
  };
  std::vector<Piece> pieces;
  std::vector<int> placeholders;     // column indexes, in order of appearance

  bool empty() const { return pieces.empty(); }
  // Fills the placeholders, percent-encoded; `value(column)` returns a column's text.
  template <class F>
  std::string fill(F&& value) const {
    std::string out;
    for (const auto& p : pieces) out += p.column < 0 ? p.text : encode_path_value(value(p.column));
    return out;
  }
};

struct CompiledColumn {
  const Column* decl;
  std::vector<std::string> json;     // path segments; empty: not from the row object
  bool from_enclosing = false;       // "^…": read from the enclosing object
  bool placeholder = false;          // its value fills a {Column} of the list path
};

struct CompiledResource {
  const Resource* decl;
  std::vector<CompiledColumn> columns;
  PathTemplate list_path;
  PathTemplate get_path;
  std::vector<int> get_by;           // columns that can fill get_path's one placeholder
  PathTemplate insert_path, update_path, remove_path;
  std::vector<std::string> explode;  // path of the exploded array, split
  std::vector<int> key;              // key column indexes
  int id_column = -1;                // the numeric "Id" of list elements (minId paging)
  int rowid_column = -1;             // a one-column integer key: the rowid (-1: row number)

  int column_index(std::string_view name) const;  // -1 if unknown
  std::string create_table_sql() const;            // for sqlite3_declare_vtab
};

CompiledResource compile(const Resource& r);
PathTemplate parse_path_template(const char* path, const CompiledResource& r);

}  // namespace backlog::vtab
