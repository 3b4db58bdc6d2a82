// Writes a replication's batches on a thread of its own while the caller keeps reading the
// source, so a first load costs about max(read, write) instead of read + write.
//
//   BatchWriter writer({names, keys}, [&](const BatchWriter::Batch& b) { sink.upsert(…, b.rows); },
//                      /*threaded=*/ctx.overlap_writes);
//   while (rows.next(row)) {
//     writer.filling().rows.push(…);
//     if (writer.filling().rows.size() >= 1000) writer.hand_off();  // rethrows a write error
//   }
//   writer.hand_off([&] { sink.commit(); sink.begin(); });  // in order, on the writer
//   writer.finish();  // everything written (or its error rethrown): the sink is ours again
//
// Threading contract: between the first hand_off() and finish() only the writer thread
// calls `write` (and so the sink); the caller must not touch the sink in between. The
// mutex hand-over orders every sink call, so a sink is never used by two threads at once
// and its transaction's statements run in the order they were issued — what SQLite's
// multi-thread (NOMUTEX) mode, libpq and libmariadb require of a connection.
// At most `depth` full batches wait (plus the one being written and the one being filled),
// and written batches come back emptied (their values kept in Batch::spare) to be filled
// again: memory stays flat and the reader stops allocating once every batch went round.
//
// Errors: the first exception of `write` is kept, the queued batches are dropped, and the
// same exception is rethrown to the caller by the next hand_off() or finish(). The
// destructor (also on the caller's own exception) waits for the batch being written and
// joins, so the caller can roll back right after.
//
// With threaded=false, hand_off() writes at once on the caller's thread (for a sink bound
// to a connection whose mutex the caller holds, as in backlog.so).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "sinks/sink.h"

namespace backlog::engine {

class BatchWriter {
 public:
  struct Batch {
    sinks::SinkBatch rows;
    sinks::SinkBatch keys;  // the rows' keys, when the run stages them (else width 0)
    // The values of this batch's last rows, taken back after they were written, in the
    // order they were pushed (next one at the back): swapped into the reader's row as it
    // fills the batch again, so their strings' memory is reused instead of reallocated.
    std::vector<sinks::Value> spare;
    size_t text_bytes = 0;  // text held by `rows`, kept by whoever fills it (a batch's byte bound)
    // Runs on the writer's thread right after the rows are written (see hand_off).
    std::function<void()> then;
  };
  using Write = std::function<void(const Batch&)>;

  BatchWriter(Batch shape, Write write, bool threaded, size_t depth = 2);
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // The batch the caller fills now.
  Batch& filling() { return filling_; }
  // Passes filling() to the writer (waiting while `depth` batches are queued) and gives
  // an empty one in its place. Rethrows the writer's error. A `then` step runs on the
  // writer's thread once those rows are written, in order with the batches (a first
  // load's commit between chunks), while the caller reads on; its exception is a write
  // error.
  void hand_off(std::function<void()> then = {});
  // Hands off what is left and waits until every batch is written. Rethrows the writer's
  // error.
  void finish();

 private:
  void run();
  void write_now(Batch& batch);  // its rows, then its step
  void rethrow_locked();
  // Empties `batch` after its write, keeping its values in batch.spare.
  static void recycle(Batch& batch);

  Batch shape_;
  Write write_;
  bool threaded_;
  size_t depth_;
  Batch filling_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Batch> full_;     // waiting to be written, in order
  std::vector<Batch> spare_;   // written and emptied: filled again by the caller
  bool writing_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace backlog::engine
