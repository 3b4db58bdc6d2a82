// Runs one REPLICATE plan into one destination: first loads (in committed chunks, or
// date windows), incremental runs by kind, deletions, schema changes, checkpoints — each
// transaction holding data and checkpoint together, so a failure or a kill at any moment
// leaves the last committed consistent state and the next run continues correctly.
//
// Strategies (ReplicateKind):
//   first load of a Cursor or Child table into a missing or empty table
//       chunks, each committed with a checkpoint whose resume marker (load_marker.h) says
//       how far it got; a rerun continues after the last chunk, without emptying the
//       table. The table shows the committed chunks while the load runs. Cursor: rows
//       by Created, newest first (never moves, so offset pages stay put), ChunkSize rows
//       a chunk, resumed with `Created <= marker`. Child: parents by Created, newest
//       first, a group's children by `parent_key IN (…)`, a chunk ending after a
//       group. The checkpoint's cursor and activity id are read before the
//       load: the first incremental run catches what changed while it ran.
//   DropTable / TruncateTable / changed SELECT (a table holding rows) / Reload kind /
//   ChunkSize=0 / a SELECT the API cannot read by Created
//       one transaction: empty the target, copy every row, checkpoint — readers never see
//       a half-refilled table. With ReplicateInterval: date windows of
//       `cursor >= a AND cursor < b`, one transaction each, resumable.
//   Cursor       SELECT * FROM (<select>) WHERE cursor >= <checkpoint day>; upsert. With a
//                user WHERE, rows that changed but no longer match are deleted (their keys
//                come from the unfiltered source table). Deletions from SpaceUpdates.
//   Child        SELECT * FROM (<select>) WHERE parent_key IN (parents changed since the
//                checkpoint day); those parents' children are replaced; children of
//                deleted parents are deleted. Backlog does not move an issue's Updated
//                when one of its comments is edited or deleted: such a change waits for
//                the next change, or for CHECKCACHE … WITH REPAIR.
//   FullRefresh  read everything, upsert, delete the keys not seen (staged in the
//                destination, not in memory). Small tables: one transaction per run,
//                first load included, as for Compare and Reload.
//   Compare      list only key + Updated (no per-row detail requests), delete keys not
//                listed, then fetch whole rows for keys whose Updated differs:
//                SELECT * FROM (<select>) WHERE key IN (changed keys, a source TEMP table).
//                A change that does not move Updated is left to CHECKCACHE.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/replicate_plan.h"
#include "sinks/sink.h"

struct sqlite3;

namespace backlog::engine {

struct RunCounts {
  int64_t rows_read = 0;  // rows read from the source
  int64_t inserted = 0;
  int64_t updated = 0;    // existing rows whose values changed
  int64_t deleted = 0;
  std::string mode;       // "first load", "windowed load", "incremental (cursor)", …
};

constexpr size_t kDefaultBatchRows = 1000;
constexpr size_t kDefaultBatchBytes = size_t{16} << 20;

struct RunContext {
  sqlite3* source = nullptr;
  sinks::Sink* sink = nullptr;
  size_t batch_rows = kDefaultBatchRows;           // rows per upsert batch
  // …or fewer: a batch is handed off once its values' text holds this many bytes, so long
  // descriptions cannot make a batch (and memory) grow with the rows' width.
  size_t batch_bytes = kDefaultBatchBytes;
  std::function<void(int64_t rows_read)> progress;  // after each batch (may be empty)
  // Write batches on a second thread while the source is read (engine/batch_writer.h).
  // Only for sinks whose connections no other thread holds: not inside a SQL function
  // writing to its own host connection (backlog.so), whose mutex the caller holds.
  bool overlap_writes = false;
};

// Throws EngineError or sinks::SinkError; the sink's transaction is rolled back first.
RunCounts run_replicate(const ReplicatePlan& plan, RunContext& ctx);

}  // namespace backlog::engine
