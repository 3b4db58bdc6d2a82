// The writer thread of a replication (see batch_writer.h).
#include "engine/batch_writer.h"

#include <utility>

namespace backlog::engine {

BatchWriter::BatchWriter(Batch shape, Write write, bool threaded, size_t depth)
    : shape_(std::move(shape)), write_(std::move(write)), threaded_(threaded), depth_(depth ? depth : 1),
      filling_(shape_) {
  if (threaded_) thread_ = std::thread([this] { run(); });
}

BatchWriter::~BatchWriter() {
  if (!threaded_) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    full_.clear();  // only on an error path: finish() leaves nothing queued
  }
  changed_.notify_all();
  thread_.join();  // after the batch being written, if any
}

void BatchWriter::recycle(Batch& batch) {
  const size_t n = batch.rows.size() * batch.rows.width();
  batch.spare.clear();
  if (n > 0) {
    // The batch is ours (not const); SinkBatch only lends its values out read-only.
    auto* values = const_cast<sinks::Value*>(batch.rows.row(0).data());
    batch.spare.reserve(n);
    for (size_t i = n; i-- > 0;) batch.spare.push_back(std::move(values[i]));
  }
  batch.rows.clear();
  batch.keys.clear();
  batch.text_bytes = 0;
  batch.then = nullptr;
}

void BatchWriter::rethrow_locked() {
  if (error_) std::rethrow_exception(error_);
}

void BatchWriter::write_now(Batch& batch) {
  if (!batch.rows.empty() || !batch.keys.empty()) write_(batch);
  if (batch.then) batch.then();
}

void BatchWriter::hand_off(std::function<void()> then) {
  filling_.then = std::move(then);
  if (filling_.rows.empty() && filling_.keys.empty() && !filling_.then) return;
  if (!threaded_) {
    write_now(filling_);
    recycle(filling_);
    return;
  }
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return error_ || full_.size() < depth_; });
  rethrow_locked();
  full_.push_back(std::move(filling_));
  if (!spare_.empty()) {
    filling_ = std::move(spare_.back());
    spare_.pop_back();
  } else {
    filling_ = shape_;
  }
  lock.unlock();
  changed_.notify_all();
}

void BatchWriter::finish() {
  hand_off();
  if (!threaded_) return;
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return error_ || (full_.empty() && !writing_); });
  rethrow_locked();
}

void BatchWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return stop_ || !full_.empty(); });
    if (stop_) return;
    Batch batch = std::move(full_.front());
    full_.pop_front();
    writing_ = true;
    lock.unlock();
    std::exception_ptr failed;
    try {
      write_now(batch);
    } catch (...) {
      failed = std::current_exception();
    }
    recycle(batch);  // here, off the reading thread
    lock.lock();
    writing_ = false;
    spare_.push_back(std::move(batch));
    if (failed && !error_) {
      error_ = failed;
      full_.clear();  // nothing after a failed write may reach the sink
    }
    changed_.notify_all();
  }
}

}  // namespace backlog::engine
