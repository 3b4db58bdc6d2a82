// The REPLICATE runner (strategies are described in replicate.h).
#include "engine/replicate.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "engine/batch_writer.h"
#include "engine/cursor_dates.h"
#include "engine/engine_error.h"
#include "engine/load_marker.h"
#include "engine/source_rows.h"
#include "sinks/sql_identifier.h"

namespace backlog::engine {

using sinks::Value;
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

std::string value_text(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return "";
}

// The bound value for `cursor >= ?`: an integer cursor stays an integer.
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

// Larger of two cursor values: numbers numerically, anything else as text.
bool cursor_after(const Value& a, const Value& b) {
  auto num = [](const Value& v) -> std::optional<double> {
    if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
  };
  if (auto x = num(a), y = num(b); x && y) return *x > *y;
  return value_text(a) > value_text(b);
}

// Which source columns go to which target columns, and where the keys are.
struct Projection {
  std::vector<int> take;                 // source column index per target column
  std::vector<std::string> names;        // target column names (batch columns)
  std::vector<std::string> keys;         // upsert keys (target spelling)
  std::vector<size_t> key_pos;           // index of each key in `names`
  int cursor_src = -1;                   // source index of the cursor column
};

class ReplicateRun {
 public:
  ReplicateRun(const ReplicatePlan& plan, RunContext& ctx)
      : plan_(plan), ctx_(ctx), sink_(*ctx.sink), db_(ctx.source) {}

