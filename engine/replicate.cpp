// The REPLICATE runner (strategies are described in replicate.h): the shared machinery
// of a run and the incremental strategies. First loads in chunks and date windows are in
// chunked_load.cpp; replicate_run.h declares the class both files define.
#include "engine/replicate.h"

#include <optional>

#include <fmt/format.h>

#include "engine/cursor_dates.h"
#include "engine/engine_error.h"
#include "engine/replicate_run.h"
#include "sinks/sql_identifier.h"

namespace backlog::engine {

namespace replicate_run {

using sinks::quote_identifier;

namespace {

// Staged key sets in the destination, and the temp table of changed parents on the source.
constexpr const char* kSeen = "seen";
constexpr const char* kChanged = "changed";
constexpr const char* kParents = "parents";
constexpr const char* kDeleted = "deleted";
constexpr const char* kDeletedParents = "deleted_parents";
constexpr const char* kChangedParentsTable = "\"_backlogsql_changed_parents\"";
constexpr const char* kChangedKeysTable = "\"_backlogsql_changed_keys\"";

}  // namespace

std::string value_text(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return "";
}

Value cursor_param(const std::string& text) {
  size_t digits_from = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() > digits_from && text.find_first_not_of("0123456789", digits_from) == std::string::npos) {
    try {
      return static_cast<int64_t>(std::stoll(text));
    } catch (...) {
    }
  }
  return text;
}

bool cursor_after(const Value& a, const Value& b) {
  auto num = [](const Value& v) -> std::optional<double> {
    if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
  };
  if (auto x = num(a), y = num(b); x && y) return *x > *y;
  return value_text(a) > value_text(b);
}

std::string placeholders(size_t n) {
  std::string list;
  for (size_t i = 0; i < n; ++i) list += i ? ", ?" : "?";
  return list;
}

RunCounts ReplicateRun::run() {
  sink_.prepare_schema(plan_.target.schema);
  checkpoint_ = sink_.read_checkpoint(plan_.target);
  bool exists = sink_.describe_table(plan_.target).has_value();
  bool same_plan = checkpoint_ && checkpoint_->select_hash == plan_.hash && exists;
  const auto& o = plan_.options;
  bool needs_cursor = plan_.kind == ReplicateKind::Cursor || plan_.kind == ReplicateKind::Child;
  bool every_run_reloads = o.drop_table || o.truncate_table || plan_.kind == ReplicateKind::Reload;
  bool fresh = !same_plan || every_run_reloads || (needs_cursor && checkpoint_->cursor.empty());
  // A first load in progress (same SELECT, table there) continues where it stopped.
  LoadMarker marker;
  if (same_plan && !every_run_reloads) marker = LoadMarker::parse(checkpoint_->window_next);
  bool rows_marker = marker.kind == LoadMarker::Kind::Rows && plan_.kind == ReplicateKind::Cursor;
  bool parents_marker = marker.kind == LoadMarker::Kind::Parents && plan_.kind == ReplicateKind::Child;
  if (marker.in_progress() && marker.kind != LoadMarker::Kind::Window && !rows_marker && !parents_marker)
    fresh = true;  // (a marker another kind of load left: start over)

  if (marker.kind == LoadMarker::Kind::Window || (fresh && plan_.windowed()))
    load_windows(marker.kind == LoadMarker::Kind::Window);
  else if (rows_marker) load_chunked_rows(&marker);
  else if (parents_marker) load_chunked_children(&marker);
  else if (fresh && plan_.kind == ReplicateKind::Cursor && chunkable(exists)) load_chunked_rows(nullptr);
  else if (fresh && plan_.kind == ReplicateKind::Child && chunkable(exists)) load_chunked_children(nullptr);
  else if (fresh) load_all();
  else if (plan_.kind == ReplicateKind::Cursor) incremental_cursor();
  else if (plan_.kind == ReplicateKind::Child) incremental_child();
  else if (plan_.kind == ReplicateKind::Compare) refresh_changed();
  else refresh_all();
  return counts_;
}

// --- transactions and checkpoints ---

void ReplicateRun::in_transaction(const std::function<void()>& body) {
  sink_.begin();
  try {
    body();
    for (const char* set : {kSeen, kChanged, kParents, kDeleted, kDeletedParents})
      sink_.clear_stage(set);
    sink_.commit();
  } catch (...) {
    sink_.rollback();
    throw;
  }
}

void ReplicateRun::write_checkpoint(const std::string& cursor, int64_t activity_id,
                                    const std::string& window_next) {
  sink_.write_checkpoint(plan_.target, checkpoint(cursor, activity_id, window_next));
}

sinks::Checkpoint ReplicateRun::checkpoint(const std::string& cursor, int64_t activity_id,
                                           const std::string& window_next) const {
  sinks::Checkpoint c;
  c.target = plan_.target.display();
  c.source = plan_.source_table;
  c.select_hash = plan_.hash;
  c.cursor = cursor;
  c.activity_id = activity_id;
  c.window_next = window_next;
  c.run_at = format_timestamp(now_utc());
  c.rows = counts_.rows_read;
  return c;
}

std::string ReplicateRun::max_cursor_text(const std::string& previous) const {
  if (sinks::is_null(max_cursor_)) return previous;
  if (!previous.empty() && !cursor_after(max_cursor_, cursor_param(previous))) return previous;
  return value_text(max_cursor_);
}

// --- target shape ---

Projection ReplicateRun::prepare_target(const SourceRows& rows) {
  auto existing = sink_.describe_table(plan_.target);
  if (!existing) {
    sinks::TableSpec spec{plan_.target, plan_.columns, plan_.keys};
    if (plan_.columns.empty()) spec.columns = rows.columns();
    sink_.ensure_table(spec);
    // With several destinations, some may have had the table (an older shape): take
    // what they all hold now, and widen it below.
    existing = sink_.describe_table(plan_.target);
    if (!existing) existing = spec;
  }
  if (plan_.columns.empty() && plan_.options.alter_schema) {
    for (const auto& c : rows.columns()) {
      bool known = false;
      for (const auto& e : existing->columns) known = known || same_name(e.name, c.name);
      if (!known) {
        sink_.add_column(plan_.target, c);
        existing->columns.push_back(c);
      }
    }
  }
  Projection p;
  for (const auto& e : existing->columns) {
    int i = rows.find(e.name);
    if (i < 0) continue;
    p.take.push_back(i);
    p.names.push_back(e.name);
  }
  p.keys = existing->keys;
  if (p.keys.empty() && !plan_.keys.empty() && plan_.kind != ReplicateKind::Reload)
    throw EngineError(fmt::format("target {} exists without a primary key; recreate it "
                                  "with WITH DropTable", plan_.target.display()));
  for (const auto& k : p.keys) {
    size_t pos = 0;
    while (pos < p.names.size() && !same_name(p.names[pos], k)) ++pos;
    if (pos == p.names.size())
      throw EngineError(fmt::format("key column {} of {} is not in the SELECT", k,
                                    plan_.target.display()));
    p.key_pos.push_back(pos);
  }
  if (!plan_.cursor.empty()) p.cursor_src = rows.find(plan_.cursor);
  return p;
}

// --- moving rows ---

ReplicateRun::RowStream::RowStream(ReplicateRun& run, const Projection& p, bool stage_seen)
    : run_(run),
      p_(p),
      stage_seen_(stage_seen),
      writer_(BatchWriter::Batch{sinks::SinkBatch(p.names),
                                 sinks::SinkBatch(stage_seen ? p.keys : std::vector<std::string>{}), {}, 0, {}},
              [this](const BatchWriter::Batch& b) { write(b); }, run.ctx_.overlap_writes) {}

void ReplicateRun::RowStream::add(std::vector<Value>& row) {
  RunCounts& counts = run_.counts_;
  ++counts.rows_read;
  Value& max = run_.max_cursor_;
  if (p_.cursor_src >= 0 && !sinks::is_null(row[p_.cursor_src]) &&
      (sinks::is_null(max) || cursor_after(row[p_.cursor_src], max)))
    max = row[p_.cursor_src];
  BatchWriter::Batch& b = writer_.filling();
  for (int i : p_.take) {  // each source column is taken once
    if (auto* text = std::get_if<std::string>(&row[i])) b.text_bytes += text->size();
    b.rows.push(std::move(row[i]));
    if (!b.spare.empty()) {  // a written value's string, for next() to fill
      row[i] = std::move(b.spare.back());
      b.spare.pop_back();
    }
  }
  if (stage_seen_) {
    auto added = b.rows.row(b.rows.size() - 1);
    for (size_t k : p_.key_pos) b.keys.push(added[k]);
  }
  if (b.rows.size() >= run_.ctx_.batch_rows || b.text_bytes >= run_.ctx_.batch_bytes) {
    writer_.hand_off();
    if (run_.ctx_.progress) run_.ctx_.progress(counts.rows_read);
  }
}

void ReplicateRun::RowStream::flush() {
  bool last = !writer_.filling().rows.empty();
  writer_.finish();
  run_.counts_.inserted += inserted_;
  run_.counts_.updated += updated_;
  inserted_ = updated_ = 0;
  if (last && run_.ctx_.progress) run_.ctx_.progress(run_.counts_.rows_read);
}

void ReplicateRun::RowStream::then(std::function<void()> step) {
  bool rows = !writer_.filling().rows.empty();
  writer_.hand_off(std::move(step));
  if (rows && run_.ctx_.progress) run_.ctx_.progress(run_.counts_.rows_read);
}

void ReplicateRun::RowStream::write(const BatchWriter::Batch& b) {
  auto c = run_.sink_.upsert(run_.plan_.target, p_.keys, b.rows);
  inserted_ += c.inserted;
  updated_ += c.updated;
  if (stage_seen_) run_.sink_.stage(kSeen, b.keys);
}

void ReplicateRun::copy_rows(SourceRows& rows, const Projection& p, bool stage_seen) {
  RowStream out(*this, p, stage_seen);
  std::vector<Value> row;
  while (rows.next(row)) out.add(row);
  out.flush();
}

void ReplicateRun::stage_source(const std::string& set, const std::string& name, const std::string& sql,
                                const std::vector<Value>& params) {
  SourceRows rows(db_, sql, params);
  sinks::SinkBatch batch(std::vector<std::string>{name});
  std::vector<Value> row;
  while (rows.next(row)) {
    batch.push(std::move(row[0]));
    if (batch.size() >= ctx_.batch_rows) {
      sink_.stage(set, batch);
      batch.clear();
    }
  }
  if (!batch.empty()) sink_.stage(set, batch);
}

Projection ReplicateRun::reset_target(const SourceRows& rows) {
  if (plan_.options.drop_table) sink_.drop_table(plan_.target);
  Projection p = prepare_target(rows);
  if (!plan_.options.drop_table) counts_.deleted += sink_.delete_rows(plan_.target, {});
  return p;
}

// --- deletions announced by activities ---

std::optional<int64_t> ReplicateRun::single_int(const std::string& sql, const std::vector<Value>& params) {
  SourceRows rows(db_, sql, params);
  std::vector<Value> row;
  if (!rows.next(row) || row.empty()) return std::nullopt;
  if (auto* i = std::get_if<int64_t>(&row[0])) return *i;
  return std::nullopt;
}

int64_t ReplicateRun::activity_head() {
  if (!plan_.tracks_deletions()) return 0;
  return single_int(fmt::format("SELECT \"Id\" FROM {} ORDER BY \"Id\" DESC LIMIT 1",
                                quote_identifier(kActivityTable)))
      .value_or(0);
}

void ReplicateRun::stage_deleted(const char* set, const std::string& column, const std::vector<int>& types,
                                 const std::string& json_key, int64_t after, int64_t upto) {
  std::vector<Value> params;
  params.emplace_back(std::in_place_type<std::string>, "$." + json_key);
  for (int t : types) params.emplace_back(std::in_place_type<int64_t>, t);
  params.emplace_back(std::in_place_type<int64_t>, after);
  params.emplace_back(std::in_place_type<int64_t>, upto);
  stage_source(set, column,
               fmt::format("SELECT json_extract(\"Content\", ?) FROM {} WHERE \"Type\" IN ({}) "
                           "AND \"Id\" > ? AND \"Id\" <= ?",
                           quote_identifier(kActivityTable), placeholders(types.size())),
               params);
}

void ReplicateRun::apply_deletions(int64_t head) {
  int64_t after = checkpoint_ ? checkpoint_->activity_id : 0;
  if (head <= after) return;
  if (!plan_.deleted_types.empty()) {
    stage_deleted(kDeleted, plan_.keys[0], plan_.deleted_types, plan_.deleted_key_json, after, head);
    counts_.deleted += sink_.delete_rows(plan_.target, {.in = sinks::StagedSetRef{kDeleted, {plan_.keys[0]}}});
  }
  if (!plan_.parent_deleted_types.empty()) {
    stage_deleted(kDeletedParents, plan_.parent_key, plan_.parent_deleted_types,
                  plan_.parent_deleted_key_json, after, head);
    counts_.deleted += sink_.delete_rows(
        plan_.target, {.in = sinks::StagedSetRef{kDeletedParents, {plan_.parent_key}}});
  }
}

// --- strategies ---

std::string ReplicateRun::cursor_filtered(const std::string& condition) const {
  return "SELECT * FROM (" + plan_.select + ") WHERE " + condition;
}

std::string ReplicateRun::parent_head() {
  // DESC puts NULLs last; no IS NOT NULL so the whole query (sort + LIMIT) can be pushed.
  SourceRows rows(db_, fmt::format("SELECT {0} FROM {1} ORDER BY {0} DESC LIMIT 1",
                                   quote_identifier(plan_.parent_cursor),
                                   quote_identifier(plan_.parent_table)));
  std::vector<Value> row;
  return rows.next(row) ? value_text(row[0]) : "";
}

void ReplicateRun::load_all() {
  counts_.mode = "full load";
  int64_t head = activity_head();
  std::string parent_cursor = plan_.kind == ReplicateKind::Child ? parent_head() : "";
  sink_.expect_full_load(plan_.target);
  in_transaction([&] {
    std::string sql = plan_.select;
    std::vector<Value> params;
    if (!plan_.options.start_date.empty()) {
      sql = cursor_filtered(quote_identifier(plan_.cursor) + " >= ?");
      params.push_back(plan_.options.start_date);
    }
    SourceRows rows(db_, sql, params);
    Projection p = reset_target(rows);
    copy_rows(rows, p, false);
    write_checkpoint(plan_.kind == ReplicateKind::Child ? parent_cursor : max_cursor_text(""), head);
  });
}

void ReplicateRun::incremental_cursor() {
  counts_.mode = "incremental (cursor)";
  Value since = cursor_param(since_value(checkpoint_->cursor));
  int64_t head = activity_head();
  in_transaction([&] {
    SourceRows rows(db_, cursor_filtered(quote_identifier(plan_.cursor) + " >= ?"), {since});
    Projection p = prepare_target(rows);
    // With a user WHERE, a changed row may have left the filter: find it by key in the
    // unfiltered source and delete it if the filtered read did not return it.
    bool filtered = plan_.user_filtered && !plan_.source_table.empty();
    copy_rows(rows, p, filtered);
    if (filtered) {
      SourceRows changed(db_, fmt::format("SELECT {} FROM {} WHERE {} >= ?", sinks::quote_list(p.keys),
                                          quote_identifier(plan_.source_table),
                                          quote_identifier(plan_.cursor)),
                         {since});
      sinks::SinkBatch keys(p.keys);
      std::vector<Value> row;
      while (changed.next(row)) keys.add_row(std::move(row));
      sink_.stage(kChanged, keys);
      counts_.deleted += sink_.delete_rows(plan_.target, {.in = sinks::StagedSetRef{kChanged, p.keys},
                                                          .not_in = sinks::StagedSetRef{kSeen, p.keys}});
    }
    apply_deletions(head);
    write_checkpoint(max_cursor_text(checkpoint_->cursor), head);
  });
}

void ReplicateRun::incremental_child() {
  counts_.mode = "incremental (children of changed parents)";
  Value since = cursor_param(since_value(checkpoint_->cursor));
  // The changed parents go to a TEMP table on the source connection so the child query
  // can say `parent_key IN (SELECT id FROM temp…)`: one child request per changed parent.
  try {
    sinks::exec(db_, fmt::format("CREATE TEMP TABLE IF NOT EXISTS {}(id, cursor); DELETE FROM temp.{};",
                                 kChangedParentsTable, kChangedParentsTable));
    sinks::SqliteStmt fill = sinks::prepare(
        db_, fmt::format("INSERT INTO temp.{} SELECT {}, {} FROM {} WHERE {} >= ?", kChangedParentsTable,
                         quote_identifier(plan_.parent_id), quote_identifier(plan_.parent_cursor),
                         quote_identifier(plan_.parent_table), quote_identifier(plan_.parent_cursor)));
    sinks::bind_value(fill.get(), 1, since);
    sinks::step_done(db_, fill.get());
  } catch (const sinks::SinkError& e) {
    throw EngineError(fmt::format("reading changed {}: {}", plan_.parent_table, e.what()));
  }
  std::string new_cursor = checkpoint_->cursor;
  {
    SourceRows top(db_, fmt::format("SELECT max(cursor) FROM temp.{}", kChangedParentsTable));
    std::vector<Value> row;
    if (top.next(row) && !sinks::is_null(row[0]) && value_text(row[0]) > new_cursor)
      new_cursor = value_text(row[0]);
  }
  int64_t head = activity_head();
  in_transaction([&] {
    SourceRows rows(db_, cursor_filtered(fmt::format("{} IN (SELECT id FROM temp.{})",
                                                     quote_identifier(plan_.parent_key),
                                                     kChangedParentsTable)));
    Projection p = prepare_target(rows);
    copy_rows(rows, p, true);
    stage_source(kParents, plan_.parent_key,
                 fmt::format("SELECT id FROM temp.{}", kChangedParentsTable), {});
    counts_.deleted += sink_.delete_rows(
        plan_.target, {.in = sinks::StagedSetRef{kParents, {plan_.parent_key}},
                       .not_in = sinks::StagedSetRef{kSeen, p.keys}});
    apply_deletions(head);
    write_checkpoint(new_cursor, head);
  });
  sinks::exec(db_, fmt::format("DELETE FROM temp.{}", kChangedParentsTable));
}

void ReplicateRun::refresh_all() {
  counts_.mode = "full refresh";
  in_transaction([&] {
    SourceRows rows(db_, plan_.select);
    Projection p = prepare_target(rows);
    copy_rows(rows, p, true);
    counts_.deleted += sink_.delete_rows(plan_.target, {.not_in = sinks::StagedSetRef{kSeen, p.keys}});
    write_checkpoint("", 0);
  });
}

void ReplicateRun::refresh_changed() {
  counts_.mode = "incremental (changed Updated)";
  const std::string& key = plan_.keys[0];
  try {
    sinks::exec(db_, fmt::format("CREATE TEMP TABLE IF NOT EXISTS {0}(id); DELETE FROM temp.{0};",
                                 kChangedKeysTable));
  } catch (const sinks::SinkError& e) {
    throw EngineError(e.what());
  }
  in_transaction([&] {
    // 1. Keys and Updated only: list requests, no per-row detail requests.
    SourceRows listed(db_, fmt::format("SELECT {}, {} FROM ({})", quote_identifier(key),
                                       quote_identifier(plan_.updated), plan_.select));
    sinks::SqliteStmt add = sinks::prepare(db_, fmt::format("INSERT INTO temp.{} VALUES (?)", kChangedKeysTable));
    sinks::SinkBatch seen(std::vector<std::string>{key});
    std::vector<Value> row;
    const std::vector<std::string> updated_column{plan_.updated};
    while (listed.next(row)) {
      auto stored = sink_.lookup(plan_.target, {key}, std::span<const Value>(&row[0], 1), updated_column);
      if (!stored || !sinks::same_value((*stored)[0], row[1])) {
        sinks::bind_value(add.get(), 1, row[0]);
        sinks::step_done(db_, add.get());
      }
      seen.push(std::move(row[0]));
      if (seen.size() >= ctx_.batch_rows) {
        sink_.stage(kSeen, seen);
        seen.clear();
      }
    }
    if (!seen.empty()) sink_.stage(kSeen, seen);
    counts_.deleted += sink_.delete_rows(plan_.target, {.not_in = sinks::StagedSetRef{kSeen, {key}}});
    // 2. Whole rows for the changed keys only (one get request per key for a vtab).
    SourceRows rows(db_, cursor_filtered(fmt::format("{} IN (SELECT id FROM temp.{})",
                                                     quote_identifier(key), kChangedKeysTable)));
    Projection p = prepare_target(rows);
    copy_rows(rows, p, false);
    write_checkpoint("", 0);
  });
  sinks::exec(db_, fmt::format("DELETE FROM temp.{}", kChangedKeysTable));
}

}  // namespace replicate_run

RunCounts run_replicate(const ReplicatePlan& plan, RunContext& ctx) {
  return replicate_run::ReplicateRun(plan, ctx).run();
}

}  // namespace backlog::engine
