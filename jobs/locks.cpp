// flock(2) locks under HOME/locks (see locks.h).
//
// The lock file is opened O_CLOEXEC: a child started by the holder (a sink's helper, a
// shell command) must not inherit the descriptor, or the lock would outlive the holder.
// Two FileLocks of one process on one path open two descriptions, so flock treats them
// like two processes: the second try_lock fails, as the header promises.
#include "jobs/locks.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

namespace backlog::jobs {

namespace {

int open_lock_file(const std::string& path) {
  // A folder we create holds only our locks: 0700.
  std::error_code ec;
  if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty()) {
    if (std::filesystem::create_directories(dir, ec)) std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    if (ec) throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message());
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open lock file " + path + ": " + std::strerror(errno));
  return fd;
}

// Non-blocking flock; true when taken.
bool try_flock(int fd) {
  for (;;) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EINTR) return false;
  }
}

// The holder writes its pid so that others can say who has it.
void record_pid(int fd) {
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) == 0) {
    ssize_t n = pwrite(fd, pid.data(), pid.size(), 0);
    (void)n;  // only informative
  }
}

}  // namespace

FileLock FileLock::try_lock(const std::string& path) {
  FileLock lock;
  int fd = open_lock_file(path);
  if (!try_flock(fd)) {
    ::close(fd);
    return lock;
  }
  record_pid(fd);
  lock.fd_ = fd;
  return lock;
}

FileLock FileLock::wait_lock(const std::string& path, const std::atomic<bool>* cancel) {
  FileLock lock;
  int fd = open_lock_file(path);
  // Polling rather than a blocking flock: a blocked flock cannot notice the cancel flag.
  while (!try_flock(fd)) {
    if (cancel && cancel->load()) {
      ::close(fd);
      return lock;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  record_pid(fd);
  lock.fd_ = fd;
  return lock;
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

int FileLock::holder_pid(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[32] = {};
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  return std::atoi(buf);
}

}  // namespace backlog::jobs
