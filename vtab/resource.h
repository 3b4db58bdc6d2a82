// The resource catalog: one declarative description per Backlog API v2 resource.
//
// Backlog is regular: every resource is "GET a path, maybe under a parent, maybe paged,
// returns JSON objects". So a table is data, not a class. One generic virtual table
// (vtab/module.cpp) reads these declarations; `.schema`, the README's table reference and
// the tests' expectations come from the same data.
//
//   // vtab/resources/issues.cpp
//   extern const Resource kIssues{
//       .table = "Issues",
//       .path = "/api/v2/issues", .paging = Paging::OffsetCount,
//       .get_path = "/api/v2/issues/{Id}",
//       .key = {"Id"}, .cursor = "Updated",
//       .columns = {
//           {"Id", Type::Integer, "id", Filter::in("id[]")},
//           {"StatusName", Type::Text, "status.name"},
//           {"Updated", Type::Timestamp, "updated", Filter::range("updatedSince", "updatedUntil")},
//       }};
//
// Path templates: `{Column}` in a path is filled from an equality constraint on that
// column (the value also becomes the column's value in every row when the column has no
// JSON path). When no such constraint exists the table fans out over `parent`: a SQL query
// on the same connection that yields the placeholder columns, e.g. for IssueComments
// `SELECT "Id" AS "IssueId" FROM "Issues"`.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

namespace backlog::vtab {

// What a column holds. The declared SQL type (sql_type()) follows from it; values are
// produced from JSON as: number → INTEGER/REAL, string → TEXT, true/false → 1/0,
// null/missing → NULL, object/array → compact JSON text (usable with json_each).
enum class Type : uint8_t {
  Integer,    // JSON number without fraction
  Real,       // JSON number (hours, sizes)
  Text,       // JSON string
  Boolean,    // JSON true/false → 1/0
  Timestamp,  // ISO-8601 UTC text exactly as sent: 2014-07-16T07:51:43Z
  Date,       // yyyy-MM-dd… text as sent (startDate, dueDate)
  Json,       // object or array kept as JSON text
};

// How a list endpoint pages.
enum class Paging : uint8_t {
  None,         // one request returns everything
  OffsetCount,  // offset + count (count ≤ page_size)
  MinMaxId,     // minId / maxId + count + order (comments, activities, notifications…)
};

// How a constraint on a column becomes an API parameter.
struct Filter {
  enum class Kind : uint8_t {
    None,
    Array,    // `=` and `IN` → name[]=v repeated (exact: SQLite need not re-check)
    Scalar,   // `=` → name=v (exact)
    Range,    // `>`, `>=` → since; `<`, `<=` → until; day granularity, SQLite re-checks
    IdRange,  // `>`/`>=` → minId, `<`/`<=` → maxId on MinMaxId paging (exact after adjust)
    Boolean,  // `=` → name=true|false (exact)
  };
  Kind kind = Kind::None;
  const char* param = nullptr;   // Array/Scalar/Boolean: parameter name (with [] for Array)
  const char* until = nullptr;   // Range: the upper-bound parameter (param is the lower)

  static constexpr Filter in(const char* p) { return {Kind::Array, p, nullptr}; }
  static constexpr Filter eq(const char* p) { return {Kind::Scalar, p, nullptr}; }
  static constexpr Filter range(const char* since, const char* until) {
    return {Kind::Range, since, until};
  }
  static constexpr Filter id_range() { return {Kind::IdRange, "minId", "maxId"}; }
  static constexpr Filter flag(const char* p) { return {Kind::Boolean, p, nullptr}; }
};

struct Column {
  const char* name;              // CData-compatible column name: IssueTypeName
  Type type;
  const char* json = nullptr;    // dotted JSON path in the row object: "issueType.name";
                                 // "^id" reads the enclosing object of an exploded array;
                                 // nullptr: the value of the path placeholder of this name
  Filter filter = {};            // pushdown, if the API can filter on it
  const char* sort = nullptr;    // value of `sort=` when ORDER BY this column is pushed
  const char* write = nullptr;   // form field name on INSERT/UPDATE (nullptr: read-only)
  bool hidden = false;           // HIDDEN column: an input only (e.g. Keyword)
  bool detail = false;           // only in the get_path answer, not in list items: fetched
                                 // per row, and only when the query uses the column
  const char* doc = nullptr;     // one line for .schema and the README
};

// An API call that writes: method + path template ({Column} filled from the row).
struct WriteCall {
  const char* method = nullptr;  // POST, PATCH, DELETE; nullptr: not supported
  const char* path = nullptr;
};

struct Resource {
  const char* table;                   // CData-compatible table name: Issues
  const char* doc = nullptr;           // one line: what a row is
  const char* path;                    // list endpoint template: /api/v2/issues
  Paging paging = Paging::None;
  int page_size = 100;                 // max `count` for paged endpoints
  const char* get_path = nullptr;      // single-object endpoint when the key is known
  std::vector<const char*> get_by{};   // other columns whose `=` value may fill get_path's
                                       // one placeholder (Issues: /issues/{Id} also takes
                                       // the IssueKey)
  const char* parent = nullptr;        // fan-out query yielding the path placeholders
  const char* parent_table = nullptr;  // the table this one hangs under (Issues for
  const char* parent_key = nullptr;    // IssueComments) and our column holding its key
                                       // (IssueId): incremental runs refresh the children
                                       // of changed parents; parent deletions cascade
  const char* explode = nullptr;       // JSON path of an array in each element (or in a
                                       // single-object response) whose items are the rows
  bool single_object = false;          // the endpoint returns one object, not an array
  std::vector<Column> columns{};
  std::vector<const char*> key{};      // primary key columns
  const char* cursor = nullptr;        // incremental cursor column (Updated), if any
  const char* order_param = "order";   // parameter that takes asc|desc with sort=
  std::vector<std::pair<const char*, const char*>> fixed_params{};  // always sent
  WriteCall insert{}, update{}, remove{};
  // Incremental deletions: activity types that announce a deletion of this resource
  // (SpaceUpdates.Type) and the JSON path inside the activity's Content of the deleted
  // object's key (the value of key[0]).
  std::vector<int> deleted_activity_types{};
  const char* deleted_key_json = nullptr;  // e.g. "id"
  bool is_view = false;                // CData calls it a view (read-only)
  double rows_estimate = 100;          // rows of one full list call (cost model)
};

// The catalog: every resource, in a stable order.
std::span<const Resource* const> catalog();
// Case-insensitive lookup by table name; nullptr if unknown.
const Resource* find_resource(std::string_view table);
// Column lookup by name (case-insensitive); nullptr if unknown.
const Column* find_column(const Resource& r, std::string_view column);
// Declared SQL type for a column type: INTEGER, REAL, TEXT, BOOLEAN, TIMESTAMP, DATE, JSON.
const char* sql_type(Type t);

}  // namespace backlog::vtab
