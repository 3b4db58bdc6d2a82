// Concurrent clients: readers and a writer at the same time all get complete, valid answers
// (the dataset's reader/writer lock), and every request is logged once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api_client.h"

using namespace backlog::testing;

TEST(Concurrency, ParallelReadersAndAWriter) {
  EmulatorProcess emu({"--issues", "2000"});
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      ApiClient api(emu);
      for (int k = 0; k < 15; ++k) {
        ApiResponse r = api.get("/issues?count=100&sort=updated&offset=" + std::to_string((t * 15 + k) * 10));
        (r.status == 200 && r.json.IsArray() && r.json.Size() == 100 ? good : bad)++;
      }
    });
  threads.emplace_back([&] {
    ApiClient api(emu);
    for (int k = 1; k <= 15; ++k) {
      ApiResponse r = api.send("PATCH", "/issues/" + std::to_string(k), "summary=parallel+" + std::to_string(k));
      (r.status == 200 ? good : bad)++;
    }
  });
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(good.load(), 6 * 15 + 15);
  EXPECT_EQ(emu.requests().size(), 6u * 15 + 15);
  ApiClient api(emu);
  EXPECT_EQ(std::string(api.get("/issues/15").json["summary"].GetString()), "parallel 15");
}
