#include "host_process.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "support/temp_dir.h"

namespace backlog::testing {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string extension_path() { return BACKLOG_EXTENSION_PATH; }

HostRun run_host(const std::string& command, const std::string& input, const std::string& dir) {
  TempDir io;
  std::string in = io.file("stdin"), err = io.file("stderr");
  std::ofstream(in, std::ios::binary) << input;
  std::string line = "cd " + shell_quote(dir) + " && " + command + " <" + shell_quote(in) + " 2>" + shell_quote(err);
  FILE* p = popen(line.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed: " + command);
  HostRun r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream e(err, std::ios::binary);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  return r;
}

}  // namespace backlog::testing
