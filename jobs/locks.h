// Advisory locks that die with their process: flock(2) on files under a folder.
//
//   jobs::FileLock lock = jobs::FileLock::try_lock(home + "/locks/job-nightly.lock");
//   if (!lock.held()) …already running elsewhere…
//
// flock locks belong to the open file description: the kernel drops them when the
// process exits or is killed, so no lock is ever stale. The file records the holder's pid
// for messages ("running in process 1234").
#pragma once

#include <atomic>
#include <string>

namespace backlog::jobs {

class FileLock {
 public:
  // Without waiting: held() is false when another process (or another FileLock in this
  // one) holds it. Creates the folder (0700) and the file. Throws std::runtime_error
  // when the file cannot be created.
  static FileLock try_lock(const std::string& path);
  // Waits until it is free, or until *cancel becomes true (checked every 100 ms; then
  // held() is false).
  static FileLock wait_lock(const std::string& path, const std::atomic<bool>* cancel = nullptr);

  FileLock() = default;
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  ~FileLock();

  bool held() const { return fd_ >= 0; }
  // The pid recorded by the current holder (0 if unknown).
  static int holder_pid(const std::string& path);

 private:
  int fd_ = -1;
};

}  // namespace backlog::jobs
