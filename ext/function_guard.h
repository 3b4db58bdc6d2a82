// The C boundary of backlog.so's SQL functions: no exception ever reaches SQLite; each
// becomes the function's SQL error, with its message (which never holds a secret).
#pragma once

#include <sqlite3.h>

#include <exception>
#include <string>

namespace backlog::ext {

// Runs `body`; an exception turns into sqlite3_result_error on `ctx`. `name` names the
// function in the message of an exception that is not a std::exception.
template <class F>
void guarded(sqlite3_context* ctx, const char* name, F&& body) noexcept {
  try {
    body();
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  } catch (...) {
    sqlite3_result_error(ctx, (std::string(name) + ": unexpected error").c_str(), -1);
  }
}

}  // namespace backlog::ext
