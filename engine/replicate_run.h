// Internal to engine/replicate.cpp and engine/chunked_load.cpp (not installed, not for
// any other file): the class that runs one REPLICATE plan into one destination. The
// strategies are described in replicate.h; replicate.cpp holds the shared machinery
// (transactions, checkpoints, target shape, row streams, deletions) and the incremental
// strategies, chunked_load.cpp the first loads in committed chunks and date windows.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch_writer.h"
#include "engine/load_marker.h"
#include "engine/replicate.h"
#include "engine/source_rows.h"

namespace backlog::engine::replicate_run {

using sinks::Value;

std::string value_text(const Value& v);
// The bound value for `cursor >= ?`: an integer cursor stays an integer.
Value cursor_param(const std::string& text);
// Larger of two cursor values: numbers numerically, anything else as text.
bool cursor_after(const Value& a, const Value& b);
// "?, ?, ?" for n = 3: the bound values of an IN list.
std::string placeholders(size_t n);

// Which source columns go to which target columns, and where the keys are.
struct Projection {
  std::vector<int> take;                 // source column index per target column
  std::vector<std::string> names;        // target column names (batch columns)
  std::vector<std::string> keys;         // upsert keys (target spelling)
  std::vector<size_t> key_pos;           // index of each key in `names`
  int cursor_src = -1;                   // source index of the cursor column
};

// Rows read ahead of a RowStream (the children of a group of parents), held until the
// whole group is read; the rows and their strings are reused from group to group.
struct HeldRows {
  std::vector<std::vector<Value>> rows;  // the first `size` are held
  size_t size = 0;
  void read_all(SourceRows& source);     // every row of `source`, in place of the held ones
};

class ReplicateRun {
 public:
  ReplicateRun(const ReplicatePlan& plan, RunContext& ctx)
      : plan_(plan), ctx_(ctx), sink_(*ctx.sink), db_(ctx.source) {}

  RunCounts run();

 private:
  // --- transactions and checkpoints (replicate.cpp) ---

  // Runs `body` in one sink transaction (staged sets cleared before the commit); rolls
  // back and rethrows on any exception.
  void in_transaction(const std::function<void()>& body);
  void write_checkpoint(const std::string& cursor, int64_t activity_id, const std::string& window_next = "");
  // The checkpoint write_checkpoint() writes, as of now (rows read so far).
  sinks::Checkpoint checkpoint(const std::string& cursor, int64_t activity_id, const std::string& window_next) const;
  std::string max_cursor_text(const std::string& previous) const;

  // --- target shape (replicate.cpp) ---

  // Creates or widens the target for `rows` and maps source columns onto it.
  Projection prepare_target(const SourceRows& rows);
  // Starts a full load: drops the target (DropTable) or creates it where missing and
  // empties it, then maps `rows` onto it. Emptying after creating keeps every destination
  // in step when only some of them had the table.
  Projection reset_target(const SourceRows& rows);

  // --- moving rows (replicate.cpp) ---

  // Streams rows into the target in batches; with `stage_seen`, also stages their keys.
  // With ctx.overlap_writes the batches are written on a thread of their own while the
  // source is read (batch_writer.h); flush() waits until everything added is written,
  // and the sink is this thread's again until the next add().
  class RowStream {
   public:
    RowStream(ReplicateRun& run, const Projection& p, bool stage_seen);
    // Takes the values of a source row; `row` gets recycled strings in their place.
    void add(std::vector<Value>& row);
    void flush();
    // Hands off the rows added so far and runs `step` on the writer's thread once they are
    // written (a chunk's checkpoint and commit): the caller reads on meanwhile, and the
    // step's error comes back from the next add() or flush().
    void then(std::function<void()> step);

   private:
    void write(const BatchWriter::Batch& b);  // on the writer's thread

    ReplicateRun& run_;
    const Projection& p_;
    bool stage_seen_;
    int64_t inserted_ = 0, updated_ = 0;  // the writer's counts, read after finish()
    BatchWriter writer_;                  // last: stops before the members it uses
  };

  void copy_rows(SourceRows& rows, const Projection& p, bool stage_seen);
  // Stages the first column of every row of a source query as set `set` (column `name`).
  void stage_source(const std::string& set, const std::string& name, const std::string& sql,
                    const std::vector<Value>& params);

  // --- deletions announced by activities (replicate.cpp) ---

  std::optional<int64_t> single_int(const std::string& sql, const std::vector<Value>& params = {});
  // The newest activity id, read BEFORE any data so no deletion can fall between the
  // data we read and the activities we will read next time.
  int64_t activity_head();
  void stage_deleted(const char* set, const std::string& column, const std::vector<int>& types,
                     const std::string& json_key, int64_t after, int64_t upto);
  // Applies deletions announced between the checkpoint's activity id and `head`.
  void apply_deletions(int64_t head);

  // --- strategies (replicate.cpp) ---

  std::string cursor_filtered(const std::string& condition) const;
  // The parent's newest cursor value (a child's checkpoint is its parent's cursor).
  std::string parent_head();
  void load_all();
  void incremental_cursor();
  void incremental_child();
  void refresh_all();
  void refresh_changed();

  // --- first loads in chunks and date windows (chunked_load.cpp) ---

  bool source_sorts(const std::string& sql);
  std::string rows_by(const std::string& column, const std::string& where) const;
  std::string cursor_head_sql() const;
  std::string parents_by(const std::string& column, bool upto) const;
  bool chunkable(bool exists);
  struct Chunks;
  void load_chunked_rows(const LoadMarker* resume);
  bool read_children(std::optional<SourceRows>& children, const std::string& sql, const Value& parent);
  bool read_group(const std::vector<Value>& ids, HeldRows& held, std::optional<SourceRows>& query);
  void load_chunked_children(const LoadMarker* resume);
  void load_windows(bool resume);

  const ReplicatePlan& plan_;
  RunContext& ctx_;
  sinks::Sink& sink_;
  sqlite3* db_;
  std::optional<sinks::Checkpoint> checkpoint_;
  RunCounts counts_;
  Value max_cursor_;  // largest cursor value read in this run
};

}  // namespace backlog::engine::replicate_run
