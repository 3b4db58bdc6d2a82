// BatchWriter: the steps handed off between batches (a chunked first load's commits) run
// on the writer's thread in order with the batches, while the caller goes on filling.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/batch_writer.h"

namespace backlog::engine {
namespace {

using namespace std::chrono_literals;

// What the writer did, in order: "rows 1,2" for a batch, "step N" for a step.
struct Log {
  std::mutex mu;
  std::vector<std::string> events;
  void add(std::string e) {
    std::lock_guard lock(mu);
    events.push_back(std::move(e));
  }
};

BatchWriter::Batch shape() { return {sinks::SinkBatch({"Id"}), sinks::SinkBatch(), {}, 0, {}}; }

BatchWriter::Write logging(Log& log) {
  return [&log](const BatchWriter::Batch& b) {
    std::string ids;
    for (size_t r = 0; r < b.rows.size(); ++r) {
      if (r) ids += ',';
      ids += sinks::to_display(b.rows.row(r)[0]);
    }
    log.add("rows " + ids);
  };
}

void fill(BatchWriter& w, std::initializer_list<int64_t> ids) {
  for (int64_t id : ids) w.filling().rows.add_row({sinks::Value(id)});
}

TEST(BatchWriterTest, StepsRunAfterTheirRowsInOrderWithTheBatches) {
  for (bool threaded : {true, false}) {
    Log log;
    {
      BatchWriter w(shape(), logging(log), threaded);
      fill(w, {1, 2});
      w.hand_off([&] { log.add("step 1"); });
      w.hand_off([&] { log.add("step 2"); });  // no rows since: the step alone
      fill(w, {3});
      w.hand_off();
      fill(w, {4});
      w.finish();
    }
    EXPECT_EQ(log.events, (std::vector<std::string>{"rows 1,2", "step 1", "step 2", "rows 3", "rows 4"}))
        << (threaded ? "threaded" : "on the caller's thread");
  }
}

TEST(BatchWriterTest, TheCallerFillsOnWhileAStepRuns) {
  // The step (a commit) waits until the caller has handed off the next batch: it can
  // only finish if hand_off() returned before the step ran to its end.
  Log log;
  std::promise<void> handed;
  std::future<void> next_batch_handed = handed.get_future();
  std::thread::id writer_thread;
  BatchWriter w(shape(), logging(log), true);
  fill(w, {1});
  w.hand_off([&] {
    writer_thread = std::this_thread::get_id();
    if (next_batch_handed.wait_for(10s) != std::future_status::ready) throw std::runtime_error("the caller waited for the step");
    log.add("step");
  });
  fill(w, {2});
  w.hand_off();
  handed.set_value();
  w.finish();
  EXPECT_EQ(log.events, (std::vector<std::string>{"rows 1", "step", "rows 2"}));
  EXPECT_NE(writer_thread, std::this_thread::get_id());
}

TEST(BatchWriterTest, AFailedStepStopsLaterBatchesAndComesBackToTheCaller) {
  Log log;
  BatchWriter w(shape(), logging(log), true);
  fill(w, {1});
  w.hand_off([] { throw std::runtime_error("commit failed: disk full"); });
  fill(w, {2});
  try {
    w.hand_off();  // may or may not see the error yet
    w.finish();
    FAIL() << "the step's error was not rethrown";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "commit failed: disk full");
  }
  EXPECT_EQ(log.events, (std::vector<std::string>{"rows 1"}));  // batch 2 never written
}

}  // namespace
}  // namespace backlog::engine
