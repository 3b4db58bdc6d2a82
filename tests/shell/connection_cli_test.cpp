// backlogsql's connections as a user meets them: profiles in config.toml, --source
// connection strings, which connection wins, exit codes of connection failures,
// test-connection, and subcommand --help. Secrets never appear in any output.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "backlogsql_run.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

// Long enough that mask_secret shows its last four characters; no other text contains it.
constexpr const char* kSecretKey = "sEcReT-api-key-0123456789-WXYZ";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

mode_t mode_of(const std::string& path) {
  struct stat st {};
  stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

class ConnectionCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emu_ = new EmulatorProcess({"--issues", "30", "--projects", "2", "--api-key", kSecretKey});
  }
  static void TearDownTestSuite() { delete emu_; }

  BacklogsqlRun run(const std::string& args, const std::string& env = "") {
    return run_backlogsql(home_.path(), args, env);
  }
  // A profile `name` for the emulator with the right key (or `key`).
  void add_profile(const std::string& name, const std::string& key = kSecretKey) {
    BacklogsqlRun r = run("profile add " + name + " --url " + emu_->url() + " --api-key " + shell_quote(key));
    ASSERT_EQ(r.status, 0) << r.err;
  }
  std::string config() const { return config_path_in(home_.path()); }
  std::string source(const std::string& key = kSecretKey) const {
    return shell_quote("AuthScheme=APIToken;APIKey=" + key + ";URL=" + emu_->url());
  }

  TempDir home_;
  static EmulatorProcess* emu_;
};
EmulatorProcess* ConnectionCliTest::emu_ = nullptr;

TEST_F(ConnectionCliTest, ProfilesAreWrittenWithMode0600AndListedWithSecretsMasked) {
  add_profile("prod");
  BacklogsqlRun r = run("profile add team --oauth --url https://team.backlog.com --client-id cid "
                        "--client-secret oauth-client-secret-4567");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "auth login --profile team")) << r.out;
  EXPECT_EQ(mode_of(config()), 0600u);
  EXPECT_EQ(mode_of(home_.file("config/backlogsql")), 0700u);

  r = run("profile list");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "prod  apitoken  " + emu_->url())) << r.out;
  EXPECT_TRUE(has(r.out, "api_key ****WXYZ")) << r.out;
  EXPECT_TRUE(has(r.out, "team  oauth")) << r.out;
  EXPECT_TRUE(has(r.out, "client_secret ****4567")) << r.out;
  EXPECT_TRUE(has(r.out, "not logged in")) << r.out;
  EXPECT_FALSE(has(r.out, kSecretKey));
  EXPECT_FALSE(has(r.out, "oauth-client-secret"));

  EXPECT_EQ(run("profile add prod --url " + emu_->url() + " --api-key other").status, 2);  // exists
  EXPECT_EQ(run("profile add prod --replace --source " + source()).status, 0);
  r = run("profile remove team");
  EXPECT_EQ(r.status, 0) << r.err;
  r = run("profile list");
  EXPECT_FALSE(has(r.out, "team")) << r.out;
  EXPECT_EQ(run("profile remove team").status, 2);
}

