// libFuzzer target: the JSON-to-row mapping of every catalog table, fed arbitrary answer
// bodies as if from a misbehaving server (no network).
//
// Input: the first byte picks the table (catalog()[byte % size]); the rest is the body of
// one list or single-object answer. The body goes through the steps Scan::read_page()
// takes with a page (vtab/scan.cpp), using the same functions: an in-place parse; the
// elements (an array's items, an object alone, null = none, anything else refused); the
// exploded rows (`explode` arrays); the minId/maxId edge; then, per row and column, the
// cell lookup with a hinted PathFinder, the compact JSON of objects and arrays written one
// after another into one buffer, and result_json() into a real SQLite statement.
//
// Invariants beyond "no crash, no sanitizer report":
//   - the hinted PathFinder finds what a fresh find_path() finds (unless some object has
//     a member name twice: then which one wins is unspecified);
//   - append_json_text() into the shared buffer writes exactly to_json_text();
//   - that text parses back to an equal value;
//   - result_json(): NULL exactly for null/missing; strings come out byte-identical as
//     TEXT (timestamps must not be reinterpreted); true/false as 1/0; numbers as numbers;
//     objects/arrays (and every value of a JSON column) as their compact JSON text.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "vtab/compiled_resource.h"
#include "vtab/json_value.h"
#include "vtab/resource.h"

namespace {

using backlog::vtab::CompiledResource;
using backlog::vtab::Type;

[[noreturn]] void broken(const char* table, const std::string& what) {
  std::fprintf(stderr, "page rows invariant broken for %s: %s\n", table, what.c_str());
  std::abort();
}

// Whether some object in `v` has a member name twice (then PathFinder's hint may pick
// another member of the same name than FindMember: not a bug, Backlog never does it).
bool has_duplicate_names(const rapidjson::Value& v) {
  if (v.IsArray()) {
    for (const auto& x : v.GetArray())
      if (has_duplicate_names(x)) return true;
  } else if (v.IsObject()) {
    std::unordered_set<std::string_view> names;
    for (const auto& m : v.GetObject()) {
      if (!names.emplace(m.name.GetString(), m.name.GetStringLength()).second) return true;
      if (has_duplicate_names(m.value)) return true;
    }
  }
  return false;
}

// a == b as JSON values, doubles within a few ULPs: rapidjson's default (fast) number
// parsing may land one ULP off, so a value written out exactly can parse back a hair apart.
bool same_json(const rapidjson::Value& a, const rapidjson::Value& b) {
  if (a.IsNumber() && b.IsNumber()) {
    if (a.IsInt64() && b.IsInt64()) return a.GetInt64() == b.GetInt64();
    if (a.IsUint64() && b.IsUint64()) return a.GetUint64() == b.GetUint64();
    const double x = a.GetDouble(), y = b.GetDouble();
    return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.GetType() != b.GetType()) return false;
  if (a.IsString())
    return a.GetStringLength() == b.GetStringLength() &&
           std::memcmp(a.GetString(), b.GetString(), a.GetStringLength()) == 0;
  if (a.IsArray()) {
    if (a.Size() != b.Size()) return false;
    for (rapidjson::SizeType i = 0; i < a.Size(); ++i)
      if (!same_json(a[i], b[i])) return false;
    return true;
  }
  if (a.IsObject()) {   // in order: the writer keeps the members' order
    if (a.MemberCount() != b.MemberCount()) return false;
    for (auto i = a.MemberBegin(), j = b.MemberBegin(); i != a.MemberEnd(); ++i, ++j)
      if (!same_json(i->name, j->name) || !same_json(i->value, j->value)) return false;
    return true;
  }
  return a == b;   // null, true, false
}

// One SQLite statement whose only column is result_json() of the value set before step.
struct ResultProbe {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  const rapidjson::Value* value = nullptr;
  Type type = Type::Text;

  ResultProbe() {
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) std::abort();
    sqlite3_create_function(db, "fz_cell", 0, SQLITE_UTF8, this, [](sqlite3_context* ctx, int, sqlite3_value**) {
      auto* self = static_cast<ResultProbe*>(sqlite3_user_data(ctx));
      backlog::vtab::result_json(ctx, self->value, self->type);
    }, nullptr, nullptr);
    if (sqlite3_prepare_v2(db, "SELECT fz_cell()", -1, &stmt, nullptr) != SQLITE_OK) std::abort();
  }

