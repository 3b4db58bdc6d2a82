// The fan-out sink (see tee_sink.h for how the children's differences are reconciled).
#include "engine/tee_sink.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/load_marker.h"
#include "engine/source_rows.h"

namespace backlog::engine {

using sinks::Checkpoint;
using sinks::SinkError;
using sinks::TableName;
using sinks::TableSpec;
using sinks::Value;

namespace {

bool has_column(const TableSpec& spec, const std::string& name) {
  return std::any_of(spec.columns.begin(), spec.columns.end(),
                     [&](const sinks::ColumnSpec& c) { return same_name(c.name, name); });
}

bool same_keys(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const std::string& x, const std::string& y) { return same_name(x, y); });
}

}  // namespace

TeeSink::TeeSink(const std::vector<sinks::Sink*>& children) {
  for (auto* s : children) children_.push_back(Child{.sink = s});
}

size_t TeeSink::healthy() const {
  return static_cast<size_t>(std::count_if(children_.begin(), children_.end(),
                                           [](const Child& c) { return !c.failed; }));
}

void TeeSink::drop(Child& child, const std::string& what) noexcept {
  child.sink->rollback();
  child.failed = true;
  try {
    std::string name = child.sink->describe();
    // Sinks usually name themselves; make sure the message does.
    child.error = what.rfind(name, 0) == 0 ? what : name + ": " + what;
  } catch (...) {
    child.error = what;
  }
}

void TeeSink::each(const std::function<void(Child&)>& call) {
  for (auto& child : children_) {
    if (child.failed) continue;
    try {
      call(child);
    } catch (const std::exception& e) {
      drop(child, e.what());
    }
  }
  require_one();
}

void TeeSink::require_one() const {
  if (healthy() > 0) return;
  std::string all;
  for (const auto& c : children_) all += (all.empty() ? "" : "; ") + c.error;
  throw SinkError(all);
}

std::string TeeSink::describe() const {
  std::string out;
  for (const auto& c : children_)
    if (!c.failed) out += (out.empty() ? "" : ", ") + c.sink->describe();
  return out;
}

std::string TeeSink::test() {
  std::string out;
  each([&](Child& c) { out += (out.empty() ? "" : "; ") + c.sink->describe() + ": " + c.sink->test(); });
  return out;
}

void TeeSink::prepare_schema(const std::string& schema) {
  each([&](Child& c) { c.sink->prepare_schema(schema); });
}

void TeeSink::expect_full_load(const TableName& table) {
  each([&](Child& c) { c.sink->expect_full_load(table); });
}

size_t TeeSink::preferred_batch_rows() const {
  size_t rows = 0;
  for (const auto& c : children_) rows = std::max(rows, c.sink->preferred_batch_rows());
  return rows;
}

void TeeSink::begin() {
  each([](Child& c) { c.sink->begin(); });
}

void TeeSink::commit() {
  each([](Child& c) { c.sink->commit(); });
}

void TeeSink::rollback() noexcept {
  for (auto& c : children_)
    if (!c.failed) c.sink->rollback();
}

std::optional<TableSpec> TeeSink::describe_table(const TableName& table) {
  std::vector<std::optional<TableSpec>> specs(children_.size());
  each([&](Child& c) { specs[&c - children_.data()] = c.sink->describe_table(table); });
  size_t first_at = children_.size();
  for (size_t i = 0; i < children_.size(); ++i) {
    if (children_[i].failed) continue;
    if (!specs[i]) return std::nullopt;
    if (first_at == children_.size()) first_at = i;
  }
  const TableSpec* first = &*specs[first_at];
  // A child keyed differently cannot take the same upserts: it drops out.
  for (size_t i = 0; i < children_.size(); ++i)
    if (!children_[i].failed && !same_keys(specs[i]->keys, first->keys))
      drop(children_[i], fmt::format("table {} has primary key ({}) where {} has ({})", table.display(),
                                     fmt::join(specs[i]->keys, ", "),
                                     children_[first_at].sink->describe(),
                                     fmt::join(first->keys, ", ")));
  require_one();
  TableSpec common{table, {}, first->keys};
  for (const auto& col : first->columns) {
    bool everywhere = true;
    for (size_t i = 0; i < children_.size(); ++i)
      everywhere = everywhere && (children_[i].failed || has_column(*specs[i], col.name));
    if (everywhere) common.columns.push_back(col);
  }
  return common;
}

