// First loads in committed chunks (ChunkSize) and in date windows (ReplicateInterval):
// the strategies of ReplicateRun (replicate_run.h) that commit as they go, each chunk with
// a checkpoint whose resume marker (load_marker.h) lets a rerun continue after it.
#include <algorithm>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "engine/cursor_dates.h"
#include "engine/engine_error.h"
#include "engine/replicate_run.h"
#include "sinks/sql_identifier.h"

namespace backlog::engine::replicate_run {

using sinks::quote_identifier;

// True when SQLite reads `sql` in its ORDER BY order straight from the source (the
// virtual table sorts through the API's sort/order): no temporary b-tree or
// materialized subquery first holding every row.
bool ReplicateRun::source_sorts(const std::string& sql) {
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

std::string ReplicateRun::rows_by(const std::string& column, const std::string& where) const {
  std::string sql = where.empty() ? "SELECT * FROM (" + plan_.select + ")" : cursor_filtered(where);
  return sql + " ORDER BY " + quote_identifier(column) + " DESC";
}
std::string ReplicateRun::cursor_head_sql() const {
  return fmt::format("SELECT {0} FROM ({1}) ORDER BY {0} DESC LIMIT 1", quote_identifier(plan_.cursor),
                     plan_.select);
}
std::string ReplicateRun::parents_by(const std::string& column, bool upto) const {
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
bool ReplicateRun::chunkable(bool exists) {
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
struct ReplicateRun::Chunks {
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
  // The commit runs on the writer's thread after the chunk's rows (RowStream::then), so
  // the source is read on meanwhile instead of the pipeline draining at every chunk.
  void chunk(RowStream& out, const LoadMarker& resume_at) {
    out.then([this, c = run.checkpoint(cursor, activity_id, resume_at.text())] {
      run.sink_.write_checkpoint(run.plan_.target, c);
      run.sink_.commit();
      begin();
    });
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
void ReplicateRun::load_chunked_rows(const LoadMarker* resume) {
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
bool ReplicateRun::read_children(std::optional<SourceRows>& children, const std::string& sql, const Value& parent) {
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

void HeldRows::read_all(SourceRows& source) {
  size = 0;
  for (;;) {
    if (size == rows.size()) rows.emplace_back();
    if (!source.next(rows[size])) return;
    ++size;
  }
}

// Reads the children of a group of parents with one `parent_key IN (?, …)` query into
// `held`. The virtual table fans out over the list as over parent rows (vtab/scan.h):
// one list request per parent, the next parents' requests on the wire while rows are
// read, `parallel` of them in flight. False when the query failed because a parent was
// deleted after it was listed (its child list answers 404), with nothing held: the
// caller then reads that group one parent at a time (read_children), as before groups.
// Any other error is rethrown, as read_children does. `query` keeps the statement for
// its columns (the first read shapes the table).
bool ReplicateRun::read_group(const std::vector<Value>& ids, HeldRows& held, std::optional<SourceRows>& query) {
  try {
    query.emplace(db_, cursor_filtered(fmt::format("{} IN ({})", quote_identifier(plan_.parent_key),
                                                   placeholders(ids.size()))),
                  ids);
    held.read_all(*query);
    return true;
  } catch (const EngineError&) {
    query.reset();
    held.size = 0;
    // One query for the whole group (Issues: one list request, id[]=…).
    SourceRows found(db_, fmt::format("SELECT count(*) FROM {} WHERE {} IN ({})", quote_identifier(plan_.parent_table),
                                      quote_identifier(plan_.parent_id), placeholders(ids.size())),
                     ids);
    std::set<std::string> distinct;  // (a parent listed twice: a page shifted by a new one)
    for (const Value& id : ids) distinct.insert(value_text(id));
    std::vector<Value> row;
    const int64_t* n = found.next(row) ? std::get_if<int64_t>(&row[0]) : nullptr;
    if (n && *n >= static_cast<int64_t>(distinct.size())) throw;  // every parent is there
    return false;
  }
}

// First load of a Child table in chunks of whole parents. The parents are listed by
// Created, newest first (a parent updated meanwhile keeps its place), in groups of
// ChunkSize/100 (at most kMaxGroup), and each group's children are read with one
// `parent_key IN (…)` query: one list request per parent, as the fan-out makes, and as
// fast (pipelined, --parallel). The rows of a group are held in memory until it is read
// whole, since they come in the list's order, not the parents'. A chunk commits after a
// group once it holds ChunkSize rows or ChunkSize/100 parents, with the marker of the
// group's last parent. A rerun lists only the parents with Created <= the last
// committed parent's and skips that parent. The checkpoint's cursor is the parent's
// newest cursor value read before the load (as in load_all): the first incremental run
// refreshes the children of parents changed while it ran.
void ReplicateRun::load_chunked_children(const LoadMarker* resume) {
  // Bound parameters per IN query: under the 999 of SQLite builds before 3.32 (a host
  // loading backlog.so may be one), and the rows of a group are held in memory.
  constexpr int64_t kMaxGroup = 500;
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
  const size_t group_size = static_cast<size_t>(std::min(chunk_parents, kMaxGroup));
  chunks.begin();
  try {
    SourceRows parents(db_, parents_by(column, resume != nullptr), params);
    std::optional<SourceRows> query, children;
    std::optional<Projection> p;
    std::optional<RowStream> out;
    HeldRows held;
    LoadMarker at{.kind = LoadMarker::Kind::Parents, .column = column};
    int64_t rows_in_chunk = 0, parents_in_chunk = 0;
    std::vector<Value> group, parent, row;
    auto shape = [&](const SourceRows& rows) {  // the first query read shapes the table
      if (out) return;
      p = resume ? prepare_target(rows) : reset_target(rows);
      out.emplace(*this, *p, false);
    };
    auto load_group = [&] {
      if (read_group(group, held, query)) {
        shape(*query);
        for (size_t i = 0; i < held.size; ++i) out->add(held.rows[i]);
        rows_in_chunk += static_cast<int64_t>(held.size);
      } else {
        for (const Value& id : group) {
          if (!read_children(children, child_sql, id)) continue;
          shape(*children);
          while (children->next(row)) {
            out->add(row);
            ++rows_in_chunk;
          }
        }
      }
      parents_in_chunk += static_cast<int64_t>(group.size());
      group.clear();
      if (parents_in_chunk >= chunk_parents || rows_in_chunk >= chunk_rows) {
        if (out && !at.upto.empty()) chunks.chunk(*out, at);
        rows_in_chunk = parents_in_chunk = 0;
      }
    };
    while (parents.next(parent)) {
      std::string id = value_text(parent[0]), created = value_text(parent[1]);
      if (resume && id == resume->done && created == resume->upto) continue;
      group.push_back(std::move(parent[0]));
      at.upto = created;
      at.done = id;
      if (group.size() >= group_size) load_group();
    }
    if (!group.empty()) load_group();
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
void ReplicateRun::load_windows(bool resume) {
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

}  // namespace backlog::engine::replicate_run
