// `backlogsql job …` as a user meets it: add with two SQLite destinations, list, show,
// run, history, edit, remove; the refusals of `job add` (each with its reason); a
// destination password kept in config.toml and never in the catalog or the output.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "shell/backlogsql_run.h"
#include "support/emulator_process.h"
#include "test_files.h"

namespace backlog::testing {
namespace {

constexpr const char* kApiKey = "job-cli-Key-0123456789-QRST";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class JobCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--issues", "40", "--projects", "2", "--api-key", kApiKey}); }
  static void TearDownTestSuite() { delete emu_; }

  void SetUp() override {
    BacklogsqlRun r = run("profile add emu --url " + emu_->url() + " --api-key " + kApiKey);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  BacklogsqlRun run(const std::string& args) { return run_backlogsql(home_.path(), args); }
  // The catalog where a run without --home keeps it ($HOME/.local/share/backlogsql).
  std::string catalog() const { return home_.file(".local/share/backlogsql/jobs.db"); }

  TempDir home_;
  static EmulatorProcess* emu_;
};
EmulatorProcess* JobCliTest::emu_ = nullptr;

TEST_F(JobCliTest, AddListShowRunHistoryEditRemove) {
  const std::string a = home_.file("a.db"), b = home_.file("b.db");
  BacklogsqlRun r = run("job add nightly --source emu --dest sqlite:" + shell_quote(a) + " --dest " + shell_quote(b) +
                        " --tables Issues,projects");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "job nightly added: tables Issues, Projects from profile emu")) << r.out;
  EXPECT_TRUE(has(r.out, "no schedule")) << r.out;
  EXPECT_TRUE(has(slurp(catalog()), "nightly"));

  r = run("job list");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "NAME")) << r.out;
  EXPECT_TRUE(has(r.out, "nightly  manual")) << r.out;
  EXPECT_TRUE(has(r.out, "never")) << r.out;

  r = run("job show nightly");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "profile emu (" + emu_->url() + ")")) << r.out;
  EXPECT_TRUE(has(r.out, "sqlite:" + a)) << r.out;
  EXPECT_TRUE(has(r.out, "sqlite:" + b)) << r.out;
  EXPECT_TRUE(has(r.out, "REPLICATE of Issues, Projects")) << r.out;
  EXPECT_TRUE(has(r.out, "no runs yet")) << r.out;

  r = run("job run nightly");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sqlite_count(a, "Issues"), 40);
  EXPECT_EQ(sqlite_count(b, "Issues"), 40);
  EXPECT_EQ(sqlite_count(a, "Projects"), 2);
  EXPECT_TRUE(has(r.err, "job nightly ok")) << r.err;            // the log line
  EXPECT_TRUE(has(r.err, "40 inserted")) << r.err;               // the shell's summaries

  r = run("job history nightly");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "STARTED")) << r.out;
  EXPECT_TRUE(has(r.out, "ok")) << r.out;
  EXPECT_TRUE(has(r.out, "manual")) << r.out;
  EXPECT_TRUE(has(r.out, "+42 ~0 -0")) << r.out;  // 40 + 2 rows, the same in both destinations
  EXPECT_FALSE(has(r.out, "+84")) << r.out;
  EXPECT_TRUE(has(r.out, "Issues → sqlite:" + a + ": 40 read, +40 ~0 -0")) << r.out;

  r = run("job list");
  EXPECT_TRUE(has(r.out, " ok")) << r.out;

  r = run("job edit nightly --every 1h --timezone Asia/Tokyo");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "every 1h")) << r.out;
  EXPECT_TRUE(has(r.out, "next run")) << r.out;
  r = run("job list");
  EXPECT_TRUE(has(r.out, "every 1h (Asia/Tokyo)")) << r.out;
  EXPECT_TRUE(has(r.out, "JST")) << r.out;
  r = run("job show nightly");
  EXPECT_TRUE(has(r.out, "next runs:")) << r.out;
  EXPECT_TRUE(has(r.out, "last runs:")) << r.out;

  r = run("job edit nightly");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "nothing to change")) << r.err;

  r = run("job remove nightly");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "1 run of history")) << r.out;
  r = run("job list");
  EXPECT_TRUE(has(r.out, "no jobs")) << r.out;
  r = run("job remove nightly");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "no job named 'nightly'")) << r.err;
  r = run("job run nightly");
  EXPECT_EQ(r.status, 2);
}

