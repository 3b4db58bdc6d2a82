// One long-lived thread that runs submitted jobs one after another, in submission order.
//
// A scan parses its pages on one of these instead of starting a thread per page: a thread
// start costs tens of microseconds and a fresh stack and malloc arena, a thousand times per
// 100k-row scan.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace backlog::vtab {

class SerialWorker {
 public:
  SerialWorker() = default;
  // Runs what is still queued, then joins: every future handed out gets its value.
  ~SerialWorker();
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;

  // Queues `job`; its result (or exception) arrives through the future. The thread is
  // started by the first submit.
  template <class F>
  std::future<std::invoke_result_t<F>> submit(F job) {
    auto task = std::make_shared<std::packaged_task<std::invoke_result_t<F>()>>(std::move(job));
    auto result = task->get_future();
    enqueue([task] { (*task)(); });
    return result;
  }

 private:
  void enqueue(std::function<void()> job);
  void run();

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace backlog::vtab
