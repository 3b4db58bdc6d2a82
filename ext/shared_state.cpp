// The ConnectionState handed to SQLite as user data: each registration holds its own
// shared_ptr copy, so the state lives until the last function or module of the
// connection is destroyed (SQLite calls unshare() then).
#include "ext/ext.h"

namespace backlog::ext {

void* share(const std::shared_ptr<ConnectionState>& state) {
  return new std::shared_ptr<ConnectionState>(state);
}

void unshare(void* p) { delete static_cast<std::shared_ptr<ConnectionState>*>(p); }

void SourceDbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

ConnectionState& state_of(void* p) { return **static_cast<std::shared_ptr<ConnectionState>*>(p); }

}  // namespace backlog::ext
