#include "support/emulator_process.h"

#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace backlog::testing {

EmulatorProcess::EmulatorProcess(std::vector<std::string> args) {
  log_path_ = dir_.file("requests.log");
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--api-key") api_key_ = args[i + 1];

  std::vector<std::string> argv_s = {BACKLOG_EMULATOR_PATH, "--port", "0", "--log", log_path_};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    throw std::runtime_error(fmt::format("cannot start {}: {}", argv[0], strerror(rc)));
  }

  // The first stdout line is "listening on http://127.0.0.1:PORT"; large datasets take a
  // few seconds to generate before it appears.
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(out[0]);  // later output goes nowhere; the emulator must tolerate SIGPIPE-free writes
  auto pos = line.rfind(':');
  if (line.rfind("listening on ", 0) != 0 || pos == std::string::npos) {
    kill_hard();
    throw std::runtime_error("backlog-emulator did not start: '" + line + "'");
  }
  port_ = std::stoi(line.substr(pos + 1));
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

std::string EmulatorProcess::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

void EmulatorProcess::kill_hard() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

bool EmulatorProcess::running() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }

bool parse_log_line(const std::string& line, LoggedRequest& out) {
  // METHOD TARGET STATUS BYTES MS IN_FLIGHT — TARGET has no spaces (decoded spaces are
  // written as %20).
  std::istringstream in(line);
  std::string target;
  if (!(in >> out.method >> target >> out.status >> out.bytes >> out.ms >> out.in_flight)) return false;
  auto q = target.find('?');
  out.path = target.substr(0, q);
  out.query = q == std::string::npos ? "" : target.substr(q + 1);
  return true;
}

std::vector<LoggedRequest> EmulatorProcess::requests() const {
  std::vector<LoggedRequest> result;
  std::ifstream in(log_path_);
  in.seekg(log_offset_);
  std::string line;
  while (std::getline(in, line)) {
    LoggedRequest r;
    if (parse_log_line(line, r)) result.push_back(std::move(r));
  }
  return result;
}

void EmulatorProcess::clear_log() {
  std::ifstream in(log_path_, std::ios::ate);
  log_offset_ = in ? static_cast<long>(in.tellg()) : 0;
}

}  // namespace backlog::testing