void TeeSink::ensure_table(const TableSpec& spec) {
  each([&](Child& c) { c.sink->ensure_table(spec); });
}

void TeeSink::add_column(const TableName& table, const sinks::ColumnSpec& column) {
  each([&](Child& c) {
    auto spec = c.sink->describe_table(table);
    if (!spec || !has_column(*spec, column.name)) c.sink->add_column(table, column);
  });
}

void TeeSink::drop_table(const TableName& table) {
  each([&](Child& c) { c.sink->drop_table(table); });
}

void TeeSink::truncate_table(const TableName& table) {
  each([&](Child& c) { c.sink->truncate_table(table); });
}

sinks::Sink::UpsertCount TeeSink::upsert(const TableName& table, const std::vector<std::string>& keys,
                                         const sinks::SinkBatch& batch) {
  std::optional<UpsertCount> first;
  each([&](Child& c) {
    UpsertCount n = c.sink->upsert(table, keys, batch);
    c.inserted += n.inserted;
    c.updated += n.updated;
    if (!first) first = n;
  });
  return first.value_or(UpsertCount{});
}

void TeeSink::stage(const std::string& set, const sinks::SinkBatch& rows) {
  each([&](Child& c) { c.sink->stage(set, rows); });
}

void TeeSink::clear_stage(const std::string& set) {
  each([&](Child& c) { c.sink->clear_stage(set); });
}

int64_t TeeSink::delete_rows(const TableName& table, const sinks::RowFilter& filter) {
  std::optional<int64_t> first;
  each([&](Child& c) {
    int64_t n = c.sink->delete_rows(table, filter);
    c.deleted += n;
    if (!first) first = n;
  });
  return first.value_or(0);
}

int64_t TeeSink::count_rows(const TableName& table, const sinks::RowFilter& filter) {
  int64_t most = 0;  // the largest count: a caller deciding "is there work" sees any child's
  each([&](Child& c) { most = std::max(most, c.sink->count_rows(table, filter)); });
  return most;
}

std::optional<std::vector<Value>> TeeSink::lookup(const TableName& table,
                                                  const std::vector<std::string>& keys,
                                                  std::span<const Value> key_values,
                                                  const std::vector<std::string>& columns) {
  std::vector<std::optional<std::vector<Value>>> rows(children_.size());
  each([&](Child& c) { rows[&c - children_.data()] = c.sink->lookup(table, keys, key_values, columns); });
  const std::vector<Value>* first = nullptr;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (children_[i].failed) continue;
    if (!rows[i]) return std::nullopt;  // some child lacks the row: it must be fetched
    if (!first) {
      first = &*rows[i];
      continue;
    }
    for (size_t k = 0; k < first->size(); ++k)
      if (!sinks::same_value((*first)[k], (*rows[i])[k])) return std::nullopt;  // children disagree
  }
  if (!first) return std::nullopt;
  return *first;
}

std::optional<Checkpoint> TeeSink::read_checkpoint(const TableName& target) {
  std::vector<std::optional<Checkpoint>> points(children_.size());
  each([&](Child& c) { points[&c - children_.data()] = c.sink->read_checkpoint(target); });
  std::optional<Checkpoint> earliest;
  for (size_t i = 0; i < children_.size(); ++i) {
    if (children_[i].failed) continue;
    const auto& p = points[i];
    if (!p) return std::nullopt;  // a new destination: a full load serves everyone
    if (!earliest) {
      earliest = p;
      continue;
    }
    // Another SELECT: no common point to read from, so everyone starts over.
    if (p->select_hash != earliest->select_hash) return std::nullopt;
    // First loads at different points: resume from the one that re-reads the most (a
    // windowed and a chunked load have no common point: start over).
    auto marker = earliest_marker(LoadMarker::parse(earliest->window_next), LoadMarker::parse(p->window_next));
    if (!marker) return std::nullopt;
    earliest->window_next = marker->text();
    if (cursor_text_before(p->cursor, earliest->cursor)) earliest->cursor = p->cursor;
    earliest->activity_id = std::min(earliest->activity_id, p->activity_id);
  }
  return earliest;
}

void TeeSink::write_checkpoint(const TableName& target, const Checkpoint& checkpoint) {
  each([&](Child& c) { c.sink->write_checkpoint(target, checkpoint); });
}

void TeeSink::delete_checkpoint(const TableName& target) {
  each([&](Child& c) { c.sink->delete_checkpoint(target); });
}

}  // namespace backlog::engine
