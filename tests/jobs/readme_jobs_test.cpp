// The README's "Jobs and schedules" example, run as written: every command of its code
// block in order, against a backlog-emulator and the test run's PostgreSQL, with only the
// space URL, the key, the folder, the PostgreSQL URI and the port swapped for local ones.
// The block is found by the <!-- readme-jobs-example --> marker before it, so editing the
// README edits this test.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "background_backlogsql.h"
#include "prometheus_text.h"
#include "shell/backlogsql_run.h"
#include "support/emulator_process.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace backlog::testing {
namespace {

const std::string kSecret = "readme-key-8d1e5a03b7";
constexpr int kIssues = 60;

// The commands of the first ```sh block after `marker`: comment lines dropped,
// backslash-continued lines joined.
std::vector<std::string> example_commands(const std::string& readme, const std::string& marker) {
  std::vector<std::string> out;
  size_t at = readme.find(marker);
  if (at == std::string::npos) return out;
  at = readme.find("```sh\n", at);
  if (at == std::string::npos) return out;
  std::istringstream block(readme.substr(at + 6, readme.find("\n```", at + 6) - at - 6));
  std::string line, command;
  while (std::getline(block, line)) {
    if (command.empty() && (line.empty() || line[0] == '#')) continue;
    bool continued = !line.empty() && line.back() == '\\';
    if (continued) line.pop_back();
    command += line;
    if (!continued) out.push_back(std::exchange(command, ""));
  }
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

TEST(ReadmeJobsTest, TheWorkedExampleRunsAsWritten) {
  TempDir home;
  EmulatorProcess emu({"--issues", std::to_string(kIssues), "--projects", "2", "--api-key", kSecret});
  const std::string folder = home.path() + "/srv/";
  std::filesystem::create_directories(folder);
  const std::string pg = postgres_fresh_database();

  std::vector<std::string> commands =
      example_commands(slurp(std::string(BACKLOGSQL_SOURCE_DIR) + "/README.md"), "<!-- readme-jobs-example -->");
  ASSERT_GE(commands.size(), 6u) << "the README's jobs example was not found";
  ASSERT_EQ(commands.back().rfind("backlogsql scheduler", 0), 0u) << "the example should end with the scheduler";

  for (std::string command : commands) {
    SCOPED_TRACE(command);
    ASSERT_EQ(command.rfind("backlogsql ", 0), 0u) << "every command of the example is a backlogsql command";
    replace_all(command, "https://acme.backlog.com", emu.url());
    replace_all(command, "\"$BACKLOG_API_KEY\"", shell_quote(kSecret));
    replace_all(command, "/srv/backlog/", folder);
    replace_all(command, "postgresql://loader@db.example/backlog", shell_quote(pg));
    replace_all(command, "127.0.0.1:9464", "127.0.0.1:0");
    const std::string args = command.substr(std::string("backlogsql ").size());

    if (args.rfind("scheduler", 0) != 0) {
      BacklogsqlRun r = run_backlogsql(home.path(), args);
      ASSERT_EQ(r.status, 0) << r.out << r.err;
      if (args.rfind("job list", 0) == 0) {
        EXPECT_NE(r.out.find("acme-nightly"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("Asia/Tokyo"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("03:00"), std::string::npos) << r.out;  // the next run, local time
      }
      if (args.rfind("job history", 0) == 0) {
        EXPECT_NE(r.out.find(" ok "), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("Issues"), std::string::npos) << r.out;
      }
      if (args.rfind("job run", 0) == 0) {
        // The first load reached both destinations.
        EXPECT_EQ(sqlite_count(folder + "acme.db", "Issues"), kIssues);
        EXPECT_EQ(postgres_scalar(pg, "SELECT count(*) FROM \"Issues\""), std::to_string(kIssues));
        EXPECT_EQ(postgres_scalar(pg, "SELECT count(*) FROM \"IssueComments\""),
                  std::to_string(sqlite_count(folder + "acme.db", "IssueComments").value_or(-1)));
        EXPECT_GT(sqlite_count(folder + "acme.db", "Users"), 0);
      }
      continue;
    }

    // The scheduler: it listens, knows the job and when it runs next, and stops cleanly.
    std::unique_ptr<Child> s = spawn_backlogsql(home.path(), args, home.file("scheduler.err"));
    int port = 0;
    ASSERT_TRUE(wait_for([&] {
      std::smatch m;
      std::string err = s->err();
      if (!std::regex_search(err, m, std::regex("listening on http://127\\.0\\.0\\.1:([0-9]+)"))) return false;
      port = std::stoi(m[1]);
      return true;
    })) << s->err();
    httplib::Client http("127.0.0.1", port);
    auto health = http.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    auto metrics = http.Get("/metrics");
    ASSERT_TRUE(metrics);
    std::string error;
    std::vector<Sample> m = parse_prometheus(metrics->body, &error);
    ASSERT_FALSE(m.empty()) << error;
    const double next = sample(m, "backlogsql_job_next_run_timestamp_seconds", {{"job", "acme-nightly"}});
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_GT(next, now) << metrics->body;
    EXPECT_LE(next, now + 24 * 3600 + 60) << metrics->body;  // daily: within the next day
    kill(s->pid, SIGTERM);
    EXPECT_EQ(s->wait(), 0) << s->err();
  }

  // No secret outside config.toml: not in the catalog, the log or any output file.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(home.path())) {
    if (!entry.is_regular_file() || entry.path() == config_path_in(home.path())) continue;
    EXPECT_EQ(slurp(entry.path()).find(kSecret), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace backlog::testing
