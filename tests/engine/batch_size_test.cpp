// How many rows each upsert() gets: the destination's preferred batch size when the caller
// sets none, the caller's when it does, and fewer when the rows' text passes the byte bound.
#include <memory>
#include <optional>

#include "engine_fixture.h"

namespace backlog::engine::testing {
namespace {

using sinks::Value;

// A SQLite destination that states a preferred batch size and records each batch it is given.
class RecordingSink final : public sinks::Sink {
 public:
  RecordingSink(std::unique_ptr<sinks::Sink> inner, size_t preferred)
      : inner_(std::move(inner)), preferred_(preferred) {}
  std::vector<size_t> batches;  // rows per upsert(), in order

  size_t preferred_batch_rows() const override { return preferred_; }
  UpsertCount upsert(const sinks::TableName& t, const std::vector<std::string>& keys,
                     const sinks::SinkBatch& batch) override {
    batches.push_back(batch.size());
    return inner_->upsert(t, keys, batch);
  }

  std::string describe() const override { return inner_->describe(); }
  std::string test() override { return inner_->test(); }
  void prepare_schema(const std::string& s) override { inner_->prepare_schema(s); }
  void expect_full_load(const sinks::TableName& t) override { inner_->expect_full_load(t); }
  void begin() override { inner_->begin(); }
  void commit() override { inner_->commit(); }
  void rollback() noexcept override { inner_->rollback(); }
  std::optional<sinks::TableSpec> describe_table(const sinks::TableName& t) override { return inner_->describe_table(t); }
  void ensure_table(const sinks::TableSpec& s) override { inner_->ensure_table(s); }
  void add_column(const sinks::TableName& t, const sinks::ColumnSpec& c) override { inner_->add_column(t, c); }
  void drop_table(const sinks::TableName& t) override { inner_->drop_table(t); }
  void truncate_table(const sinks::TableName& t) override { inner_->truncate_table(t); }
  void stage(const std::string& set, const sinks::SinkBatch& rows) override { inner_->stage(set, rows); }
  void clear_stage(const std::string& set) override { inner_->clear_stage(set); }
  int64_t delete_rows(const sinks::TableName& t, const sinks::RowFilter& f) override { return inner_->delete_rows(t, f); }
  int64_t count_rows(const sinks::TableName& t, const sinks::RowFilter& f) override { return inner_->count_rows(t, f); }
  std::optional<std::vector<Value>> lookup(const sinks::TableName& t, const std::vector<std::string>& keys,
                                           std::span<const Value> key_values,
                                           const std::vector<std::string>& columns) override {
    return inner_->lookup(t, keys, key_values, columns);
  }
  std::optional<sinks::Checkpoint> read_checkpoint(const sinks::TableName& t) override { return inner_->read_checkpoint(t); }
  void write_checkpoint(const sinks::TableName& t, const sinks::Checkpoint& c) override { inner_->write_checkpoint(t, c); }
  void delete_checkpoint(const sinks::TableName& t) override { inner_->delete_checkpoint(t); }

 private:
  std::unique_ptr<sinks::Sink> inner_;
  size_t preferred_;
};

class BatchSizeTest : public EngineTest {
 protected:
  // REPLICATE Issues (the fixture's 5) into out.db; returns the batch sizes upsert() saw.
  std::vector<size_t> replicate(size_t preferred, size_t batch_rows,
                                size_t batch_bytes = kDefaultBatchBytes) {
    auto sink = std::make_unique<RecordingSink>(sinks::SqliteSink::open(dest_path), preferred);
    RecordingSink* seen = sink.get();
    std::vector<std::unique_ptr<sinks::Sink>> dests;
    dests.push_back(std::move(sink));
    if (second_preferred)
      dests.push_back(std::make_unique<RecordingSink>(sinks::SqliteSink::open(dir.file("second.db")),
                                                      *second_preferred));
    SessionOptions options;
    options.batch_rows = batch_rows;
    options.batch_bytes = batch_bytes;
    options.overlap_writes = true;
    options.resources = fixture_resources();
    Session session(source, std::move(dests), options);
    auto r = session.run_script("REPLICATE Issues;", observer);
    EXPECT_TRUE(r.ok) << r.error;
    EXPECT_EQ(dest_rows(kAll), source_rows(kAll));
    return seen->batches;
  }
  std::optional<size_t> second_preferred;  // a second destination, with this preference
  static constexpr const char* kAll = "SELECT Id, Summary, StatusId, Hours, Updated FROM Issues ORDER BY Id";
};

TEST_F(BatchSizeTest, TheDestinationsPreferenceSetsTheBatchWhenTheCallerSetsNone) {
  EXPECT_EQ(replicate(/*preferred=*/2, /*batch_rows=*/0), (std::vector<size_t>{2, 2, 1}));
}

TEST_F(BatchSizeTest, NoPreferenceMeansTheDefault) {
  EXPECT_EQ(replicate(0, 0), (std::vector<size_t>{5}));  // kDefaultBatchRows > 5
}

TEST_F(BatchSizeTest, TheCallersBatchSizeWins) {
  EXPECT_EQ(replicate(2, 4), (std::vector<size_t>{4, 1}));
}

TEST_F(BatchSizeTest, SeveralDestinationsTakeTheLargestPreference) {
  second_preferred = 3;  // one read feeds both: one batch size for both
  EXPECT_EQ(replicate(2, 0), (std::vector<size_t>{3, 2}));
}

TEST_F(BatchSizeTest, ABatchEndsOnceItsTextReachesTheByteBound) {
  // Summaries of 400 bytes: a 1000-byte bound ends a batch after its third row.
  source_exec("UPDATE Issues SET Summary = printf('%.400c', 'x')");
  EXPECT_EQ(replicate(0, 0, /*batch_bytes=*/1000), (std::vector<size_t>{3, 2}));
}

}  // namespace
}  // namespace backlog::engine::testing
