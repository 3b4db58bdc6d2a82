// Starts build/backlog-emulator as a child process on a free loopback port for one test,
// and reads its request log so tests can assert exactly which API calls were made.
//
//   EmulatorProcess emu({"--issues", "500"});
//   std::string url = emu.url();               // http://127.0.0.1:PORT
//   ... run a query ...
//   auto calls = emu.requests();               // one entry per request since the last clear
//
// The emulator's log line format (see emulator/README.md) is
//   METHOD <space> PATH[?QUERY] <space> STATUS <space> BYTES <space> MS
// where QUERY is percent-decoded and never contains the apiKey parameter.
#pragma once

#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace backlog::testing {

struct LoggedRequest {
  std::string method;   // GET, POST, PATCH, DELETE
  std::string path;     // /api/v2/issues
  std::string query;    // decoded, apiKey omitted: projectId[]=1&count=100
  int status = 0;
  long bytes = 0;
  double ms = 0;
  int in_flight = 0;    // requests the emulator was handling when this one came, itself included
  std::string target() const { return query.empty() ? path : path + "?" + query; }
};

class EmulatorProcess {
 public:
  // `args` are passed to backlog-emulator after `--port 0 --log <tmp>/requests.log`.
  explicit EmulatorProcess(std::vector<std::string> args = {});
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  int port() const { return port_; }
  std::string url() const;                   // http://127.0.0.1:PORT
  const std::string& api_key() const { return api_key_; }
  const std::string& log_path() const { return log_path_; }

  // Requests logged since the last clear_log(). The emulator writes and flushes each line
  // before it sends the response, so a finished call is always in the log.
  std::vector<LoggedRequest> requests() const;
  // Forget the requests logged so far (remembers the log offset; the file is not truncated).
  void clear_log();

  void kill_hard();                          // SIGKILL, for crash tests
  bool running() const;

 private:
  TempDir dir_;
  std::string log_path_;
  std::string api_key_ = "demo-key";
  int pid_ = -1;
  int port_ = 0;
  long log_offset_ = 0;
};

// Parses one emulator log line; returns false if it is not one.
bool parse_log_line(const std::string& line, LoggedRequest& out);

}  // namespace backlog::testing
