// Connection strings, profiles in config.toml and the Client options they give.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/connection.h"
#include "support/temp_dir.h"

namespace backlog::api {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_connection_string(text);
  } catch (const ConnectionError& e) {
    return e.what();
  }
  return "";
}

TEST(ConnectionString, ApiToken) {
  Connection c = parse_connection_string("AuthScheme=APIToken;APIKey=abc123;URL=https://x.backlog.com/");
  EXPECT_EQ(c.auth, Connection::Auth::ApiToken);
  EXPECT_EQ(c.api_key, "abc123");
  EXPECT_EQ(c.url, "https://x.backlog.com");  // trailing '/' dropped
  ClientOptions o = client_options(c);
  EXPECT_EQ(o.base_url, "https://x.backlog.com");
  EXPECT_EQ(o.api_key, "abc123");
}

TEST(ConnectionString, KeysAreCaseInsensitiveAndBlanksAroundThemDropped) {
  Connection c = parse_connection_string(" authscheme = apitoken ; apikey=k ; url = http://127.0.0.1:8080 ;");
  EXPECT_EQ(c.auth, Connection::Auth::ApiToken);
  EXPECT_EQ(c.api_key, "k");
  EXPECT_EQ(c.url, "http://127.0.0.1:8080");
  EXPECT_EQ(parse_connection_string("URL=https://a.backlog.jp;APIKEY=z").api_key, "z");  // APIToken by default
}

TEST(ConnectionString, QuotedValuesHoldSemicolonsAndDoubledQuotes) {
  Connection c = parse_connection_string(
      "AuthScheme=OAuth;OAuthClientId=\"id;with;semis\";OAuthClientSecret='it''s=\"x\"';URL='https://x.backlog.com'");
  EXPECT_EQ(c.auth, Connection::Auth::OAuth);
  EXPECT_EQ(c.client_id, "id;with;semis");
  EXPECT_EQ(c.client_secret, "it's=\"x\"");
  EXPECT_EQ(c.url, "https://x.backlog.com");
  EXPECT_EQ(parse_connection_string("APIKey=\"a\"\"b\";URL=https://x.backlog.com").api_key, "a\"b");
  EXPECT_NE(error_of("APIKey='open;URL=https://x.backlog.com").find("no closing '"), std::string::npos);
}

TEST(ConnectionString, OAuthForm) {
  Connection c = parse_connection_string("AuthScheme=OAuth;OAuthClientId=cid;OAuthClientSecret=cs;URL=https://x.backlog.com");
  EXPECT_EQ(c.auth, Connection::Auth::OAuth);
  EXPECT_EQ(c.client_id, "cid");
  EXPECT_EQ(c.client_secret, "cs");
  // No tokens yet: the Client cannot be made until `auth login` stored them.
  EXPECT_THROW(client_options(c), ConnectionError);
  c.refresh_token = "r1";
  ClientOptions o = client_options(c);
  EXPECT_TRUE(o.api_key.empty());
  EXPECT_EQ(o.oauth.refresh_token, "r1");
  EXPECT_EQ(o.oauth.client_id, "cid");
  EXPECT_FALSE(o.oauth.access_token.empty());  // a placeholder, already expired: refreshed first
  EXPECT_LT(o.oauth.expires_at, std::chrono::system_clock::now());
}

TEST(ConnectionString, UnknownKeysAreRefusedByName) {
  std::string e = error_of("AuthScheme=APIToken;APIKey=secret-value;Url=https://x.backlog.com;Timeout=5");
  EXPECT_NE(e.find("unknown key 'Timeout'"), std::string::npos) << e;
  EXPECT_EQ(e.find("secret-value"), std::string::npos) << e;
}

TEST(ConnectionString, MissingPiecesAreNamed) {
  EXPECT_NE(error_of("AuthScheme=APIToken;APIKey=k").find("URL is missing"), std::string::npos);
  EXPECT_NE(error_of("AuthScheme=APIToken;URL=https://x.backlog.com").find("APIKey is missing"), std::string::npos);
  EXPECT_NE(error_of("AuthScheme=OAuth;OAuthClientSecret=s;URL=https://x.backlog.com").find("OAuthClientId is missing"),
            std::string::npos);
  EXPECT_NE(error_of("AuthScheme=Basic;APIKey=k;URL=https://x.backlog.com").find("AuthScheme"), std::string::npos);
  EXPECT_NE(error_of("APIKey=k;URL=ftp://x").find("https://"), std::string::npos);
  EXPECT_NE(error_of("APIKey=k;APIKEY=k2;URL=https://x.backlog.com").find("given twice"), std::string::npos);
  // A part without '=' may be a pasted secret: the message gives its number, not its text.
  std::string e = error_of("URL=https://x.backlog.com;pasted-secret-123");
  EXPECT_NE(e.find("part 2"), std::string::npos) << e;
  EXPECT_EQ(e.find("pasted-secret-123"), std::string::npos) << e;
}

