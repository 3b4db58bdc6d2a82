#include "vtab/compiled_resource.h"

#include <fmt/format.h>
#include <strings.h>

#include <cctype>
#include <stdexcept>

namespace backlog::vtab {
namespace {

std::vector<std::string> split_dotted(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    if (dot > start) out.emplace_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

}  // namespace

std::string quote_identifier(std::string_view id) {
  std::string out = "\"";
  for (char c : id) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string encode_path_value(std::string_view value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

int CompiledResource::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (name.size() == strlen(columns[i].decl->name) &&
        strncasecmp(columns[i].decl->name, name.data(), name.size()) == 0)
      return static_cast<int>(i);
  return -1;
}

PathTemplate parse_path_template(const char* path, const CompiledResource& r) {
  PathTemplate t;
  if (!path) return t;
  std::string_view s(path);
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find('{', pos);
    if (open == std::string_view::npos) {
      t.pieces.push_back({std::string(s.substr(pos)), -1});
      break;
    }
    if (open > pos) t.pieces.push_back({std::string(s.substr(pos, open - pos)), -1});
    size_t close = s.find('}', open);
    if (close == std::string_view::npos)
      throw std::logic_error(fmt::format("{}: unclosed placeholder in {}", r.decl->table, path));
    std::string name(s.substr(open + 1, close - open - 1));
    int col = r.column_index(name);
    if (col < 0)
      throw std::logic_error(fmt::format("{}: placeholder {{{}}} names no column", r.decl->table, name));
    t.pieces.push_back({name, col});
    t.placeholders.push_back(col);
    pos = close + 1;
  }
  return t;
}

CompiledResource compile(const Resource& r) {
  CompiledResource c;
  c.decl = &r;
  for (const Column& col : r.columns) {
    CompiledColumn cc{&col, {}, false, false};
    if (col.json) {
      std::string_view p(col.json);
      if (!p.empty() && p[0] == '^') {
        cc.from_enclosing = true;
        p.remove_prefix(1);
      }
      cc.json = split_dotted(p);
    }
    c.columns.push_back(std::move(cc));
  }
  c.list_path = parse_path_template(r.path, c);
  for (int col : c.list_path.placeholders) c.columns[col].placeholder = true;
  c.get_path = parse_path_template(r.get_path, c);
  for (const char* name : r.get_by) {
    int col = c.column_index(name);
    if (col < 0) throw std::logic_error(fmt::format("{}: get_by names no column {}", r.table, name));
    c.get_by.push_back(col);
  }
  c.insert_path = parse_path_template(r.insert.path, c);
  c.update_path = parse_path_template(r.update.path, c);
  c.remove_path = parse_path_template(r.remove.path, c);
  if (r.explode) c.explode = split_dotted(r.explode);
  for (const char* k : r.key) {
    int col = c.column_index(k);
    if (col < 0) throw std::logic_error(fmt::format("{}: key names no column {}", r.table, k));
    c.key.push_back(col);
  }
  // Views keyed by several columns (IssueCategories: IssueId, Id) repeat key[0] across
  // rows; a repeated rowid would make SQLite's OR de-duplication drop rows.
  if (c.key.size() == 1 && r.columns[c.key[0]].type == Type::Integer) c.rowid_column = c.key[0];
  int id = c.column_index("Id");
  if (id >= 0 && r.columns[id].type == Type::Integer) c.id_column = id;
  else c.id_column = c.rowid_column;
  return c;
}

std::string CompiledResource::create_table_sql() const {
  std::string sql = "CREATE TABLE x(";
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& col = *columns[i].decl;
    if (i) sql += ", ";
    sql += quote_identifier(col.name);
    sql += ' ';
    sql += sql_type(col.type);
    if (col.hidden) sql += " HIDDEN";
  }
  return sql + ")";
}

}  // namespace backlog::vtab
