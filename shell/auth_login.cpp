// `backlogsql auth login --profile NAME`: the OAuth 2.0 authorization-code flow with a
// loopback redirect (RFC 8252).
//
//   1. listen on 127.0.0.1:PORT (any free port unless --port);
//   2. print SPACE/OAuth2AccessRequest.action?response_type=code&client_id=…&redirect_uri=
//      http://127.0.0.1:PORT/callback&state=RANDOM (and open it with xdg-open only when
//      --open-browser asks);
//   3. the browser comes back to /callback?code=…&state=…: the state must be ours (else
//      another page is trying to log us in), the code is traded at /api/v2/oauth2/token;
//   4. the tokens go into the profile (config.toml, 0600); one GET /api/v2/users/myself
//      says who logged in.
// Later runs with the profile refresh the access token by themselves (connection_args.cpp).
#include "shell/auth_login.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

#include <rapidjson/document.h>

#include "api/connection.h"
#include "api/oauth.h"
#include "api/url.h"
#include "shell/commands.h"
#include "shell/connection_args.h"

extern char** environ;

namespace backlog::shell {

namespace {

std::string random_state() {
  unsigned char bytes[16] = {};
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || read(fd, bytes, sizeof bytes) != static_cast<ssize_t>(sizeof bytes))
    throw std::runtime_error("cannot read /dev/urandom for the login's state");
  close(fd);
  std::string out;
  for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

void open_browser(const std::string& url) {
  pid_t pid;
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  if (posix_spawnp(&pid, "xdg-open", &actions, nullptr, const_cast<char* const*>(argv), environ) != 0)
    fprintf(stderr, "backlogsql: could not start xdg-open: open the URL above yourself\n");
  posix_spawn_file_actions_destroy(&actions);
}

const char* page(bool ok) {
  return ok ? "<!doctype html><title>backlogsql</title><p>backlogsql is logged in. You can close this tab."
            : "<!doctype html><title>backlogsql</title><p>backlogsql could not log in: see the terminal.";
}

}  // namespace

LoginResult LoopbackLogin::wait(const LoginRequest& request) {
  LoginResult result;
  httplib::Server server;
  std::promise<LoginResult> done;
  std::future<LoginResult> finished = done.get_future();
  std::once_flag answered;
  const std::string state = random_state();

  int port = request.port;
  if (port == 0) port = server.bind_to_any_port("127.0.0.1");
  else if (!server.bind_to_port("127.0.0.1", port)) port = -1;
  if (port <= 0) {
    result.error = fmt::format("cannot listen on 127.0.0.1:{} for the redirect", request.port);
    return result;
  }
  const std::string redirect_uri = fmt::format("http://127.0.0.1:{}/callback", port);

  server.Get("/callback", [&](const httplib::Request& req, httplib::Response& res) {
    LoginResult r;
    if (req.get_param_value("state") != state) {
      r.error = "the redirect carried a wrong state (not the page this login opened): try again";
    } else if (req.has_param("error")) {
      r.error = "the authorization was refused: " + req.get_param_value("error");
    } else if (!req.has_param("code")) {
      r.error = "the redirect carried no code";
    } else {
      try {
        r.tokens = api::exchange_authorization_code(request.url, request.client_id, request.client_secret,
                                                    req.get_param_value("code"), redirect_uri, request.insecure);
        r.ok = true;
      } catch (const std::exception& e) {
        r.error = std::string("the code was not accepted: ") + e.what();
        r.connection_error = true;
      }
    }
    res.set_content(page(r.ok), "text/html; charset=utf-8");
    std::call_once(answered, [&] { done.set_value(std::move(r)); });
  });
  std::thread listener([&server] { server.listen_after_bind(); });

  const std::string authorize = request.url + "/OAuth2AccessRequest.action?" +
                                api::encode_query({{"response_type", "code"},
                                                   {"client_id", request.client_id},
                                                   {"redirect_uri", redirect_uri},
                                                   {"state", state}});
  printf("Open this URL in a browser and allow backlogsql to use %s:\n\n  %s\n\nWaiting for the redirect to %s ...\n",
         request.url.c_str(), authorize.c_str(), redirect_uri.c_str());
  fflush(stdout);
  if (request.open_browser) open_browser(authorize);

  if (finished.wait_for(std::chrono::seconds(request.timeout_s)) == std::future_status::ready) {
    result = finished.get();
  } else {
    result.error = fmt::format("no redirect within {} s (use --timeout to wait longer)", request.timeout_s);
  }
  server.stop();
  listener.join();
  return result;
}

int run_auth_login(const Options& o) {
  auto fail = [](int code, const std::string& why) {
    fprintf(stderr, "backlogsql auth login: %s\n", why.c_str());
    return code;
  };
  const std::string path = api::default_config_path();
  LoginRequest request;
  try {
    api::Profiles profiles = api::Profiles::load(path);
    const api::Connection* c = profiles.find(o.profile);
    if (!c) return fail(2, "no profile '" + o.profile + "' in " + path + " (add one with `backlogsql profile add " +
                               o.profile + " --oauth --url URL --client-id ID --client-secret S`)");
    if (c->auth != api::Connection::Auth::OAuth || c->client_id.empty() || c->client_secret.empty())
      return fail(2, "profile '" + o.profile + "' is not an OAuth profile with a client id and secret");
    request.url = c->url;
    request.client_id = c->client_id;
    request.client_secret = c->client_secret;
  } catch (const api::ConnectionError& e) {
    return fail(2, e.what());
  }
  request.port = o.port;
  request.timeout_s = o.login_timeout_s;
  request.open_browser = o.open_browser;
  request.insecure = o.insecure;

  LoginResult result = LoopbackLogin{}.wait(request);
  if (!result.ok) return fail(result.connection_error ? 2 : 1, result.error);
  try {
    api::save_profile_tokens(path, o.profile, result.tokens);
  } catch (const api::ConnectionError& e) {
    return fail(1, std::string("logged in, but the tokens were not stored: ") + e.what());
  }

  // Who are we? One call, which also proves the new access token works. The client is the
  // one later runs make from the profile: should it refresh (a short-lived token), the new
  // tokens are stored, or the profile would keep a refresh token already used up.
  std::string who = "?";
  try {
    std::string error;
    Options by_profile = o;
    by_profile.source.clear();
    by_profile.url.clear();
    by_profile.api_key.clear();
    std::optional<ChosenConnection> chosen = choose_connection(by_profile, &error);
    if (!chosen) return fail(1, "logged in, but the profile cannot be read back: " + error);
    api::ClientOptions options = client_options_for(*chosen, by_profile);
    options.max_retries = 1;
    api::Client client(options);
    api::Response me = client.get("/api/v2/users/myself");
    rapidjson::Document doc;
    doc.Parse(me.body.data(), me.body.size());
    if (doc.IsObject() && doc.HasMember("name") && doc["name"].IsString()) who = doc["name"].GetString();
  } catch (const std::exception& e) {
    return fail(2, std::string("logged in, but the new token does not work: ") + e.what());
  }
  printf("Logged in as %s: profile %s now holds a refresh token (%s).\n", who.c_str(), o.profile.c_str(), path.c_str());
  return 0;
}

}  // namespace backlog::shell