TEST(MaskSecret, ShowsAtMostTheLastFourCharacters) {
  EXPECT_EQ(mask_secret("abcdefghijklmnopqrstuvwxyz"), "****wxyz");
  EXPECT_EQ(mask_secret("short-key"), "****");
  EXPECT_EQ(mask_secret(""), "");
}

class ProfilesTest : public ::testing::Test {
 protected:
  std::string path() const { return dir_.file("cfg/backlogsql/config.toml"); }
  static mode_t mode_of(const std::string& p) {
    struct stat st {};
    stat(p.c_str(), &st);
    return st.st_mode & 07777;
  }
  testing::TempDir dir_;
};

TEST_F(ProfilesTest, RoundTripWithMode0600AndFolder0700) {
  Profiles p = Profiles::load(path());  // missing file: empty
  EXPECT_TRUE(p.all().empty());
  Connection prod;
  prod.url = "https://x.backlog.com";
  prod.api_key = "key-1";
  p.put("prod", prod);
  Connection team;
  team.auth = Connection::Auth::OAuth;
  team.url = "https://t.backlog.com";
  team.client_id = "cid";
  team.client_secret = "cs";
  OAuthTokens tokens;
  tokens.access_token = "a1";
  tokens.refresh_token = "r1";
  tokens.expires_at = std::chrono::system_clock::from_time_t(1716199200);  // 2024-05-20T10:00:00Z
  store_tokens(team, tokens);
  p.put("team", team);
  p.save(path());
  EXPECT_EQ(mode_of(path()), 0600u);
  EXPECT_EQ(mode_of(dir_.file("cfg/backlogsql")), 0700u);

  Profiles back = Profiles::load(path());
  ASSERT_EQ(back.all().size(), 2u);
  EXPECT_EQ(back.find("prod")->api_key, "key-1");
  const Connection* t = back.find("team");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->auth, Connection::Auth::OAuth);
  EXPECT_EQ(t->refresh_token, "r1");
  EXPECT_EQ(t->access_expires_at, "2024-05-20T10:00:00Z");
  EXPECT_EQ(client_options(*t).oauth.expires_at, tokens.expires_at);
  EXPECT_TRUE(back.remove("prod"));
  EXPECT_FALSE(back.remove("prod"));
  EXPECT_THROW(back.put("bad name", prod), ConnectionError);
}

TEST_F(ProfilesTest, AFileOthersCanReadIsRefusedWithTheFix) {
  Profiles p;
  Connection c;
  c.url = "https://x.backlog.com";
  c.api_key = "k";
  p.put("prod", c);
  p.save(path());
  chmod(path().c_str(), 0644);
  try {
    Profiles::load(path());
    FAIL() << "a 0644 file was read";
  } catch (const ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600 " + path()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0644"), std::string::npos) << e.what();
  }
  // Saving again (e.g. a refresh) restores 0600.
  chmod(path().c_str(), 0600);
  Profiles::load(path()).save(path());
  EXPECT_EQ(mode_of(path()), 0600u);
}

TEST_F(ProfilesTest, OtherTablesSurviveASaveAndUnknownProfileKeysAreRefused) {
  std::string dir = dir_.file("cfg");
  mkdir(dir.c_str(), 0700);
  mkdir((dir + "/backlogsql").c_str(), 0700);
  {
    std::ofstream(path()) << "[jobs.nightly]\nschedule = \"0 3 * * *\"\n\n"
                             "[profiles.prod]\nauth = \"apitoken\"\nurl = \"https://x.backlog.com\"\napi_key = \"k\"\n";
  }
  chmod(path().c_str(), 0600);
  Profiles p = Profiles::load(path());
  p.remove("prod");
  p.save(path());
  std::ifstream in(path());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("0 3 * * *"), std::string::npos) << text.str();

  std::ofstream(path()) << "[profiles.prod]\nurl = \"https://x.backlog.com\"\napikey = \"k\"\n";
  try {
    Profiles::load(path());
    FAIL();
  } catch (const ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key 'apikey'"), std::string::npos) << e.what();
  }
}

TEST(DefaultConfigPath, FollowsXdgConfigHomeThenHome) {
  std::string old_xdg = getenv("XDG_CONFIG_HOME") ? getenv("XDG_CONFIG_HOME") : "";
  std::string old_home = getenv("HOME") ? getenv("HOME") : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(default_config_path(), "/tmp/xdg/backlogsql/config.toml");
  unsetenv("XDG_CONFIG_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(default_config_path(), "/home/u/.config/backlogsql/config.toml");
  if (!old_xdg.empty()) setenv("XDG_CONFIG_HOME", old_xdg.c_str(), 1);
  setenv("HOME", old_home.c_str(), 1);
}

}  // namespace
}  // namespace backlog::api
