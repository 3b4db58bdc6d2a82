// See backlogsql_process.h.
#include "backlogsql_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace backlog::testing {

namespace {

// The caller's environment without the variables that would point backlogsql elsewhere,
// plus a private HOME and config folder.
std::vector<std::string> child_environment(const std::string& home) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view v = *e;
    if (v.rfind("BACKLOG_URL=", 0) == 0 || v.rfind("BACKLOG_API_KEY=", 0) == 0 || v.rfind("HOME=", 0) == 0 ||
        v.rfind("XDG_CONFIG_HOME=", 0) == 0)
      continue;
    env.emplace_back(v);
  }
  env.push_back("HOME=" + home);
  env.push_back("XDG_CONFIG_HOME=" + home + "/config");
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> p;
  for (auto& s : strings) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

long file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<long>(st.st_size) : 0;
}

BacklogsqlProcess::BacklogsqlProcess(const std::string& home, const std::vector<std::string>& args) : home_(home) {
  std::vector<std::string> argv_s = {std::string(BACKLOGSQL_BINARY_DIR) + "/backlogsql"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = child_environment(home);
  auto argv = pointers(argv_s);
  auto envp = pointers(env_s);

  const std::string out = home + "/.stdout", err = home + "/.stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + strerror(rc));
}

BacklogsqlProcess::~BacklogsqlProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

int BacklogsqlProcess::wait() {
  if (!reaped_) {
    int st = 0;
    waitpid(pid_, &st, 0);
    reaped_ = true;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  return status_;
}

bool BacklogsqlProcess::exited() {
  if (reaped_) return true;
  int st = 0;
  if (waitpid(pid_, &st, WNOHANG) != pid_) return false;
  reaped_ = true;
  status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return true;
}

bool BacklogsqlProcess::kill_when(const std::string& log_path, long from_offset, int lines,
                                  std::chrono::milliseconds extra) {
  // Counts newlines appended after `from_offset`, reading only what is new each poll.
  long offset = from_offset;
  int seen = 0;
  std::ifstream log;
  while (seen < lines) {
    if (exited()) return false;
    if (!log.is_open()) log.open(log_path, std::ios::binary);
    if (log.is_open()) {
      log.clear();
      log.seekg(offset);
      char buf[4096];
      while (log.read(buf, sizeof buf) || log.gcount() > 0) {
        for (std::streamsize i = 0; i < log.gcount(); ++i) seen += buf[i] == '\n';
        offset += log.gcount();
        if (log.eof()) break;
      }
    }
    if (seen < lines) std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  if (extra.count() > 0) std::this_thread::sleep_for(extra);
  if (exited()) return false;
  ::kill(pid_, SIGKILL);
  wait();
  return true;
}

std::string BacklogsqlProcess::output() const { return read_file(home_ + "/.stdout") + read_file(home_ + "/.stderr"); }

int run_backlogsql_to_end(const std::string& home, const std::vector<std::string>& args, std::string* output) {
  BacklogsqlProcess p(home, args);
  int status = p.wait();
  if (output) *output = p.output();
  return status;
}

}  // namespace backlog::testing
