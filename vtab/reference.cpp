// Markdown reference and declared schema generated from the catalog (see reference.h).
#include "vtab/reference.h"

#include <cctype>
#include <string_view>

namespace backlog::vtab {
namespace {

const char* paging_text(const Resource& r) {
  switch (r.paging) {
    case Paging::None: return "one request";
    case Paging::OffsetCount: return "offset/count";
    case Paging::MinMaxId: return "minId/maxId";
  }
  return "";
}

// True when `path` contains the placeholder {name}.
bool has_placeholder(const char* path, const char* name) {
  if (path == nullptr) return false;
  std::string needle = std::string("{") + name + "}";
  return std::string_view(path).find(needle) != std::string_view::npos;
}

bool is_path_column(const Resource& r, const Column& c) {
  if (has_placeholder(r.path, c.name)) return true;
  for (const auto& [param, value] : r.fixed_params) {
    if (has_placeholder(value, c.name)) return true;
  }
  return false;
}

std::string code(std::string_view s) {
  std::string out = "`";  // built by appends: GCC 12 warns falsely on "…" + std::string&&
  out += s;
  out += '`';
  return out;
}

void append_write(std::string& out, const char* verb, const WriteCall& call) {
  if (call.method == nullptr) return;
  out += std::string(out.ends_with(": ") ? "" : ", ") + verb + " → " +
         code(std::string(call.method) + " " + call.path);
}

// Markdown table cells must not contain a bare "|".
std::string cell(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += "\\|";
    else out += ch;
  }
  return out;
}

}  // namespace

std::string pushdown_text(const Resource& r, const Column& c) {
  std::string out;
  auto add = [&out](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (is_path_column(r, c)) add("= → path " + code(std::string("{") + c.name + "}"));
  const Filter& f = c.filter;
  switch (f.kind) {
    case Filter::Kind::None: break;
    case Filter::Kind::Array: add("= / IN → " + code(f.param)); break;
    case Filter::Kind::Scalar: add("= → " + code(f.param)); break;
    case Filter::Kind::Range:
      add("> ≥ → " + code(f.param) + ", < ≤ → " + code(f.until) + " (by day)");
      break;
    case Filter::Kind::IdRange:
      add("> ≥ → " + code(f.param) + ", < ≤ → " + code(f.until));
      break;
    case Filter::Kind::Boolean: add("= → " + code(std::string(f.param) + "=true|false")); break;
  }
  if (c.sort != nullptr) add("ORDER BY → " + code(std::string("sort=") + c.sort));
  return out;
}

std::string table_reference(const Resource& r) {
  std::string out = std::string("## ") + r.table + "\n\n";
  if (r.doc != nullptr) out += std::string(r.doc) + "\n\n";
  out += std::string("- ") + (r.is_view ? "View" : "Table") + ": " +
         code(std::string("GET ") + r.path) + ", " + paging_text(r);
  if (r.paging != Paging::None) out += " (count ≤ " + std::to_string(r.page_size) + ")";
  if (r.single_object) out += ", one object";
  if (r.explode != nullptr) out += ", one row per element of " + code(r.explode);
  out += "\n";
  for (const auto& [param, value] : r.fixed_params) {
    out += "- Always sends " + code(std::string(param) + "=" + value) + "\n";
  }
  if (r.get_path != nullptr) {
    out += "- By key: " + code(std::string("GET ") + r.get_path);
    for (const char* alt : r.get_by) out += std::string(", also by ") + code(alt);
    out += "\n";
  }
  if (r.parent != nullptr) {
    out += "- Without the path columns constrained: one request per row of " + code(r.parent) +
           "\n";
  }
  if (!r.key.empty()) {
    out += "- Key:";
    for (const char* k : r.key) (out += ' ') += code(k);
    out += "\n";
  }
  if (r.cursor != nullptr) out += "- Incremental cursor: " + code(r.cursor) + "\n";
  if (r.insert.method || r.update.method || r.remove.method) {
    out += "- Writes: ";
    append_write(out, "INSERT", r.insert);
    append_write(out, "UPDATE", r.update);
    append_write(out, "DELETE", r.remove);
    out += "\n";
  }
  out += "\n| Column | Type | Pushdown | Description |\n|---|---|---|---|\n";
  for (const Column& c : r.columns) {
    std::string type = sql_type(c.type);
    if (c.hidden) type += " (input)";
    std::string doc = c.doc ? c.doc : "";
    if (c.write != nullptr) doc += " Written as " + code(c.write) + ".";
    if (c.detail) doc += " Needs one extra request per row.";
    out += "| " + code(c.name) + " | " + type + " | " + cell(pushdown_text(r, c)) + " | " +
           cell(doc) + " |\n";
  }
  return out;
}

std::string markdown_reference() {
  std::string out = "# Table reference\n\n";
  for (const Resource* r : catalog()) {
    std::string anchor = r->table;  // GitHub anchors are the lower-cased heading
    for (char& ch : anchor) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out += std::string("- [") + r->table + "](#" + anchor + ")" + (r->doc ? ": " : "") +
           (r->doc ? r->doc : "") + "\n";
  }
  for (const Resource* r : catalog()) (out += '\n') += table_reference(*r);
  return out;
}

std::string declare_sql(const Resource& r) {
  std::string out = std::string("CREATE TABLE \"") + r.table + "\"(";
  bool first = true;
  for (const Column& c : r.columns) {
    if (!first) out += ", ";
    first = false;
    out += std::string("\"") + c.name + "\" " + sql_type(c.type);
    if (c.hidden) out += " HIDDEN";
  }
  return out + ")";
}

}  // namespace backlog::vtab