TEST_F(ConnectionCliTest, AConfigFileOthersCanReadIsRefusedWithTheFix) {
  add_profile("prod");
  chmod(config().c_str(), 0644);
  BacklogsqlRun r = run("--profile prod -c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "chmod 600 " + config())) << r.err;
  EXPECT_TRUE(has(r.err, "0644")) << r.err;
  EXPECT_EQ(run("profile list").status, 2);
  chmod(config().c_str(), 0600);
  EXPECT_EQ(run("--profile prod -c \"SELECT 1\"").status, 0);
}

TEST_F(ConnectionCliTest, EveryWayToConnectReachesTheSameSpace) {
  add_profile("prod");
  const std::string sql = " -c \"SELECT count(*) FROM Projects\"";
  BacklogsqlRun r = run("--profile prod" + sql);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "2\n");
  r = run("--source " + source() + sql);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "2\n");
  r = run("--url " + emu_->url() + " --api-key " + kSecretKey + sql);
  EXPECT_EQ(r.out, "2\n") << r.err;
  const std::string env = "BACKLOG_URL=" + emu_->url() + " BACKLOG_API_KEY=" + kSecretKey;
  r = run(sql, env);
  EXPECT_EQ(r.out, "2\n") << r.err;
  // The environment is the last resort: a profile given on the command line wins over it.
  r = run("--profile prod" + sql, "BACKLOG_URL=http://127.0.0.1:1 BACKLOG_API_KEY=wrong");
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(ConnectionCliTest, ConflictingOrMissingConnectionsAreUsageErrors) {
  add_profile("prod");
  BacklogsqlRun r = run("--profile prod --source " + source() + " -c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "only one of")) << r.err;
  EXPECT_EQ(run("--profile prod --url " + emu_->url() + " -c \"SELECT 1\"").status, 2);
  r = run("-c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "no Backlog connection")) << r.err;
  r = run("--profile nope -c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "no profile 'nope'")) << r.err;
  r = run("--source " + shell_quote("APIKey=" + std::string(kSecretKey) + ";URL=" + emu_->url() + ";Color=red") +
          " -c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "unknown key 'Color'")) << r.err;
  EXPECT_FALSE(has(r.err, kSecretKey));
  r = run("--source " + shell_quote("APIKey=k") + " -c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "URL is missing")) << r.err;
}

TEST_F(ConnectionCliTest, AWrongKeyOrAnUnreachableSpaceExitsTwoAndAFailedStatementOne) {
  BacklogsqlRun r = run("--source " + source("wrong-key-555") + " -c \"SELECT count(*) FROM Issues\"");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "HTTP 401")) << r.err;
  EXPECT_FALSE(has(r.err, "wrong-key-555")) << r.err;
  r = run("--url http://127.0.0.1:1 --api-key k -c \"SELECT * FROM Projects\"");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(has(r.err, "cannot connect")) << r.err;
  // The space answers; the statement is what fails.
  r = run("--source " + source() + " -c \"SELECT count(*) FROM Projects; SELECT * FROM NoSuchTable\"");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(run("--mode fancy -c \"SELECT 1\"").status, 2);
  EXPECT_EQ(run("profile add").status, 2);
  EXPECT_EQ(run("auth login").status, 2);  // --profile is required
}

TEST_F(ConnectionCliTest, TheKeyNeverAppearsInOutputErrorsOrTraces) {
  add_profile("prod");
  const std::string trace = home_.file("trace.log");
  BacklogsqlRun ok = run("--profile prod --trace " + trace + " -c \"SELECT count(*) FROM Issues\"");
  EXPECT_EQ(ok.status, 0) << ok.err;
  BacklogsqlRun bad = run("--source " + source(std::string(kSecretKey) + "x") + " --trace " + trace +
                          " -c \"SELECT count(*) FROM Issues\"");
  EXPECT_EQ(bad.status, 2);
  BacklogsqlRun test = run("test-connection --source " + source(std::string(kSecretKey) + "x"));
  std::ifstream in(trace);
  std::string traced((std::istreambuf_iterator<char>(in)), {});
  EXPECT_TRUE(has(traced, "GET /api/v2/issues")) << traced;
  for (const std::string& text : {ok.out, ok.err, bad.out, bad.err, test.out, test.err, traced})
    EXPECT_FALSE(has(text, kSecretKey)) << text;
}

TEST_F(ConnectionCliTest, TestConnectionPrintsOneLinePerTarget) {
  add_profile("prod");
  add_profile("stale", "stale-key-31337");
  const std::string db = home_.file("out.db");
  BacklogsqlRun r = run("test-connection --profile prod --dest sqlite:" + db);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "backlog profile prod (" + emu_->url() + "): ok, space \"Demo Space デモ\" (demo)\n"
                   "sqlite:" + db + ": ok, SQLite " + sqlite3_libversion() + "\n");

  r = run("test-connection --profile stale --dest sqlite:" + home_.file("no/such/folder/x.db"));
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.out, "backlog profile stale (" + emu_->url() + "): failed: wrong API key (HTTP 401)\n")) << r.out;
  EXPECT_TRUE(has(r.out, "sqlite:" + home_.file("no/such/folder/x.db") + ": failed: ")) << r.out;
  EXPECT_FALSE(has(r.out + r.err, "stale-key-31337"));

  r = run("test-connection --url http://127.0.0.1:1 --api-key k");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "backlog http://127.0.0.1:1: failed: cannot connect to http://127.0.0.1:1 (Couldn't connect to server)\n");
  r = run("test-connection --url http://no-such-host.invalid --api-key k");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.out, "cannot resolve the host")) << r.out;

  r = run("test-connection");  // nothing to test
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "nothing to test")) << r.err;
}

// A destination is named once, as typed (password hidden), even where the sink's own name
// for it differs: a keyword string, a MySQL URI whose port the sink fills in.
TEST_F(ConnectionCliTest, AFailedDestinationIsNamedOnceAsTyped) {
  BacklogsqlRun r = run("test-connection --dest 'host=127.0.0.1 port=1 dbname=x user=u password=s3cret-pw' "
                        "--dest 'mysql://u:s3cret-pw@127.0.0.1/x'");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.out, "host=127.0.0.1 port=1 dbname=x user=u password=***: failed: cannot connect: connection refused"))
      << r.out;
  EXPECT_TRUE(has(r.out, "mysql://u:***@127.0.0.1/x: failed: ")) << r.out;
  EXPECT_FALSE(has(r.out, "postgresql (")) << r.out;                 // the PostgreSQL sink's name for it
  EXPECT_FALSE(has(r.out, "mysql://u@127.0.0.1:3306/x")) << r.out;   // the MySQL sink's
  EXPECT_FALSE(has(r.out + r.err, "s3cret-pw"));
}

TEST_F(ConnectionCliTest, EverySubcommandHasItsOwnHelp) {
  struct Case {
    std::string args;
    std::vector<std::string> mentions;
  };
  const Case cases[] = {
      {"--help", {"--source", "--profile", "--dest", "-c SQL", "profile", "auth", "test-connection", "Exit status"}},
      {"profile --help", {"add", "list", "remove", "0600"}},
      {"profile add --help", {"NAME", "--url", "--api-key", "--source", "--oauth", "--client-id", "--client-secret"}},
      {"profile list --help", {"secrets masked"}},
      {"profile remove --help", {"NAME"}},
      {"auth --help", {"login"}},
      {"auth login --help", {"--profile", "--open-browser", "--port", "127.0.0.1:PORT/callback"}},
      {"test-connection --help", {"--profile", "--url", "--api-key", "--source", "--dest", "Exit status"}},
  };
  for (const Case& c : cases) {
    BacklogsqlRun r = run(c.args);
    EXPECT_EQ(r.status, 0) << c.args << ": " << r.err;
    EXPECT_TRUE(has(r.out, "Usage: backlogsql")) << c.args << ":\n" << r.out;
    for (const std::string& m : c.mentions) EXPECT_TRUE(has(r.out, m)) << c.args << " lacks " << m << ":\n" << r.out;
  }
  // Each help is its own: profile add's does not list the shell's -c.
  EXPECT_FALSE(has(run("profile add --help").out, "-c SQL"));
}

}  // namespace
}  // namespace backlog::testing
