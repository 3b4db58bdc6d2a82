// See backlogsql_run.h.
#include "backlogsql_run.h"

#include <sys/wait.h>

#include <array>
#include <fstream>
#include <iterator>

namespace backlog::testing {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string config_path_in(const std::string& home) { return home + "/config/backlogsql/config.toml"; }

std::string backlogsql_command(const std::string& home, const std::string& args, const std::string& env) {
  return "env -u BACKLOG_URL -u BACKLOG_API_KEY -u XDG_DATA_HOME HOME=" + shell_quote(home) +
         " XDG_CONFIG_HOME=" + shell_quote(home + "/config") + " " + env + " " +
         shell_quote(std::string(BACKLOGSQL_BINARY_DIR) + "/backlogsql") + " " + args;
}

BacklogsqlRun run_backlogsql(const std::string& home, const std::string& args, const std::string& env,
                             const std::string& input) {
  const std::string in = home + "/.stdin", err = home + "/.stderr";
  std::ofstream(in) << input;
  std::string cmd = backlogsql_command(home, args, env) + " <" + shell_quote(in) + " 2>" + shell_quote(err);
  BacklogsqlRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream e(err);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  return r;
}

}  // namespace backlog::testing
