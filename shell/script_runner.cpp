#include "shell/script_runner.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "shell/output_modes.h"

namespace backlog::shell {

int ScriptRunner::run(std::string_view text, const std::string& origin) {
  const char* sql = text.data();
  const char* end = text.data() + text.size();
  while (sql < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql, static_cast<int>(end - sql), &stmt, &tail);
    int line = 1 + static_cast<int>(std::count(text.data(), sql + std::min<size_t>(std::strspn(sql, " \t\r\n"), end - sql), '\n'));
    if (rc != SQLITE_OK) {
      fprintf(stderr, "backlogsql: %s:%d: %s\n", origin.c_str(), line, sqlite3_errmsg(db_));
      return 1;
    }
    if (!stmt) break;  // only whitespace or comments were left
    auto printer = make_printer(options_.output, stdout);
    bool begun = false;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!begun) { printer->begin(stmt); begun = true; }
      printer->row(stmt);
    }
    if (begun) printer->end();
    else if (rc == SQLITE_DONE && sqlite3_column_count(stmt) > 0 && options_.output.headers) {
      printer->begin(stmt);
      printer->end();
    }
    fflush(stdout);
    if (rc != SQLITE_DONE) {
      fprintf(stderr, "backlogsql: %s:%d: %s\n", origin.c_str(), line, sqlite3_errmsg(db_));
      sqlite3_finalize(stmt);
      return 1;
    }
    sqlite3_finalize(stmt);
    sql = tail;
  }
  return 0;
}

}  // namespace backlog::shell
