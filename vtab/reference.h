// Documentation generated from the resource catalog, so the README's table reference, the
// shell's `.schema` help and the virtual tables' declared schema all come from one place.
//
//   std::string md = backlog::vtab::markdown_reference();          // README section
//   std::string one = backlog::vtab::table_reference(*find_resource("Issues"));
//   std::string ddl = backlog::vtab::declare_sql(*find_resource("Issues"));
#pragma once

#include <string>

#include "vtab/resource.h"

namespace backlog::vtab {

// Every table: endpoint, paging, keys, writes, then columns with type, pushdown and doc.
std::string markdown_reference();
// The same for one table (a `## Name` section).
std::string table_reference(const Resource& r);
// `CREATE TABLE "Name"("Col" TYPE [HIDDEN], …)` for sqlite3_declare_vtab().
std::string declare_sql(const Resource& r);
// How the API filters a column, in words: "= / IN → projectId[]" ("" if not pushed down).
std::string pushdown_text(const Resource& r, const Column& c);

}  // namespace backlog::vtab
