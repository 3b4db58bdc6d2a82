// The progress line: while a REPLICATE or a long scan runs, one line on stderr, redrawn in
// place and erased at the end:
//
//   Issues: 4300 rows, 43 pages, 1210 rows/s, ETA 0:12
//
// Rows come from the engine's progress reports (REPLICATE) and, for Issues, from the pages
// read times their `count`; pages are the API calls of the statement (seen through the
// client's trace tap). The ETA comes from `/api/v2/issues/count` asked once with the same
// filters as the first page; other tables have no count endpoint, so no ETA.
// Nothing is drawn when disabled (stderr not a terminal, or --quiet), nor for statements
// shorter than half a second.
//
//   ProgressLine progress(enabled);
//   client->set_trace_tap([&](const api::TraceEntry& e) { progress.on_call(e); });
//   progress.start("Issues", client);   // a statement begins
//   progress.set_rows(n);               // engine::Observer::on_progress
//   progress.stop();                    // the statement ended (or rows go to the terminal)
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "api/client.h"

namespace backlog::shell {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool enabled() const { return enabled_; }
  // A statement begins; `client` (may be null) asks the count endpoint.
  void start(std::string label, std::shared_ptr<api::Client> client);
  void set_label(std::string label);
  void set_rows(int64_t rows);
  // One finished API call (any thread).
  void on_call(const api::TraceEntry& call);
  // Erases the line and stops drawing until the next start().
  void stop();

  // What the line says now (for tests and for the drawing thread).
  std::string text() const;

 private:
  void tick_loop();
  void draw_locked();
  void erase_locked();
  void ask_count_locked();

  const bool enabled_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::thread ticker_;
  bool closing_ = false;
  bool running_ = false;                 // between start() and stop()
  bool shown_ = false;                   // a line is on the screen
  std::chrono::steady_clock::time_point started_;
  std::string label_;
  std::shared_ptr<api::Client> client_;
  int64_t rows_ = 0;                     // reported by the engine
  long pages_ = 0;                       // API calls of this statement
  long issue_pages_ = 0;                 // of them: pages of /api/v2/issues
  long issue_page_size_ = 0;             // their `count`
  std::optional<std::string> issue_query_;  // the first page's filters (query string)
  std::optional<std::future<api::Response>> count_call_;
  int64_t total_ = -1;                   // from the count endpoint; -1 unknown
};

// "0:12", "1:02:03".
std::string format_duration(double seconds);

}  // namespace backlog::shell