  // Checks what SQLite receives for `v` in a column of type `t`.
  void check(const char* table, const rapidjson::Value* v, Type t) {
    value = v;
    type = t;
    if (sqlite3_step(stmt) != SQLITE_ROW) broken(table, std::string("SELECT fz_cell() failed: ") + sqlite3_errmsg(db));
    const int got = sqlite3_column_type(stmt, 0);
    if (!v || v->IsNull()) {
      if (got != SQLITE_NULL) broken(table, "null/missing value is not NULL");
    } else if (t == Type::Json || v->IsObject() || v->IsArray()) {
      if (got != SQLITE_TEXT) broken(table, "object/array/JSON value is not TEXT");
      const std::string text(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                             static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
      if (text != backlog::vtab::to_json_text(*v)) broken(table, "JSON cell is not the compact JSON text");
    } else if (v->IsBool()) {
      if (got != SQLITE_INTEGER || sqlite3_column_int(stmt, 0) != (v->GetBool() ? 1 : 0))
        broken(table, "true/false is not 1/0");
    } else if (v->IsNumber()) {
      if (got != SQLITE_INTEGER && got != SQLITE_FLOAT) broken(table, "number is not a number");
      if (t == Type::Real && got != SQLITE_FLOAT) broken(table, "number in a REAL column is not REAL");
      if (got == SQLITE_INTEGER && (!v->IsInt64() || sqlite3_column_int64(stmt, 0) != v->GetInt64()))
        broken(table, "integer changed on its way to SQLite");
    } else if (v->IsString()) {
      const size_t n = static_cast<size_t>(sqlite3_column_bytes(stmt, 0));
      const void* bytes = sqlite3_column_blob(stmt, 0);
      if (got != SQLITE_TEXT || n != v->GetStringLength() || (n && std::memcmp(bytes, v->GetString(), n) != 0))
        broken(table, "string is not kept byte for byte");
    }
    sqlite3_reset(stmt);
  }
};

struct Tables {
  std::vector<CompiledResource> compiled;
  ResultProbe probe;
  Tables() {
    for (const backlog::vtab::Resource* r : backlog::vtab::catalog()) compiled.push_back(backlog::vtab::compile(*r));
  }
};

struct Row {
  const rapidjson::Value* item;
  const rapidjson::Value* enclosing;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Tables tables;
  if (size < 1) return 0;
  const CompiledResource& r = tables.compiled[data[0] % tables.compiled.size()];
  const char* table = r.decl->table;

  // The body, parsed in place as Scan does (strings then point into it).
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  rapidjson::Document doc;
  doc.ParseInsitu(body.data());
  if (doc.HasParseError()) return 0;   // Scan reports "malformed JSON from Backlog"
  if (!doc.IsArray() && !doc.IsObject() && !doc.IsNull()) return 0;   // "unexpected JSON"
  const bool unique_names = !has_duplicate_names(doc);

  // Elements and rows.
  std::vector<Row> rows;
  auto add_element = [&](const rapidjson::Value& el) {
    if (r.explode.empty()) { rows.push_back({&el, &el}); return; }
    const rapidjson::Value* arr = backlog::vtab::find_path(&el, r.explode);
    if (arr && arr->IsArray())
      for (const auto& item : arr->GetArray()) rows.push_back({&item, &el});
  };
  if (doc.IsArray()) {
    for (const auto& el : doc.GetArray()) add_element(el);
  } else if (doc.IsObject()) {
    add_element(doc);
  }

  // The minId/maxId edge, as Scan computes it.
  if (r.decl->paging == backlog::vtab::Paging::MinMaxId && r.id_column >= 0) {
    for (const Row& row : rows) {
      const rapidjson::Value* id = backlog::vtab::find_path(row.enclosing, r.columns[r.id_column].json);
      if (id && id->IsInt64()) (void)id->GetInt64();
    }
  }

  // Cells: hinted lookups, JSON text into one shared buffer, values into SQLite.
  std::vector<backlog::vtab::PathFinder> finders;
  for (const auto& cc : r.columns) finders.emplace_back(&cc.json);
  rapidjson::StringBuffer texts;
  for (const Row& row : rows) {
    for (size_t c = 0; c < r.columns.size(); ++c) {
      const auto& cc = r.columns[c];
      if (cc.json.empty()) continue;
      const rapidjson::Value* from = cc.from_enclosing ? row.enclosing : row.item;
      const rapidjson::Value* v = finders[c].find(from);
      if (unique_names && v != backlog::vtab::find_path(from, cc.json))
        broken(table, std::string("hinted lookup of column ") + cc.decl->name + " differs from find_path()");
      if (v && (v->IsObject() || v->IsArray())) {
        const size_t at = texts.GetSize();
        backlog::vtab::append_json_text(*v, texts);
        const std::string whole = backlog::vtab::to_json_text(*v);
        if (std::string_view(texts.GetString() + at, texts.GetSize() - at) != whole)
          broken(table, "append_json_text() differs from to_json_text()");
        rapidjson::Document again;
        again.Parse(whole.data(), whole.size());
        if (again.HasParseError() || !same_json(again, *v)) broken(table, "compact JSON text does not parse back equal");
      }
      if (v) (void)backlog::vtab::to_plain_text(*v);   // path placeholders and form fields
      tables.probe.check(table, v, cc.decl->type);
    }
  }
  return 0;
}
