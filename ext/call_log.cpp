// The per-connection log of API calls behind backlog_calls (see connection_state.h).
#include "ext/connection_state.h"

namespace backlog::ext {

const char* const kNotConnected =
    "not connected to Backlog: run SELECT backlog_connect('https://SPACE.backlog.com', 'API_KEY') "
    "(or backlog_connect('profile:NAME'), or a connection string) first";

void CallLog::add(const api::TraceEntry& call) {
  std::lock_guard lock(mutex_);
  entries_.push_back({next_seq_++, call});
  if (entries_.size() > kKeep) entries_.pop_front();
}

std::vector<CallLog::Entry> CallLog::snapshot() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

}  // namespace backlog::ext