TEST_F(JobCliTest, AddRefusesWithTheReasonAndStoresNothing) {
  const std::string dest = " --dest " + shell_quote(home_.file("a.db"));
  struct Case { std::string args, reason; };
  const Case cases[] = {
      {"job add j --source emu" + dest + " --tables Issues --every 5m", "--every: position 1:"},
      {"job add j --source emu" + dest + " --tables Issues --every 5m", "10-minute"},
      {"job add j --source emu" + dest + " --tables Issues --cron '0 25 * * *'", "--cron: position 3:"},
      {"job add j --source emu" + dest + " --tables Issues --every 1h --timezone Mars/Olympus", "--timezone"},
      {"job add j --source emu" + dest + " --tables Isues", "unknown table 'Isues': did you mean Issues?"},
      {"job add j --source nobody" + dest + " --tables Issues", "no profile 'nobody'"},
      {"job add j --source nobody" + dest + " --tables Issues", "backlogsql profile add nobody"},
      {"job add j --source emu" + dest + " --query 'REPLICATE Issues WITH Bogus=1'", "unknown option Bogus"},
      {"job add j --source emu" + dest + " --file " + shell_quote(home_.file("missing.sql")), "--file: cannot read"},
      {"job add j --source emu --dest 'ftp://x/y' --tables Issues", "job: --dest ftp://x/y: unknown destination kind ("},
      {"job add j --source emu --dest sqlite: --tables Issues", "job: --dest sqlite:: no file path (use sqlite:PATH)\n"},
      {"job add j --source emu" + dest, "--tables T1,T2, --file FILE or --query"},
      {"job add 'bad name' --source emu" + dest + " --tables Issues", "bad job name"},
  };
  for (const Case& c : cases) {
    BacklogsqlRun r = run(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_TRUE(has(r.err, c.reason)) << c.args << "\n" << r.err;
  }
  BacklogsqlRun r = run("job list");
  EXPECT_TRUE(has(r.out, "no jobs")) << r.out;
}

TEST_F(JobCliTest, RelativePathsAreStoredAbsolute) {
  std::ofstream(home_.file("issues.sql")) << "REPLICATE Issues;\n";
  // Added from the home folder with relative paths; run from elsewhere (the scheduler's case).
  char previous[4096];
  ASSERT_TRUE(getcwd(previous, sizeof previous));
  ASSERT_EQ(chdir(home_.path().c_str()), 0);
  BacklogsqlRun r = run("job add from-file --source emu --dest sqlite:out.db --file issues.sql --cron '0 2 * * *' "
                        "--home jobs-home");
  ASSERT_EQ(chdir(previous), 0);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "file " + home_.file("issues.sql"))) << r.out;
  EXPECT_TRUE(has(r.out, "sqlite:" + home_.file("out.db"))) << r.out;
  EXPECT_TRUE(has(r.out, "at 02:00")) << r.out;
  r = run("job run from-file --quiet --log " + shell_quote(home_.file("runs.log")) + " --home " +
          shell_quote(home_.file("jobs-home")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sqlite_count(home_.file("out.db"), "Issues"), 40);
  EXPECT_TRUE(has(slurp(home_.file("runs.log")), "job from-file ok")) << slurp(home_.file("runs.log"));
  EXPECT_FALSE(has(r.err, "job from-file ok")) << r.err;  // the log line went to --log
}

TEST_F(JobCliTest, ADestinationPasswordGoesToConfigTomlOnly) {
  const std::string password = "Pg-Pa55w0rd-7d6c5b";
  BacklogsqlRun r = run("job add pg --source emu --dest " + shell_quote(home_.file("a.db")) +
                        " --dest 'postgresql://etl:" + password + "@127.0.0.1:1/backlog' --tables Issues");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(has(r.out + r.err, password)) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "postgresql://etl@127.0.0.1:1/backlog")) << r.out;
  EXPECT_FALSE(has(slurp(catalog()), password));
  EXPECT_TRUE(has(slurp(catalog()), "postgresql://etl@127.0.0.1:1/backlog"));
  EXPECT_TRUE(has(slurp(config_path_in(home_.path())), password));
  struct stat st {};
  stat(config_path_in(home_.path()).c_str(), &st);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  r = run("job show pg");
  EXPECT_TRUE(has(r.out, "postgresql://etl@127.0.0.1:1/backlog (password in config.toml)")) << r.out;
  EXPECT_FALSE(has(r.out, password));

  // Nobody listens on port 1: the run fails at that destination, naming it without the password.
  r = run("job run pg");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "job pg failed")) << r.err;
  EXPECT_TRUE(has(r.err, "postgresql://etl@127.0.0.1:1/backlog")) << r.err;
  EXPECT_FALSE(has(r.err, password)) << r.err;
  r = run("job history pg");
  EXPECT_TRUE(has(r.out, "failed")) << r.out;
  EXPECT_FALSE(has(r.out, password));
  for (const char* suffix : {"", "-wal"}) EXPECT_FALSE(has(slurp(catalog() + suffix), password)) << suffix;

  // A new --dest replaces the old ones and their passwords.
  r = run("job edit pg --dest " + shell_quote(home_.file("a.db")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(has(slurp(config_path_in(home_.path())), password));
  r = run("job run pg");
  EXPECT_EQ(r.status, 0) << r.err;

  r = run("job add pg2 --source emu --dest 'postgresql://etl:" + password + "@127.0.0.1:1/backlog' --tables Issues");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(slurp(config_path_in(home_.path())), password));
  r = run("job remove pg2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "destination passwords")) << r.out;
  EXPECT_FALSE(has(slurp(config_path_in(home_.path())), password));
}

TEST_F(JobCliTest, ARunWhoseProfileWasRemovedCannotStart) {
  BacklogsqlRun r = run("job add orphan --source emu --dest " + shell_quote(home_.file("a.db")) + " --tables Issues");
  ASSERT_EQ(r.status, 0) << r.err;
  r = run("profile remove emu");
  ASSERT_EQ(r.status, 0) << r.err;
  r = run("job run orphan");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "no profile 'emu'")) << r.err;
  r = run("job history orphan");
  EXPECT_TRUE(has(r.out, "failed")) << r.out;
  EXPECT_TRUE(has(r.out, "no profile 'emu'")) << r.out;
}

}  // namespace
}  // namespace backlog::testing