  RunCounts run() {
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

 private:
  // --- transactions and checkpoints ---

  template <class F>
  void in_transaction(F&& body) {
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

  void write_checkpoint(const std::string& cursor, int64_t activity_id,
                        const std::string& window_next = "") {
    sinks::Checkpoint c;
    c.target = plan_.target.display();
    c.source = plan_.source_table;
    c.select_hash = plan_.hash;
    c.cursor = cursor;
    c.activity_id = activity_id;
    c.window_next = window_next;
    c.run_at = format_timestamp(now_utc());
    c.rows = counts_.rows_read;
    sink_.write_checkpoint(plan_.target, c);
  }

  std::string max_cursor_text(const std::string& previous) const {
    if (sinks::is_null(max_cursor_)) return previous;
    if (!previous.empty() && !cursor_after(max_cursor_, cursor_param(previous))) return previous;
    return value_text(max_cursor_);
  }

  // --- target shape ---

  // Creates or widens the target for `rows` and maps source columns onto it.
  Projection prepare_target(const SourceRows& rows) {
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

  // Streams rows into the target in batches; with `stage_seen`, also stages their keys.
  // With ctx.overlap_writes the batches are written on a thread of their own while the
  // source is read (batch_writer.h); flush() waits until everything added is written,
  // and the sink is this thread's again until the next add().
  class RowStream {
   public:
    RowStream(ReplicateRun& run, const Projection& p, bool stage_seen)
        : run_(run),
          p_(p),
          stage_seen_(stage_seen),
          writer_(BatchWriter::Batch{sinks::SinkBatch(p.names),
                                     sinks::SinkBatch(stage_seen ? p.keys : std::vector<std::string>{}), {}},
                  [this](const BatchWriter::Batch& b) { write(b); }, run.ctx_.overlap_writes) {}

    // Takes the values of a source row; `row` gets recycled strings in their place.
    void add(std::vector<Value>& row) {
      RunCounts& counts = run_.counts_;
      ++counts.rows_read;
      Value& max = run_.max_cursor_;
      if (p_.cursor_src >= 0 && !sinks::is_null(row[p_.cursor_src]) &&
          (sinks::is_null(max) || cursor_after(row[p_.cursor_src], max)))
        max = row[p_.cursor_src];
      BatchWriter::Batch& b = writer_.filling();
      for (int i : p_.take) {  // each source column is taken once
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
      if (b.rows.size() >= run_.ctx_.batch_rows) {
        writer_.hand_off();
        if (run_.ctx_.progress) run_.ctx_.progress(counts.rows_read);
      }
    }

    void flush() {
      bool last = !writer_.filling().rows.empty();
      writer_.finish();
      run_.counts_.inserted += inserted_;
      run_.counts_.updated += updated_;
      inserted_ = updated_ = 0;
      if (last && run_.ctx_.progress) run_.ctx_.progress(run_.counts_.rows_read);
    }

   private:
    void write(const BatchWriter::Batch& b) {  // on the writer's thread
      auto c = run_.sink_.upsert(run_.plan_.target, p_.keys, b.rows);
      inserted_ += c.inserted;
      updated_ += c.updated;
      if (stage_seen_) run_.sink_.stage(kSeen, b.keys);
    }

    ReplicateRun& run_;
    const Projection& p_;
    bool stage_seen_;
    int64_t inserted_ = 0, updated_ = 0;  // the writer's counts, read after finish()
    BatchWriter writer_;                  // last: stops before the members it uses
  };

  void copy_rows(SourceRows& rows, const Projection& p, bool stage_seen) {
    RowStream out(*this, p, stage_seen);
    std::vector<Value> row;
    while (rows.next(row)) out.add(row);
    out.flush();
  }

  // Stages the first column of every row of a source query as set `set` (column `name`).
  void stage_source(const std::string& set, const std::string& name, const std::string& sql,
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

  // Starts a full load: drops the target (DropTable) or creates it where missing and
  // empties it, then maps `rows` onto it. Emptying after creating keeps every destination
  // in step when only some of them had the table.
  Projection reset_target(const SourceRows& rows) {
    if (plan_.options.drop_table) sink_.drop_table(plan_.target);
    Projection p = prepare_target(rows);
    if (!plan_.options.drop_table) counts_.deleted += sink_.delete_rows(plan_.target, {});
    return p;
  }

  // --- deletions announced by activities ---

  std::optional<int64_t> single_int(const std::string& sql, const std::vector<Value>& params = {}) {
    SourceRows rows(db_, sql, params);
    std::vector<Value> row;
    if (!rows.next(row) || row.empty()) return std::nullopt;
    if (auto* i = std::get_if<int64_t>(&row[0])) return *i;
    return std::nullopt;
  }

  // The newest activity id, read BEFORE any data so no deletion can fall between the
  // data we read and the activities we will read next time.
  int64_t activity_head() {
    if (!plan_.tracks_deletions()) return 0;
    return single_int(fmt::format("SELECT \"Id\" FROM {} ORDER BY \"Id\" DESC LIMIT 1",
                                  quote_identifier(kActivityTable)))
        .value_or(0);
  }

  void stage_deleted(const char* set, const std::string& column, const std::vector<int>& types,
                     const std::string& json_key, int64_t after, int64_t upto) {
    std::string in;
    std::vector<Value> params;
    params.emplace_back(std::in_place_type<std::string>, "$." + json_key);
    for (int t : types) {
      in += in.empty() ? "?" : ", ?";
      params.emplace_back(std::in_place_type<int64_t>, t);
    }
    params.emplace_back(std::in_place_type<int64_t>, after);
    params.emplace_back(std::in_place_type<int64_t>, upto);
    stage_source(set, column,
                 fmt::format("SELECT json_extract(\"Content\", ?) FROM {} WHERE \"Type\" IN ({}) "
                             "AND \"Id\" > ? AND \"Id\" <= ?",
                             quote_identifier(kActivityTable), in),
                 params);
  }

  // Applies deletions announced between the checkpoint's activity id and `head`.
  void apply_deletions(int64_t head) {
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

  std::string cursor_filtered(const std::string& condition) const {
    return "SELECT * FROM (" + plan_.select + ") WHERE " + condition;
  }

  // The parent's newest cursor value (a child's checkpoint is its parent's cursor).
  std::string parent_head() {
    // DESC puts NULLs last; no IS NOT NULL so the whole query (sort + LIMIT) can be pushed.
    SourceRows rows(db_, fmt::format("SELECT {0} FROM {1} ORDER BY {0} DESC LIMIT 1",
                                     quote_identifier(plan_.parent_cursor),
                                     quote_identifier(plan_.parent_table)));
    std::vector<Value> row;
    return rows.next(row) ? value_text(row[0]) : "";
  }

  void load_all() {
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

  // --- first loads in chunks ---

  // True when SQLite reads `sql` in its ORDER BY order straight from the source (the
  // virtual table sorts through the API's sort/order): no temporary b-tree or
  // materialized subquery first holding every row.
  bool source_sorts(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &raw, nullptr) != SQLITE_OK) {
      sqlite3_finalize(raw);
      return false;
    }
    sinks::SqliteStmt plan(raw);
    while (sqlite3_step(plan.get()) == SQLITE_ROW) {
      auto* detail = reinterpret_cast<const char*>(sqlite3_column_text(plan.get(), 3));
      if (detail && (std::strstr(detail, "TEMP B-TREE") || std::strstr(detail, "MATERIALIZE"))) return false;
    }
    return true;
  }

  std::string rows_by(const std::string& column, const std::string& where) const {
    std::string sql = where.empty() ? "SELECT * FROM (" + plan_.select + ")" : cursor_filtered(where);
    return sql + " ORDER BY " + quote_identifier(column) + " DESC";
  }
  std::string cursor_head_sql() const {
    return fmt::format("SELECT {0} FROM ({1}) ORDER BY {0} DESC LIMIT 1", quote_identifier(plan_.cursor),
                       plan_.select);
  }
  std::string parents_by(const std::string& column, bool upto) const {
    return fmt::format("SELECT {}, {} FROM {}{} ORDER BY {} DESC", quote_identifier(plan_.parent_id),
                       quote_identifier(column), quote_identifier(plan_.parent_table),
                       upto ? " WHERE " + quote_identifier(column) + " <= ?" : "", quote_identifier(column));
  }

  // Whether this first load commits in chunks. It must fill an empty table: a reload of a
  // table holding rows (DropTable, TruncateTable, a changed SELECT) stays one transaction,
  // so its readers never see it half refilled — and those start over anyway. And the
  // source must hand rows (or parents) out in Created order, so a rerun can skip what
  // was committed; with a user WHERE on a child table, the parents it reads are unknown.
  // FullRefresh, Compare and Reload tables are re-read whole on every run: one
  // transaction each.
  bool chunkable(bool exists) {
    const auto& o = plan_.options;
    if (o.chunk_rows <= 0 || o.drop_table || o.truncate_table) return false;
    if (plan_.kind == ReplicateKind::Cursor) {
      if (plan_.created.empty() || !source_sorts(rows_by(plan_.created, "")) || !source_sorts(cursor_head_sql()))
        return false;
    } else if (plan_.kind == ReplicateKind::Child) {
      if (plan_.user_filtered || plan_.parent_created.empty() || !source_sorts(parents_by(plan_.parent_created, false)))
        return false;
    } else {
      return false;
    }
    return !exists || sink_.count_rows(plan_.target, {}) == 0;
  }

  // The transactions of a chunked first load: begin(), then chunk() at each boundary
  // (the rows so far and a checkpoint saying where to resume, committed together), then
  // done() (the checkpoint of a finished load). The first transaction, and every one of
  // `large` chunks, tells the destination the table is being filled (SQLite: a rollback
  // journal, pages written once; its commit syncs, so small chunks commit in WAL).
  struct Chunks {
    ReplicateRun& run;
    std::string cursor;    // the checkpoint's cursor: the head read before the load
    int64_t activity_id;   // the activity head read before the load
    bool large;            // chunks of ChunkSize rows (else of a few parents)
    bool first = true;

    void begin() {
      if (first || large) run.sink_.expect_full_load(run.plan_.target);
      first = false;
      run.sink_.begin();
    }
    void chunk(RowStream& out, const LoadMarker& resume_at) {
      out.flush();
      run.write_checkpoint(cursor, activity_id, resume_at.text());
      run.sink_.commit();
      begin();
    }
    void done(RowStream* out) {
      if (out) out->flush();
      run.write_checkpoint(cursor, activity_id);
      run.sink_.commit();
    }
  };

  // First load of a Cursor table in chunks of ChunkSize rows, each committed with its
  // checkpoint. Rows are read by Created, newest first: Created never changes, so a row
  // updated while the load runs stays in its place in the API's offset pages (a row
  // created meanwhile comes first and shifts them: one row read twice, none skipped). A
  // rerun reads `Created <= the last committed value` (createdUntil: that day's newer
  // rows are read again and dropped by SQLite) and upserts, without emptying the table.
  // The checkpoint's cursor and activity id are the heads read before the load began, so
  // the first incremental run after it catches every row changed or deleted meanwhile.
  void load_chunked_rows(const LoadMarker* resume) {
    counts_.mode = resume ? "full load (resumed)" : "full load";
    Chunks chunks{*this, "", 0, true};
    std::string column = plan_.created;
    std::vector<std::string> where;
    std::vector<Value> params;
    if (!plan_.options.start_date.empty()) {
      where.push_back(quote_identifier(plan_.cursor) + " >= ?");
      params.push_back(plan_.options.start_date);
    }
    if (resume) {
      chunks.cursor = checkpoint_->cursor;
      chunks.activity_id = checkpoint_->activity_id;
      column = resume->column;
      where.push_back(quote_identifier(column) + " <= ?");
      params.push_back(cursor_param(resume->upto));
    } else {
      chunks.activity_id = activity_head();
      SourceRows head(db_, cursor_head_sql());
      std::vector<Value> row;
      if (head.next(row) && !sinks::is_null(row[0])) chunks.cursor = value_text(row[0]);
    }
    std::string condition;
    for (const auto& w : where) condition += (condition.empty() ? "" : " AND ") + w;
    chunks.begin();
    try {
      SourceRows rows(db_, rows_by(column, condition), params);
      int order = rows.find(column);
      if (order < 0) throw EngineError(fmt::format("column {} is not in the SELECT: cannot resume the first load "
                                                   "(rerun WITH DropTable)", column));
      Projection p = resume ? prepare_target(rows) : reset_target(rows);
      RowStream out(*this, p, false);
      LoadMarker at{.kind = LoadMarker::Kind::Rows, .column = column};
      int64_t in_chunk = 0;
      std::vector<Value> row;
      while (rows.next(row)) {
        if (in_chunk >= plan_.options.chunk_rows && !at.upto.empty()) {
          chunks.chunk(out, at);
          in_chunk = 0;
        }
        if (!sinks::is_null(row[order])) at.upto = value_text(row[order]);
        out.add(row);
        ++in_chunk;
      }
      chunks.done(&out);
    } catch (...) {
      sink_.rollback();
      throw;
    }
  }

  // Runs the child query for one parent; false when the parent was deleted after it was
  // listed (its child list answers 404): the children of a deleted parent go with the
  // parent's deletion activity, which the next incremental run applies.
  bool read_children(std::optional<SourceRows>& children, const std::string& sql, const Value& parent) {
    try {
      if (children) children->restart({parent});
      else children.emplace(db_, sql, std::vector<Value>{parent});
      return true;
    } catch (const EngineError&) {
      SourceRows still(db_, fmt::format("SELECT 1 FROM {} WHERE {} = ?", quote_identifier(plan_.parent_table),
                                        quote_identifier(plan_.parent_id)),
                       {parent});
      std::vector<Value> row;
      if (still.next(row)) throw;
      return false;
    }
  }

  // First load of a Child table in chunks of whole parents. The parents are listed by
  // Created, newest first (a parent updated meanwhile keeps its place), and each one's
  // children are read with `parent_key = ?`: one list request per parent, as the fan-out
  // makes. A chunk commits after ChunkSize rows or ChunkSize/100 parents, always after a
  // parent's last child. A rerun lists only the parents with Created <= the last
  // committed parent's and skips that parent. The checkpoint's cursor is the parent's
  // newest cursor value read before the load (as in load_all): the first incremental run
  // refreshes the children of parents changed while it ran.
  void load_chunked_children(const LoadMarker* resume) {
    counts_.mode = resume ? "full load (resumed)" : "full load";
    Chunks chunks{*this, "", 0, false};  // small chunks: WAL commits are cheaper
    std::string column = plan_.parent_created;
    std::vector<Value> params;
    if (resume) {
      chunks.cursor = checkpoint_->cursor;
      chunks.activity_id = checkpoint_->activity_id;
      column = resume->column;
      params.push_back(cursor_param(resume->upto));
    } else {
      chunks.activity_id = activity_head();
      chunks.cursor = parent_head();
    }
    const std::string child_sql = cursor_filtered(quote_identifier(plan_.parent_key) + " = ?");
    const int64_t chunk_rows = plan_.options.chunk_rows;
    const int64_t chunk_parents = std::max<int64_t>(1, chunk_rows / 100);
    chunks.begin();
    try {
      SourceRows parents(db_, parents_by(column, resume != nullptr), params);
      std::optional<SourceRows> children;
      std::optional<Projection> p;
      std::optional<RowStream> out;
      LoadMarker at{.kind = LoadMarker::Kind::Parents, .column = column};
      int64_t rows_in_chunk = 0, parents_in_chunk = 0;
      std::vector<Value> parent, row;
      while (parents.next(parent)) {
        std::string id = value_text(parent[0]), created = value_text(parent[1]);
        if (resume && id == resume->done && created == resume->upto) continue;
        if (!read_children(children, child_sql, parent[0])) continue;
        if (!out) {  // the first parent's query shapes the table
          p = resume ? prepare_target(*children) : reset_target(*children);
          out.emplace(*this, *p, false);
        }
        while (children->next(row)) {
          out->add(row);
          ++rows_in_chunk;
        }
        at.upto = created;
        at.done = id;
        if (++parents_in_chunk >= chunk_parents || rows_in_chunk >= chunk_rows) {
          if (!at.upto.empty()) chunks.chunk(*out, at);
          rows_in_chunk = parents_in_chunk = 0;
        }
      }
      if (!out && !resume) {  // no parent at all: an empty table (WHERE 0 reads nothing)
        SourceRows none(db_, cursor_filtered("0"));
        reset_target(none);
      }
      chunks.done(out ? &*out : nullptr);
    } catch (...) {
      sink_.rollback();
      throw;
    }
  }

  // First load of a Cursor table in date windows, each committed with its checkpoint; a
  // checkpoint whose window_next is set means "resume the first load from there".
  void load_windows(bool resume) {
    counts_.mode = "windowed load";
    const auto& o = plan_.options;
    int64_t head;
    std::optional<TimePoint> from;
    std::string cursor_text;
    if (resume) {
      head = checkpoint_->activity_id;
      from = parse_cursor_time(checkpoint_->window_next);
      cursor_text = checkpoint_->cursor;
      counts_.mode = "windowed load (resumed)";
    } else {
      head = activity_head();
      if (!o.start_date.empty()) {
        from = parse_cursor_time(o.start_date);
      } else {
        SourceRows first(db_, fmt::format("SELECT {0} FROM ({1}) WHERE {0} IS NOT NULL ORDER BY {0} LIMIT 1",
                                          quote_identifier(plan_.cursor), plan_.select));
        std::vector<Value> row;
        if (!first.next(row)) return load_all();  // nothing to window
        from = parse_cursor_time(value_text(row[0]));
        if (!from)
          throw EngineError(fmt::format("cursor column {} holds '{}', not a date", plan_.cursor,
                                        value_text(row[0])));
      }
    }
    if (!from) throw EngineError("cannot resume the windowed load: bad window start");
    TimePoint a = std::chrono::floor<std::chrono::days>(*from);  // windows start at midnight
    if (o.interval_unit == IntervalUnit::Minutes || o.interval_unit == IntervalUnit::Hours) a = *from;
    bool first = !resume;
    TimePoint now = now_utc();
    for (;;) {
      TimePoint b = add_interval(a, o.interval, o.interval_unit);
      bool last = b > now;  // the last window is open-ended: it takes whatever is newest
      std::string lo = window_bound(a, o.interval_unit), hi = window_bound(b, o.interval_unit);
      if (first) sink_.expect_full_load(plan_.target);
      in_transaction([&] {
        std::string cond = quote_identifier(plan_.cursor) + " >= ?";
        std::vector<Value> params{lo};
        if (!last) {
          cond += " AND " + quote_identifier(plan_.cursor) + " < ?";
          params.push_back(hi);
        }
        SourceRows rows(db_, cursor_filtered(cond), params);
        Projection p = first ? reset_target(rows) : prepare_target(rows);
        copy_rows(rows, p, false);
        write_checkpoint(max_cursor_text(cursor_text), head, last ? "" : hi);
      });
      if (last) break;
      first = false;
      a = b;
    }
  }

  void incremental_cursor() {
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

  void incremental_child() {
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

  void refresh_all() {
    counts_.mode = "full refresh";
    in_transaction([&] {
      SourceRows rows(db_, plan_.select);
      Projection p = prepare_target(rows);
      copy_rows(rows, p, true);
      counts_.deleted += sink_.delete_rows(plan_.target, {.not_in = sinks::StagedSetRef{kSeen, p.keys}});
      write_checkpoint("", 0);
    });
  }

  void refresh_changed() {
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

  const ReplicatePlan& plan_;
  RunContext& ctx_;
  sinks::Sink& sink_;
  sqlite3* db_;
  std::optional<sinks::Checkpoint> checkpoint_;
  RunCounts counts_;
  Value max_cursor_;  // largest cursor value read in this run
};

}  // namespace

RunCounts run_replicate(const ReplicatePlan& plan, RunContext& ctx) {
  return ReplicateRun(plan, ctx).run();
}

}  // namespace backlog::engine
