// libcurl handle ownership and the shared connection cache (see curl_handles.h).
#include "api/curl_handles.h"

#include <stdexcept>

namespace backlog::api {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

ConnectionShare::ConnectionShare() {
  ensure_curl_initialized();
  share_ = curl_share_init();
  if (share_ == nullptr) throw std::runtime_error("curl_share_init failed");
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &ConnectionShare::lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &ConnectionShare::unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

ConnectionShare::~ConnectionShare() { curl_share_cleanup(share_); }

// Called by libcurl (C): must not throw; std::mutex::lock only throws on misuse.
void ConnectionShare::lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<ConnectionShare*>(self)->locks_[static_cast<size_t>(data)].lock();
}

void ConnectionShare::unlock(CURL*, curl_lock_data data, void* self) {
  static_cast<ConnectionShare*>(self)->locks_[static_cast<size_t>(data)].unlock();
}

}  // namespace backlog::api
