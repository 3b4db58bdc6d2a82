// Client against a local server: what goes on the wire (parameters, encoding, methods,
// gzip) and how calls are spread over connections (keep-alive, serial vs parallel).
#include <gtest/gtest.h>
#include <zlib.h>

#include <condition_variable>
#include <mutex>
#include <future>
#include <set>
#include <vector>

#include "api/client.h"
#include "api_error_of.h"
#include "local_server.h"

namespace api = backlog::api;
using api::testing::LocalServer;
using api::testing::api_error_of;
using api::testing::fast_options;

namespace {

std::string gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);  // +16: gzip
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST(ClientTransport, SendsEncodedParametersAndApiKey) {
  LocalServer srv;
  std::mutex mu;
  std::multimap<std::string, std::string> seen;
  std::string raw_target;
  srv.server().Get("/api/v2/issues", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    seen = {req.params.begin(), req.params.end()};
    raw_target = req.target;
    res.set_content("[]", "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url(), "key-123"));
  api::Response r = client.get("/api/v2/issues", {{"projectId[]", "1"}, {"projectId[]", "2"}, {"keyword", "課題 A&B=C"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[]");
  std::lock_guard lock(mu);
  EXPECT_EQ(seen.count("projectId[]"), 2u);
  EXPECT_EQ(seen.find("keyword")->second, "課題 A&B=C");
  EXPECT_EQ(seen.find("apiKey")->second, "key-123");
  EXPECT_NE(raw_target.find("keyword=%E8%AA%B2%E9%A1%8C%20A%26B%3DC"), std::string::npos) << raw_target;
}

TEST(ClientTransport, SendsFormBodiesWithEachMethod) {
  LocalServer srv;
  std::mutex mu;
  std::vector<std::string> calls;
  auto handler = [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    calls.push_back(req.method + " " + req.path + " summary=" + req.get_param_value("summary") +
                    " apiKey=" + req.get_param_value("apiKey") + " type=" + req.get_header_value("Content-Type"));
    res.set_content(R"({"id":1})", "application/json");
  };
  srv.server().Post("/api/v2/issues", handler);
  srv.server().Patch("/api/v2/issues/P-1", handler);
  srv.server().Delete("/api/v2/issues/P-1", handler);
  srv.server().Get("/api/v2/issues/P-1", handler);
  srv.start();
  api::Client client(fast_options(srv.url(), "k"));
  EXPECT_EQ(client.send("POST", "/api/v2/issues", {{"summary", "新しい課題"}}).body, R"({"id":1})");
  client.send("PATCH", "/api/v2/issues/P-1", {{"summary", "x y"}});
  client.send("DELETE", "/api/v2/issues/P-1", {});
  client.get("/api/v2/issues/P-1");  // after a DELETE on the reused handle, a GET is a GET again
  std::lock_guard lock(mu);
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0], "POST /api/v2/issues summary=新しい課題 apiKey=k type=application/x-www-form-urlencoded");
  EXPECT_EQ(calls[1], "PATCH /api/v2/issues/P-1 summary=x y apiKey=k type=application/x-www-form-urlencoded");
  EXPECT_EQ(calls[2].rfind("DELETE /api/v2/issues/P-1 summary= apiKey=k", 0), 0u);
  EXPECT_EQ(calls[3], "GET /api/v2/issues/P-1 summary= apiKey=k type=");
}

TEST(ClientTransport, AsksForAndDecodesGzip) {
  LocalServer srv;
  std::string json = R"({"items":[)";
  for (int k = 0; k < 500; ++k) json += R"({"id":)" + std::to_string(k) + R"(,"summary":"same text again"},)";
  json += R"({"id":-1}]})";
  std::string encoded = gzip(json);
  ASSERT_LT(encoded.size(), json.size() / 4);
  std::string accept_encoding;
  srv.server().Get("/api/v2/issues", [&](const httplib::Request& req, httplib::Response& res) {
    accept_encoding = req.get_header_value("Accept-Encoding");
    // octet-stream: httplib leaves the body alone, so the wire carries exactly our gzip bytes.
    res.set_header("Content-Encoding", "gzip");
    res.set_content(encoded, "application/octet-stream");
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  api::Response r = client.get("/api/v2/issues");
  EXPECT_NE(accept_encoding.find("gzip"), std::string::npos) << accept_encoding;
  EXPECT_EQ(r.body, json);
  EXPECT_EQ(client.stats().bytes, json.size());
}

TEST(ClientTransport, ReusesOneConnectionForManyCalls) {
  LocalServer srv;
  std::mutex mu;
  std::set<int> client_ports;
  srv.server().Get("/api/v2/space", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    client_ports.insert(req.remote_port);
    res.set_content("{}", "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  for (int k = 0; k < 12; ++k) client.get("/api/v2/space");
  std::vector<std::future<api::Response>> pending;
  for (int k = 0; k < 8; ++k) pending.push_back(client.get_async("/api/v2/space", {}));
  for (auto& f : pending) f.get();
  std::lock_guard lock(mu);
  EXPECT_EQ(client_ports.size(), 1u);
  EXPECT_EQ(client.stats().calls, 20);
}

TEST(ClientTransport, SerialByDefaultInQueueOrder) {
  LocalServer srv;
  std::mutex mu;
  int in_flight = 0, max_in_flight = 0;
  std::vector<std::string> order;
  srv.server().Get("/api/v2/issues", [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mu);
      max_in_flight = std::max(max_in_flight, ++in_flight);
      order.push_back(req.get_param_value("offset"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // give a second request time to overlap
    {
      std::lock_guard lock(mu);
      --in_flight;
    }
    res.set_content("[]", "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url()));
  std::vector<std::future<api::Response>> pending;
  for (int k = 0; k < 6; ++k) pending.push_back(client.get_async("/api/v2/issues", {{"offset", std::to_string(k * 100)}}));
  for (auto& f : pending) EXPECT_EQ(f.get().status, 200);
  std::lock_guard lock(mu);
  EXPECT_EQ(max_in_flight, 1);
  EXPECT_EQ(order, (std::vector<std::string>{"0", "100", "200", "300", "400", "500"}));
}

TEST(ClientTransport, ParallelTwoAllowsTwoInFlightAndNoMore) {
  LocalServer srv;
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0, max_in_flight = 0;
  srv.server().Get("/api/v2/issues", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(mu);
    max_in_flight = std::max(max_in_flight, ++in_flight);
    cv.notify_all();
    // A rendezvous, not a timing assumption: each request waits for a partner (bounded wait).
    cv.wait_for(lock, std::chrono::seconds(3), [&] { return max_in_flight >= 2; });
    --in_flight;
    res.set_content("[]", "application/json");
  });
  srv.start();
  auto options = fast_options(srv.url());
  options.parallel = 2;
  api::Client client(options);
  std::vector<std::future<api::Response>> pending;
  for (int k = 0; k < 6; ++k) pending.push_back(client.get_async("/api/v2/issues", {{"offset", std::to_string(k)}}));
  for (auto& f : pending) EXPECT_EQ(f.get().status, 200);
  std::lock_guard lock(mu);
  EXPECT_EQ(max_in_flight, 2);
}

TEST(ClientTransport, BaseUrlTrailingSlashIsHarmless) {
  LocalServer srv;
  srv.server().Get("/api/v2/space", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"spaceKey":"X"})", "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url() + "/"));
  EXPECT_EQ(client.base_url(), srv.url());
  EXPECT_EQ(client.get("/api/v2/space").body, R"({"spaceKey":"X"})");
}

TEST(ClientTransport, VerifiesTlsUnlessInsecure) {
  api::testing::SelfSignedCert cert;
  LocalServer srv(cert);
  srv.server().Get("/api/v2/space", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"spaceKey":"TLS"})", "application/json");
  });
  srv.start();
  auto options = fast_options(srv.url());
  {
    api::Client client(options);  // the certificate is self-signed: must be refused
    api::ApiError e = api_error_of([&] { client.get("/api/v2/space"); });
    EXPECT_EQ(std::string(e.what()).rfind("GET /api/v2/space: TLS failure talking to " + srv.url(), 0), 0u)
        << e.what();
  }
  options.insecure = true;
  api::Client insecure(options);
  EXPECT_EQ(insecure.get("/api/v2/space").body, R"({"spaceKey":"TLS"})");
}

TEST(ClientTransport, ContinuationQueuesTheNextCallBeforeTheFutureIsReady) {
  LocalServer srv;
  std::mutex mu;
  std::vector<std::string> order;
  srv.server().Get("/api/v2/issues", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    order.push_back(req.get_param_value("offset"));
    res.set_content("[1]", "application/json");
  });
  srv.start();
  api::Client client(fast_options(srv.url(), "k"));
  std::future<api::Response> second;
  bool queued_before_ready = false;
  auto first = client.get_async("/api/v2/issues", {{"offset", "0"}}, [&](const api::Response& r) {
    EXPECT_EQ(r.body, "[1]");  // runs on the worker with the answer…
    second = client.get_async("/api/v2/issues", {{"offset", "100"}});
    queued_before_ready = true;  // …before `first` is ready
  });
  EXPECT_EQ(first.get().body, "[1]");
  EXPECT_TRUE(queued_before_ready);
  ASSERT_TRUE(second.valid());
  EXPECT_EQ(second.get().body, "[1]");
  std::lock_guard lock(mu);
  EXPECT_EQ(order, (std::vector<std::string>{"0", "100"}));
}
