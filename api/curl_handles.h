// RAII owners of libcurl's C handles, and the one-time global initialisation.
//
// ConnectionShare is the CURLSH all workers of one Client use, so they share the
// connection cache (keep-alive connections survive between handles), DNS answers and TLS
// sessions. libcurl calls its lock functions from any worker thread.
#pragma once

#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>

namespace backlog::api {

// curl_global_init exactly once per process (thread-safe; before the first handle).
void ensure_curl_initialized();

struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

class ConnectionShare {
 public:
  ConnectionShare();
  ~ConnectionShare();
  ConnectionShare(const ConnectionShare&) = delete;
  ConnectionShare& operator=(const ConnectionShare&) = delete;

  CURLSH* handle() const { return share_; }

 private:
  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self);
  static void unlock(CURL*, curl_lock_data data, void* self);

  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> locks_;  // one per kind of shared data
};

}  // namespace backlog::api
