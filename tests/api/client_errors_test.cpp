// What a failed call tells the user: HTTP status, Backlog's code and message, the call —
// and never the API key, wherever the key might sneak in (URLs, echoed bodies, traces).
#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>

#include "api/client.h"
#include "api/trace.h"
#include "api_error_of.h"
#include "local_server.h"

namespace api = backlog::api;
using api::testing::LocalServer;
using api::testing::api_error_of;
using api::testing::backlog_error_body;
using api::testing::fast_options;

TEST(ClientErrors, HttpErrorNamesCallStatusAndBacklogError) {
  LocalServer srv;
  srv.server().Get("/api/v2/issues/PRJ1-999", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(backlog_error_body(6, "No issue."), "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  api::ApiError e = api_error_of([&] { client.get("/api/v2/issues/PRJ1-999"); });
  EXPECT_STREQ(e.what(), "GET /api/v2/issues/PRJ1-999: HTTP 404, Backlog error 6 (No issue.)");
  EXPECT_EQ(e.http_status(), 404);
  EXPECT_EQ(e.backlog_code(), 6);
}

TEST(ClientErrors, FutureCarriesTheError) {
  LocalServer srv;
  srv.server().Get("/api/v2/issues", [](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(backlog_error_body(7, "Invalid count."), "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  auto f = client.get_async("/api/v2/issues", {{"count", "1000"}});
  api::ApiError e = api_error_of([&] { f.get(); });
  EXPECT_STREQ(e.what(), "GET /api/v2/issues?count=1000: HTTP 400, Backlog error 7 (Invalid count.)");
}

TEST(ClientErrors, UnreachableServerIsNamed) {
  auto options = fast_options("http://127.0.0.1:1");
  api::Client client(options);
  api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
  EXPECT_STREQ(e.what(), "GET /api/v2/space: cannot connect to http://127.0.0.1:1 (Couldn't connect to server)");
  EXPECT_EQ(e.http_status(), 0);
  EXPECT_EQ(e.backlog_code(), 0);
  EXPECT_EQ(client.stats().retries, 0);  // a refused connection means a wrong URL: no backoff
}

TEST(ClientErrors, ApiKeyNeverAppearsInErrorsOrTraces) {
  const std::string key = "k3y-UNIQUE-5f3a9c71";
  LocalServer srv;
  std::mutex mu;
  int keyed_requests = 0;
  auto count_key = [&](const httplib::Request& req) {
    std::lock_guard lock(mu);
    if (req.get_param_value("apiKey") == key) ++keyed_requests;
  };
  srv.server().Get("/api/v2/space", [&](const httplib::Request& req, httplib::Response& res) {
    count_key(req);
    res.set_content("{}", "application/json");
  });
  srv.server().Get("/api/v2/missing", [&](const httplib::Request& req, httplib::Response& res) {
    count_key(req);
    res.status = 404;
    res.set_content(backlog_error_body(6, "No such thing."), "application/json");
  });
  srv.server().Get("/api/v2/echo", [&](const httplib::Request& req, httplib::Response& res) {
    count_key(req);
    // A hostile or buggy server echoing the request URL into its error text.
    res.status = 401;
    res.set_content(backlog_error_body(11, "Bad credentials in " + req.target), "application/json");
  });
  srv.server().Get("/api/v2/boom", [&](const httplib::Request& req, httplib::Response& res) {
    count_key(req);
    res.status = 500;
    res.set_content("<html><title>apiKey=" + key + "</title></html>", "text/html");
  });
  srv.start();

  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  std::mutex trace_mu;
  std::string traced;
  auto to_file = api::trace_to_file(file);
  auto options = fast_options(srv.url(), key);
  options.max_retries = 1;
  options.trace = [&](const api::TraceEntry& e) {
    to_file(e);
    std::lock_guard lock(trace_mu);
    traced += e.method + " " + e.target + " " + e.error + "\n";
  };
  std::string errors;
  {
    api::Client client(options);
    client.get("/api/v2/space", {{"count", "1"}});
    for (const char* path : {"/api/v2/missing", "/api/v2/echo", "/api/v2/boom"}) {
      try {
        client.get(path, {{"keyword", "x"}});
        ADD_FAILURE() << path << " did not fail";
      } catch (const api::ApiError& e) {
        errors += std::string(e.what()) + "\n";
      }
    }
  }
  std::fflush(file);
  std::rewind(file);
  std::string file_text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, file)) > 0;) file_text.append(buf, n);
  std::fclose(file);

  EXPECT_EQ(keyed_requests, 5);  // the key was really sent (boom was retried once)
  EXPECT_EQ(errors.find(key), std::string::npos) << errors;
  EXPECT_EQ(traced.find(key), std::string::npos) << traced;
  EXPECT_EQ(file_text.find(key), std::string::npos) << file_text;
  // …and the messages are still useful.
  EXPECT_NE(errors.find("GET /api/v2/missing?keyword=x: HTTP 404, Backlog error 6 (No such thing.)"), std::string::npos);
  EXPECT_NE(errors.find("HTTP 401, Backlog error 11"), std::string::npos);
  EXPECT_NE(errors.find("GET /api/v2/boom?keyword=x: HTTP 500"), std::string::npos);
  EXPECT_NE(file_text.find("api GET /api/v2/space?count=1 -> 200"), std::string::npos) << file_text;
  EXPECT_EQ(std::count(file_text.begin(), file_text.end(), '\n'), 4);
}
