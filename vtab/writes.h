// INSERT/UPDATE/DELETE on Backlog tables → the resource's write endpoints.
//
//   INSERT INTO IssueComments(IssueId, Content) VALUES (42, 'Done');  → POST /issues/42/comments
//   UPDATE Issues SET StatusId = 4 WHERE Id = 7;                      → PATCH /issues/7
//   DELETE FROM WikiPages WHERE Id = 3;                               → DELETE /wikis/3
//
// SQLite tells xUpdate only the rowid of the row to change; the other path values
// (IssueId of a comment) are remembered from the scan that found the row (WriteKeys).
// Only assigned columns are sent (unchanged ones arrive as "nochange" values).
#pragma once

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "api/client.h"
#include "vtab/compiled_resource.h"

namespace backlog::vtab {

class Scan;

// rowid → text of the columns that write paths need, for rows seen by recent scans.
class WriteKeys {
 public:
  void remember(const CompiledResource& r, sqlite3_int64 rowid, const Scan& scan);
  // Value of column `col` for `rowid`; empty if that row was never seen.
  std::string lookup(sqlite3_int64 rowid, int col) const;

 private:
  std::unordered_map<sqlite3_int64, std::vector<std::pair<int, std::string>>> rows_;
};

// The body of xUpdate. Throws api::ApiError / std::runtime_error with a clear message.
void write_row(const CompiledResource& r, api::Client& client, WriteKeys& keys, int argc,
               sqlite3_value** argv, sqlite3_int64* rowid);

}  // namespace backlog::vtab
