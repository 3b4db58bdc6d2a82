// One Sink that writes to several: a REPLICATE statement reads the source once and every
// destination receives the same rows, keys and checkpoint.
//
//   TeeSink tee({a.get(), b.get(), c.get()});
//   RunContext ctx{source, &tee, …};
//   run_replicate(plan, ctx);                    // one read of Backlog, three writes
//   for (const auto& child : tee.children())    // per-destination counts or error
//     child.failed ? report(child.error) : summarize(child.inserted, …);
//
// How the destinations' differences are reconciled:
//   - read_checkpoint answers the EARLIEST of the children's checkpoints: a child without
//     one (or with the table missing) or different select hashes mean "no checkpoint" (a
//     full load for all); otherwise the smallest cursor and activity id, and of first
//     loads in progress (engine/load_marker.h) the resume point that re-reads the most
//     (a windowed and a chunked load have none in common: a full load for all). Reading
//     from the earliest point serves every child; the others upsert rows they already
//     hold, and an identical row counts as neither inserted nor updated. A child that
//     failed in the middle of a chunked first load keeps its last committed chunk and
//     is caught up from there.
//   - describe_table answers nullopt if any child lacks the table, else the columns every
//     child has; add_column goes to the children that lack the column.
//   - lookup answers a stored row only when every child holds the same values (else the
//     engine fetches the row again).
//
// Failures: a child whose call throws is rolled back at once, dropped for the rest of the
// statement and its error remembered (naming the destination); the others go on and
// commit. When no child is left, the call throws. A new TeeSink per statement means a
// failed destination is tried again on the next one — its checkpoint did not move, so
// its next run catches it up.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sinks/sink.h"

namespace backlog::engine {

class TeeSink final : public sinks::Sink {
 public:
  struct Child {
    sinks::Sink* sink = nullptr;
    bool failed = false;
    std::string error{};       // why it was dropped; starts with sink->describe()
    int64_t inserted = 0;      // this child's own counts (upsert / delete_rows results)
    int64_t updated = 0;
    int64_t deleted = 0;
  };

  explicit TeeSink(const std::vector<sinks::Sink*>& children);

  const std::vector<Child>& children() const { return children_; }
  size_t healthy() const;

  std::string describe() const override;  // the healthy children's names, comma-separated
  std::string test() override;
  void prepare_schema(const std::string& schema) override;
  void expect_full_load(const sinks::TableName& table) override;
  size_t preferred_batch_rows() const override;  // the largest of the children's
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

  std::optional<sinks::TableSpec> describe_table(const sinks::TableName& table) override;
  void ensure_table(const sinks::TableSpec& spec) override;
  void add_column(const sinks::TableName& table, const sinks::ColumnSpec& column) override;
  void drop_table(const sinks::TableName& table) override;
  void truncate_table(const sinks::TableName& table) override;

  // Returns the first healthy child's counts; each child's are in children().
  UpsertCount upsert(const sinks::TableName& table, const std::vector<std::string>& keys,
                     const sinks::SinkBatch& batch) override;

  void stage(const std::string& set, const sinks::SinkBatch& rows) override;
  void clear_stage(const std::string& set) override;
  int64_t delete_rows(const sinks::TableName& table, const sinks::RowFilter& filter) override;
  int64_t count_rows(const sinks::TableName& table, const sinks::RowFilter& filter) override;

  std::optional<std::vector<sinks::Value>> lookup(const sinks::TableName& table,
                                                  const std::vector<std::string>& keys,
                                                  std::span<const sinks::Value> key_values,
                                                  const std::vector<std::string>& columns) override;

  std::optional<sinks::Checkpoint> read_checkpoint(const sinks::TableName& target) override;
  void write_checkpoint(const sinks::TableName& target, const sinks::Checkpoint& checkpoint) override;
  void delete_checkpoint(const sinks::TableName& target) override;

 private:
  // Runs `call` on every healthy child; a child that throws is rolled back and dropped.
  // Throws SinkError (every child's error) when no healthy child is left.
  void each(const std::function<void(Child&)>& call);
  void drop(Child& child, const std::string& what) noexcept;
  // Throws SinkError listing every child's error when no healthy child is left.
  void require_one() const;

  std::vector<Child> children_;
};

}  // namespace backlog::engine
