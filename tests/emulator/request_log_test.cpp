// The request log contract: "METHOD TARGET STATUS BYTES MS IN_FLIGHT", decoded query in the order
// sent, apiKey omitted, written before the response arrives.
#include <gtest/gtest.h>

#include <fstream>

#include "api_client.h"

using namespace backlog::testing;

namespace {

std::vector<std::string> raw_lines(const EmulatorProcess& emu) {
  std::ifstream in(emu.log_path());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(RequestLog, OneDecodedLinePerRequestWithoutTheKey) {
  EmulatorProcess emu;
  ApiClient api(emu);
  ApiResponse r = api.get("/issues?projectId%5B%5D=1&projectId[]=2&statusId[]=3&count=5");
  ASSERT_EQ(r.status, 200);
  auto calls = emu.requests();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "GET");
  EXPECT_EQ(calls[0].path, "/api/v2/issues");
  EXPECT_EQ(calls[0].query, "projectId[]=1&projectId[]=2&statusId[]=3&count=5");
  EXPECT_EQ(calls[0].status, 200);
  EXPECT_EQ(calls[0].bytes, static_cast<long>(r.body.size()));
  EXPECT_GE(calls[0].ms, 0);
  const std::string line = raw_lines(emu).back();
  EXPECT_EQ(line.find("apiKey"), std::string::npos);
  EXPECT_EQ(line.find(emu.api_key()), std::string::npos);
  EXPECT_EQ(line.rfind("GET /api/v2/issues?projectId[]=1&projectId[]=2&statusId[]=3&count=5 200 ", 0), 0u) << line;
}

TEST(RequestLog, ReencodesSeparatorsAndLogsErrorsAndWrites) {
  EmulatorProcess emu;
  ApiClient api(emu);
  emu.clear_log();
  api.get("/issues?keyword=a+b%26c%23d%2Be%25f&count=1");
  api.get("/space", false);
  api.get("/space");
  api.send("POST", "/issues/1/comments", "content=secret+text");
  auto calls = emu.requests();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].query, "keyword=a%20b%26c%23d%2Be%25f&count=1");
  EXPECT_EQ(calls[1].target(), "/api/v2/space");
  EXPECT_EQ(calls[1].status, 401);
  EXPECT_EQ(calls[2].target(), "/api/v2/space");
  EXPECT_EQ(calls[2].status, 200);
  EXPECT_EQ(calls[3].method, "POST");
  EXPECT_EQ(calls[3].target(), "/api/v2/issues/1/comments");   // form bodies are not logged
  EXPECT_EQ(calls[3].status, 201);
  for (const auto& line : raw_lines(emu)) EXPECT_EQ(line.find("secret"), std::string::npos) << line;
}

TEST(RequestLog, DroppedConnectionsAreStatusZero) {
  EmulatorProcess emu({"--fail-rate", "1"});
  ApiClient api(emu);
  int dropped = 0;
  for (int k = 0; k < 12; ++k) dropped += !api.get("/space").transport_ok;
  ASSERT_GT(dropped, 0);
  int zero = 0;
  for (const auto& c : emu.requests()) {
    EXPECT_TRUE(c.status == 0 || c.status == 500 || c.status == 503) << c.status;
    zero += c.status == 0;
  }
  EXPECT_EQ(zero, dropped);
}

}  // namespace
