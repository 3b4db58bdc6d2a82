// ResourceInfo from the vtab catalog (when the engine is built with backlog_vtab).
#include "engine/resource_info.h"

#ifdef BACKLOGSQL_ENGINE_HAVE_VTAB
#include "vtab/resource.h"
#endif

namespace backlog::engine {

ResourceLookup catalog_resources() {
  return [](std::string_view table) -> std::optional<ResourceInfo> {
#ifdef BACKLOGSQL_ENGINE_HAVE_VTAB
    const vtab::Resource* r = vtab::find_resource(table);
    if (!r) return std::nullopt;
    ResourceInfo info;
    info.table = r->table;
    for (const char* k : r->key) info.key.emplace_back(k);
    if (r->cursor) info.cursor = r->cursor;
    if (r->parent_table) info.parent_table = r->parent_table;
    if (r->parent_key) info.parent_key = r->parent_key;
    info.deleted_activity_types = r->deleted_activity_types;
    if (r->deleted_key_json) info.deleted_key_json = r->deleted_key_json;
    return info;
#else
    (void)table;
    return std::nullopt;
#endif
  };
}

}  // namespace backlog::engine
