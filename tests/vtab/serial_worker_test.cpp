// SerialWorker: jobs run one at a time in submission order; results and exceptions reach
// their futures; closing runs what is still queued.
#include "vtab/serial_worker.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace backlog::vtab {
namespace {

TEST(SerialWorker, RunsJobsInOrderAndDeliversResults) {
  std::vector<int> order;  // touched only by the worker thread, read after the futures
  SerialWorker worker;
  std::vector<std::future<int>> results;
  for (int k = 0; k < 50; ++k) results.push_back(worker.submit([k, &order] { order.push_back(k); return k * k; }));
  for (int k = 0; k < 50; ++k) EXPECT_EQ(results[k].get(), k * k);
  for (int k = 0; k < 50; ++k) EXPECT_EQ(order[k], k);
}

TEST(SerialWorker, ExceptionReachesTheFutureAndTheWorkerGoesOn) {
  SerialWorker worker;
  auto bad = worker.submit([]() -> int { throw std::runtime_error("malformed page"); });
  auto good = worker.submit([] { return 7; });
  EXPECT_THROW(bad.get(), std::runtime_error);
  EXPECT_EQ(good.get(), 7);
}

TEST(SerialWorker, ClosingRunsWhatIsQueued) {
  std::future<int> last;
  {
    SerialWorker worker;
    std::promise<void> gate;
    auto open = gate.get_future().share();
    worker.submit([open] { open.wait(); return 0; });
    last = worker.submit([] { return 42; });
    gate.set_value();
  }  // the destructor waits for both
  ASSERT_EQ(last.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  EXPECT_EQ(last.get(), 42);
}

}  // namespace
}  // namespace backlog::vtab
