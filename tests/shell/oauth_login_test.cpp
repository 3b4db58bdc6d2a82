// `backlogsql auth login` end to end against the emulator's OAuth 2.0 endpoints: this test
// plays the browser (opens the printed URL, follows the redirect to the loopback port),
// then checks what the profile holds and that later runs refresh the access token by
// themselves — also when it expires in the middle of a scan — and store the new tokens.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "api/connection.h"
#include "backlogsql_run.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class OAuthLoginTest : public ::testing::Test {
 protected:
  BacklogsqlRun run(const std::string& args) { return run_backlogsql(home_.path(), args); }
  std::string config() const { return config_path_in(home_.path()); }
  api::Connection profile() const {
    const api::Connection* c = api::Profiles::load(config()).find("team");
    return c ? *c : api::Connection{};
  }

  // `profile add team --oauth …` and `auth login --profile team`, with this test as the browser.
  void login(EmulatorProcess& emu) {
    BacklogsqlRun added = run("profile add team --oauth --url " + emu.url() +
                              " --client-id demo-client --client-secret demo-secret");
    ASSERT_EQ(added.status, 0) << added.err;

    const std::string err = home_.file("login.err");
    FILE* p = popen((backlogsql_command(home_.path(), "auth login --profile team --timeout 60") + " 2>" + err).c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string out, authorize;
    char line[4096];
    while (authorize.empty() && fgets(line, sizeof line, p)) {
      out += line;
      std::string text = line;
      if (auto at = text.find(emu.url() + "/OAuth2AccessRequest.action?"); at != std::string::npos)
        authorize = text.substr(at + emu.url().size(), text.find_last_not_of("\r\n") + 1 - at - emu.url().size());
    }
    ASSERT_FALSE(authorize.empty()) << out;
    EXPECT_TRUE(has(authorize, "client_id=demo-client")) << authorize;

    // The browser: Backlog (the emulator) approves and redirects to our loopback port…
    httplib::Client backlog("127.0.0.1", emu.port());
    auto approval = backlog.Get(authorize.c_str());
    ASSERT_TRUE(approval);
    ASSERT_EQ(approval->status, 302);
    const std::string location = approval->get_header_value("Location");
    const std::string prefix = "http://127.0.0.1:";
    ASSERT_EQ(location.rfind(prefix, 0), 0u) << location;
    const size_t slash = location.find('/', prefix.size());
    const int port = std::stoi(location.substr(prefix.size(), slash - prefix.size()));
    // …where backlogsql trades the code for tokens before it answers.
    httplib::Client callback("127.0.0.1", port);
    auto landed = callback.Get(location.substr(slash).c_str());
    ASSERT_TRUE(landed);
    EXPECT_EQ(landed->status, 200);
    EXPECT_TRUE(has(landed->body, "logged in")) << landed->body;

    while (fgets(line, sizeof line, p)) out += line;
    int status = pclose(p);
    std::ifstream e(err);
    std::string errors((std::istreambuf_iterator<char>(e)), {});
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out << errors;
    EXPECT_TRUE(has(out, "Logged in as")) << out;
  }

  // "METHOD PATH STATUS" of every request the emulator logged.
  static std::vector<std::string> calls(const EmulatorProcess& emu) {
    std::vector<std::string> out;
    for (const LoggedRequest& r : emu.requests()) out.push_back(r.method + " " + r.path + " " + std::to_string(r.status));
    return out;
  }

  TempDir home_;
};

