// Which SQLite this library calls. Kept apart from extension.cpp, where sqlite3ext.h turns
// every sqlite3_* name into a call through the host's routines.
#include <sqlite3.h>

#include "ext/ext.h"

namespace backlog::ext {

const void* linked_sqlite_entry() { return reinterpret_cast<const void*>(&sqlite3_libversion); }

}  // namespace backlog::ext
