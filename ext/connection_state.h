// What backlog.so keeps per host connection: the Backlog client that backlog_connect()
// set, the private source connection REPLICATE reads from, and the log of API calls
// (backlog_calls). Every function and module the extension registers on a connection
// shares one ConnectionState through a shared_ptr, so it lives as long as the connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/client.h"

namespace backlog::ext {

// API calls of one connection, oldest first. Appended to from the client's worker thread
// (ClientOptions::trace), read by backlog_calls on the host's thread.
class CallLog {
 public:
  struct Entry {
    int64_t seq;             // 1, 2, … in the order the calls finished
    api::TraceEntry call;    // target has secrets redacted already
  };
  static constexpr size_t kKeep = 10000;  // older calls are dropped (seq keeps counting)

  void add(const api::TraceEntry& call);
  std::vector<Entry> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;
  int64_t next_seq_ = 1;
};

struct SourceDbCloser {
  void operator()(sqlite3* db) const;  // out of line: extension.cpp sees sqlite3ext.h's macros
};

struct ConnectionState {
  sqlite3* host = nullptr;                               // the connection that loaded us
  std::shared_ptr<api::Client> client;                   // null until backlog_connect()
  std::string url;                                       // of the connected space
  // REPLICATE reads Backlog here, not on the host: once `REPLICATE Issues` has created
  // main.Issues in the host, the name Issues means that table there (SQLite resolves a
  // real table before an eponymous virtual table).
  std::unique_ptr<sqlite3, SourceDbCloser> source;
  // Shared with the client's trace callback: the client may outlive this state (the
  // host's modules hold it until the connection closes).
  std::shared_ptr<CallLog> calls = std::make_shared<CallLog>();
};

// "not connected to Backlog: …" — the one message for a use before backlog_connect().
extern const char* const kNotConnected;

}  // namespace backlog::ext