TEST_F(OAuthLoginTest, LoginStoresTheTokensAndLaterRunsUseThem) {
  EmulatorProcess emu({"--issues", "40", "--projects", "2"});
  login(emu);
  api::Connection team = profile();
  EXPECT_FALSE(team.refresh_token.empty());
  EXPECT_FALSE(team.access_token.empty());
  EXPECT_FALSE(team.access_expires_at.empty());
  struct stat st {};
  stat(config().c_str(), &st);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(calls(emu), (std::vector<std::string>{"GET /OAuth2AccessRequest.action 302",
                                                 "POST /api/v2/oauth2/token 200",
                                                 "GET /api/v2/users/myself 200"}));

  emu.clear_log();
  BacklogsqlRun r = run("--profile team -c \"SELECT count(*) FROM Issues\"");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "40\n");
  EXPECT_EQ(calls(emu), std::vector<std::string>{"GET /api/v2/issues 200"});  // the stored token, no refresh

  r = run("profile list");
  EXPECT_TRUE(has(r.out, "logged in (refresh_token ****" + team.refresh_token.substr(team.refresh_token.size() - 4)))
      << r.out;
  for (const std::string& secret : {team.refresh_token, team.access_token, std::string("demo-secret")})
    EXPECT_FALSE(has(r.out + r.err, secret));
}

TEST_F(OAuthLoginTest, AnAccessTokenExpiringMidScanIsRefreshedAndTheNewTokensAreStored) {
  // Tokens live 2 s; 3000 issues are 30 pages of at least 100 ms each.
  EmulatorProcess emu({"--issues", "3000", "--projects", "1", "--token-ttl", "2", "--latency-ms", "100"});
  login(emu);
  // Forget the expiry (as when a server does not say): the client then learns of it from
  // the 401 of the page the token dies on, refreshes, and asks for that page again.
  {
    api::Profiles profiles = api::Profiles::load(config());
    api::Connection c = *profiles.find("team");
    c.access_expires_at.clear();
    profiles.put("team", c);
    profiles.save(config());
  }
  const std::string first_refresh_token = profile().refresh_token;
  emu.clear_log();
  BacklogsqlRun r = run("--profile team -c \"SELECT count(*), count(DISTINCT Id) FROM Issues\"");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "3000|3000\n");
  std::vector<std::string> seen = calls(emu);
  // …GET /api/v2/issues 401, POST /api/v2/oauth2/token 200 (once or more), GET /api/v2/issues 200…
  bool refreshed_after_401 = false;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (seen[i] != "GET /api/v2/issues 401") continue;
    size_t j = i + 1;
    while (j < seen.size() && seen[j] == "POST /api/v2/oauth2/token 200") ++j;
    refreshed_after_401 |= j > i + 1 && j < seen.size() && seen[j] == "GET /api/v2/issues 200";
  }
  std::string log;
  for (const std::string& call : seen) log += call + "\n";
  EXPECT_TRUE(refreshed_after_401) << log;

  // The refreshed tokens were stored (refresh tokens are single use: the old one is dead),
  // with their expiry, and the next run goes on from them.
  api::Connection after = profile();
  EXPECT_NE(after.refresh_token, first_refresh_token);
  EXPECT_FALSE(after.access_expires_at.empty());
  emu.clear_log();
  r = run("--profile team -c \"SELECT count(*) FROM Projects\"");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(profile().refresh_token, after.refresh_token);  // refreshed again, and stored again
  for (const std::string& call : calls(emu)) EXPECT_EQ(call.find(" 401"), std::string::npos) << call;
}

TEST_F(OAuthLoginTest, LoginNeedsAnOAuthProfile) {
  EmulatorProcess emu({"--issues", "1"});
  ASSERT_EQ(run("profile add plain --url " + emu.url() + " --api-key k").status, 0);
  BacklogsqlRun r = run("auth login --profile plain");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "not an OAuth profile")) << r.err;
  r = run("auth login --profile missing");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "no profile 'missing'")) << r.err;
  // An OAuth profile that never logged in says what to do.
  ASSERT_EQ(run("profile add team --oauth --url " + emu.url() + " --client-id demo-client --client-secret s").status, 0);
  r = run("--profile team -c \"SELECT 1\"");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "auth login")) << r.err;
}

}  // namespace
}  // namespace backlog::testing
