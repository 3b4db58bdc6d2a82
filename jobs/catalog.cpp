// The jobs catalog in SQLite (see catalog.h).
//
// Tables (schema version 1):
//   jobs(name PK, source_profile, file, query, schedule, timezone, keep_runs, max_retries, created)
//   job_destinations(job → jobs, seq, uri)      -- in --dest order, passwords taken out
//   job_tables(job → jobs, seq, name)           -- --tables, in order
//   job_state(job PK, next_due, anchor, failures, retry_at)
//   runs(id PK, job, trigger, attempt, started, ended, status, error, api_calls, pid)
//   run_tables(run_id → runs, seq, target, destination, rows_read, inserted, updated, deleted)
//   meta(key PK, value)                         -- 'generation': bumped by add/update/remove
// Times are ISO-8601 UTC text (format_time), so the file reads well in the sqlite3 shell.
//
// Several processes share the file (the CLI, schedulers): WAL lets readers go on while one
// writes, the busy timeout makes a writer wait for another instead of failing, and every
// write is one short BEGIN IMMEDIATE transaction. One Catalog may also be shared by the
// threads of a scheduler: the connection is opened serialized and each method holds the
// connection's own (recursive) mutex for the whole of its transaction.
#include "jobs/catalog.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace backlog::jobs {

namespace {

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS "schema_version"("version" INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS "meta"("key" TEXT PRIMARY KEY, "value" INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS "jobs"(
  "name" TEXT PRIMARY KEY,
  "source_profile" TEXT NOT NULL,
  "file" TEXT NOT NULL DEFAULT '',
  "query" TEXT NOT NULL DEFAULT '',
  "schedule" TEXT NOT NULL DEFAULT '',
  "timezone" TEXT NOT NULL DEFAULT '',
  "keep_runs" INTEGER NOT NULL,
  "max_retries" INTEGER NOT NULL,
  "created" TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "job_destinations"(
  "job" TEXT NOT NULL REFERENCES "jobs"("name") ON DELETE CASCADE,
  "seq" INTEGER NOT NULL,
  "uri" TEXT NOT NULL,
  PRIMARY KEY("job", "seq"));
CREATE TABLE IF NOT EXISTS "job_tables"(
  "job" TEXT NOT NULL REFERENCES "jobs"("name") ON DELETE CASCADE,
  "seq" INTEGER NOT NULL,
  "name" TEXT NOT NULL,
  PRIMARY KEY("job", "seq"));
CREATE TABLE IF NOT EXISTS "job_state"(
  "job" TEXT PRIMARY KEY,
  "next_due" TEXT,
  "anchor" TEXT,
  "failures" INTEGER NOT NULL DEFAULT 0,
  "retry_at" TEXT);
CREATE TABLE IF NOT EXISTS "runs"(
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "job" TEXT NOT NULL,
  "trigger" TEXT NOT NULL,
  "attempt" INTEGER NOT NULL,
  "started" TEXT NOT NULL,
  "ended" TEXT NOT NULL,
  "status" TEXT NOT NULL,
  "error" TEXT NOT NULL DEFAULT '',
  "api_calls" INTEGER NOT NULL DEFAULT 0,
  "pid" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "runs_by_job" ON "runs"("job", "id");
CREATE INDEX IF NOT EXISTS "runs_running" ON "runs"("status") WHERE "status" = 'running';
CREATE TABLE IF NOT EXISTS "run_tables"(
  "run_id" INTEGER NOT NULL REFERENCES "runs"("id") ON DELETE CASCADE,
  "seq" INTEGER NOT NULL,
  "target" TEXT NOT NULL,
  "destination" TEXT NOT NULL,
  "rows_read" INTEGER NOT NULL,
  "inserted" INTEGER NOT NULL,
  "updated" INTEGER NOT NULL,
  "deleted" INTEGER NOT NULL,
  PRIMARY KEY("run_id", "seq"));
)sql";

// One prepared statement; throws CatalogError naming the catalog on any failure.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& bind(int i, const std::optional<TimePoint>& t) {
    if (t) return bind(i, format_time(*t));
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // True while there is a row.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("run");
    return false;
  }
  void run() { while (step()) {} }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<TimePoint> time(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return parse_stored_time(text(col));
  }
  TimePoint time_or_epoch(int col) const { return time(col).value_or(TimePoint{}); }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw CatalogError(std::string("jobs catalog: cannot ") + what + " a query: " + sqlite3_errmsg(db_));
  }
  static TimePoint parse_stored_time(const std::string& s) {
    try {
      return parse_time(s);
    } catch (const std::exception&) {
      throw CatalogError("jobs catalog: bad time '" + s + "'");
    }
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw CatalogError("jobs catalog: " + why);
  }
}

// Holds the connection's mutex (threads sharing a Catalog) for a method's duration.
class ConnectionLock {
 public:
  explicit ConnectionLock(sqlite3* db) : mutex_(sqlite3_db_mutex(db)) { sqlite3_mutex_enter(mutex_); }
  ~ConnectionLock() { sqlite3_mutex_leave(mutex_); }
  ConnectionLock(const ConnectionLock&) = delete;
  ConnectionLock& operator=(const ConnectionLock&) = delete;

 private:
  sqlite3_mutex* mutex_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when an exception leaves the scope. IMMEDIATE
// takes the write lock up front, so two writers wait (busy timeout) instead of deadlocking
// on a read-to-write upgrade.
class WriteTransaction {
 public:
  explicit WriteTransaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
  ~WriteTransaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

void bump_generation(sqlite3* db) {
  exec(db, R"(INSERT INTO "meta"("key", "value") VALUES ('generation', 1)
              ON CONFLICT("key") DO UPDATE SET "value" = "value" + 1)");
}

void write_children(sqlite3* db, const JobSpec& job) {
  Stmt del_d(db, R"(DELETE FROM "job_destinations" WHERE "job" = ?1)");
  del_d.bind(1, job.name).run();
  Stmt del_t(db, R"(DELETE FROM "job_tables" WHERE "job" = ?1)");
  del_t.bind(1, job.name).run();
  Stmt ins_d(db, R"(INSERT INTO "job_destinations"("job", "seq", "uri") VALUES (?1, ?2, ?3))");
  for (size_t i = 0; i < job.destinations.size(); ++i) {
    ins_d.reset();
    ins_d.bind(1, job.name).bind(2, static_cast<int64_t>(i + 1)).bind(3, job.destinations[i]).run();
  }
  Stmt ins_t(db, R"(INSERT INTO "job_tables"("job", "seq", "name") VALUES (?1, ?2, ?3))");
  for (size_t i = 0; i < job.tables.size(); ++i) {
    ins_t.reset();
    ins_t.bind(1, job.name).bind(2, static_cast<int64_t>(i + 1)).bind(3, job.tables[i]).run();
  }
}

void check_name(const std::string& name) {
  if (!valid_job_name(name))
    throw CatalogError("bad job name '" + name +
                       "': use 1 to 64 letters, digits, '_', '-' and '.', not starting with '-'");
}

constexpr const char* kJobColumns =
    R"("name", "source_profile", "file", "query", "schedule", "timezone", "keep_runs", "max_retries", "created")";

// ?1..?9 in the order of kJobColumns.
Stmt& bind_job(Stmt& s, const JobSpec& job) {
  return s.bind(1, job.name).bind(2, job.source_profile).bind(3, job.file).bind(4, job.query).bind(5, job.schedule)
      .bind(6, job.timezone).bind(7, int64_t{job.keep_runs}).bind(8, int64_t{job.max_retries})
      .bind(9, format_time(job.created));
}

JobSpec read_job(sqlite3* db, const Stmt& row) {
  JobSpec j;
  j.name = row.text(0);
  j.source_profile = row.text(1);
  j.file = row.text(2);
  j.query = row.text(3);
  j.schedule = row.text(4);
  j.timezone = row.text(5);
  j.keep_runs = static_cast<int>(row.integer(6));
  j.max_retries = static_cast<int>(row.integer(7));
  j.created = row.time_or_epoch(8);
  Stmt d(db, R"(SELECT "uri" FROM "job_destinations" WHERE "job" = ?1 ORDER BY "seq")");
  d.bind(1, j.name);
  while (d.step()) j.destinations.push_back(d.text(0));
  Stmt t(db, R"(SELECT "name" FROM "job_tables" WHERE "job" = ?1 ORDER BY "seq")");
  t.bind(1, j.name);
  while (t.step()) j.tables.push_back(t.text(0));
  return j;
}

constexpr const char* kRunColumns =
    R"("id", "job", "trigger", "attempt", "started", "ended", "status", "error", "api_calls", "pid")";

RunRecord read_run(sqlite3* db, const Stmt& row) {
  RunRecord r;
  r.id = row.integer(0);
  r.job = row.text(1);
  r.trigger = row.text(2);
  r.attempt = static_cast<int>(row.integer(3));
  r.started = row.time_or_epoch(4);
  r.ended = row.time_or_epoch(5);
  r.status = row.text(6);
  r.error = row.text(7);
  r.api_calls = static_cast<long>(row.integer(8));
  r.pid = static_cast<int>(row.integer(9));
  Stmt t(db, R"(SELECT "target", "destination", "rows_read", "inserted", "updated", "deleted"
                FROM "run_tables" WHERE "run_id" = ?1 ORDER BY "seq")");
  t.bind(1, r.id);
  while (t.step())
    r.tables.push_back({t.text(0), t.text(1), t.integer(2), t.integer(3), t.integer(4), t.integer(5)});
  return r;
}

std::optional<RunRecord> one_run(sqlite3* db, const std::string& sql, const std::string& job) {
  Stmt s(db, sql.c_str());
  s.bind(1, job);
  if (!s.step()) return std::nullopt;
  return read_run(db, s);
}

}  // namespace

std::string default_home() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')  // relative: ignored (XDG spec)
    return std::string(xdg) + "/backlogsql";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/backlogsql";
}

bool valid_job_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '-') return false;
  for (unsigned char ch : name)
    if (!std::isalnum(ch) && ch != '_' && ch != '-' && ch != '.') return false;
  return true;
}

std::string job_script(const JobSpec& job) {
  if (!job.file.empty()) {
    std::ifstream in(job.file, std::ios::binary);
    if (!in) throw CatalogError("job " + job.name + ": cannot read " + job.file + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  if (!job.query.empty()) return job.query;
  std::string script;
  for (const std::string& t : job.tables) script += "REPLICATE " + t + ";\n";
  return script;
}

Catalog::Catalog(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

Catalog::Catalog(Catalog&& other) noexcept : path_(std::move(other.path_)), db_(std::exchange(other.db_, nullptr)) {}

Catalog& Catalog::operator=(Catalog&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    path_ = std::move(other.path_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Catalog::~Catalog() {
  if (db_) sqlite3_close_v2(db_);
}

Catalog Catalog::open(const std::string& path) {
  // A folder we create holds only our files: 0700.
  std::error_code ec;
  if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty()) {
    if (std::filesystem::create_directories(dir, ec)) std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    if (ec) throw CatalogError("cannot create " + dir.string() + ": " + ec.message());
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  Catalog cat(path, db);  // closes db on every exit from here
  if (rc != SQLITE_OK)
    throw CatalogError("cannot open the jobs catalog " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
  sqlite3_busy_timeout(db, 5000);
  chmod(path.c_str(), 0600);  // run errors are no secrets, but the file is nobody else's business
  // WAL persists in the file; when another process holds it busy it has set WAL already.
  sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  exec(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");

  WriteTransaction tx(db);
  exec(db, kSchema);
  Stmt v(db, R"(SELECT max("version") FROM "schema_version")");
  v.step();
  const int64_t version = v.integer(0);
  if (version > kSchemaVersion)
    throw CatalogError("the jobs catalog " + path + " has schema version " + std::to_string(version) +
                       ", newer than this backlogsql understands (" + std::to_string(kSchemaVersion) + ")");
  if (version < kSchemaVersion) {
    Stmt set(db, R"(INSERT INTO "schema_version"("version") VALUES (?1))");
    set.bind(1, int64_t{kSchemaVersion}).run();
  }
  tx.commit();
  return cat;
}

void Catalog::add(const JobSpec& job) {
  check_name(job.name);
  ConnectionLock lock(db_);
  WriteTransaction tx(db_);
  Stmt exists(db_, R"(SELECT 1 FROM "jobs" WHERE "name" = ?1)");
  exists.bind(1, job.name);
  if (exists.step()) throw CatalogError("a job named '" + job.name + "' already exists (see `backlogsql job show " + job.name + "`)");
  Stmt ins(db_, (std::string(R"(INSERT INTO "jobs"()") + kJobColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)").c_str());
  bind_job(ins, job).run();
  write_children(db_, job);
  Stmt del_state(db_, R"(DELETE FROM "job_state" WHERE "job" = ?1)");  // a leftover of a same-named job
  del_state.bind(1, job.name).run();
  bump_generation(db_);
  tx.commit();
}

void Catalog::update(const JobSpec& job) {
  ConnectionLock lock(db_);
  WriteTransaction tx(db_);
  Stmt up(db_, R"(UPDATE "jobs" SET "source_profile" = ?2, "file" = ?3, "query" = ?4, "schedule" = ?5,
                  "timezone" = ?6, "keep_runs" = ?7, "max_retries" = ?8, "created" = ?9 WHERE "name" = ?1)");
  bind_job(up, job).run();
  if (sqlite3_changes(db_) == 0) throw CatalogError("no job named '" + job.name + "' (see `backlogsql job list`)");
  write_children(db_, job);
  Stmt del_state(db_, R"(DELETE FROM "job_state" WHERE "job" = ?1)");
  del_state.bind(1, job.name).run();
  bump_generation(db_);
  tx.commit();
}

bool Catalog::remove(const std::string& name) {
  ConnectionLock lock(db_);
  WriteTransaction tx(db_);
  Stmt del(db_, R"(DELETE FROM "jobs" WHERE "name" = ?1)");
  del.bind(1, name).run();
  const bool removed = sqlite3_changes(db_) > 0;
  Stmt runs(db_, R"(DELETE FROM "runs" WHERE "job" = ?1)");
  runs.bind(1, name).run();
  Stmt state(db_, R"(DELETE FROM "job_state" WHERE "job" = ?1)");
  state.bind(1, name).run();
  if (removed) bump_generation(db_);
  tx.commit();
  return removed;
}

std::optional<JobSpec> Catalog::find(const std::string& name) const {
  ConnectionLock lock(db_);
  Stmt s(db_, (std::string("SELECT ") + kJobColumns + R"( FROM "jobs" WHERE "name" = ?1)").c_str());
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return read_job(db_, s);
}

std::vector<JobSpec> Catalog::list() const {
  ConnectionLock lock(db_);
  Stmt s(db_, (std::string("SELECT ") + kJobColumns + R"( FROM "jobs" ORDER BY "name")").c_str());
  std::vector<JobSpec> out;
  while (s.step()) out.push_back(read_job(db_, s));
  return out;
}

JobState Catalog::state(const std::string& name) const {
  ConnectionLock lock(db_);
  Stmt s(db_, R"(SELECT "next_due", "anchor", "failures", "retry_at" FROM "job_state" WHERE "job" = ?1)");
  s.bind(1, name);
  JobState st;
  if (!s.step()) return st;
  st.next_due = s.time(0);
  st.anchor = s.time(1);
  st.failures = static_cast<int>(s.integer(2));
  st.retry_at = s.time(3);
  return st;
}

void Catalog::set_state(const std::string& name, const JobState& state) {
  ConnectionLock lock(db_);
  // A job removed meanwhile keeps no state (no row appears for it).
  Stmt s(db_, R"(INSERT INTO "job_state"("job", "next_due", "anchor", "failures", "retry_at")
                 SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM "jobs" WHERE "name" = ?1)
                 ON CONFLICT("job") DO UPDATE SET "next_due" = excluded."next_due", "anchor" = excluded."anchor",
                   "failures" = excluded."failures", "retry_at" = excluded."retry_at")");
  s.bind(1, name).bind(2, state.next_due).bind(3, state.anchor).bind(4, int64_t{state.failures}).bind(5, state.retry_at);
  s.run();
}

int64_t Catalog::begin_run(const std::string& job, const std::string& trigger, int attempt, TimePoint started) {
  ConnectionLock lock(db_);
  Stmt s(db_, R"(INSERT INTO "runs"("job", "trigger", "attempt", "started", "ended", "status", "pid")
                 VALUES (?1, ?2, ?3, ?4, ?4, 'running', ?5))");
  s.bind(1, job).bind(2, trigger).bind(3, int64_t{attempt}).bind(4, format_time(started)).bind(5, int64_t{getpid()});
  s.run();
  return sqlite3_last_insert_rowid(db_);
}

void Catalog::finish_run(int64_t run_id, const RunRecord& outcome) {
  ConnectionLock lock(db_);
  WriteTransaction tx(db_);
  Stmt up(db_, R"(UPDATE "runs" SET "ended" = ?2, "status" = ?3, "error" = ?4, "api_calls" = ?5 WHERE "id" = ?1)");
  up.bind(1, run_id).bind(2, format_time(outcome.ended)).bind(3, outcome.status).bind(4, outcome.error)
      .bind(5, int64_t{outcome.api_calls});
  up.run();
  Stmt del(db_, R"(DELETE FROM "run_tables" WHERE "run_id" = ?1)");
  del.bind(1, run_id).run();
  Stmt ins(db_, R"(INSERT INTO "run_tables"("run_id", "seq", "target", "destination", "rows_read", "inserted",
                   "updated", "deleted") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))");
  for (size_t i = 0; i < outcome.tables.size(); ++i) {
    const TableCounts& t = outcome.tables[i];
    ins.reset();
    ins.bind(1, run_id).bind(2, static_cast<int64_t>(i + 1)).bind(3, t.target).bind(4, t.destination)
        .bind(5, t.rows_read).bind(6, t.inserted).bind(7, t.updated).bind(8, t.deleted);
    ins.run();
  }
  // Keep the job's newest keep_runs runs; a run still going elsewhere is never pruned.
  Stmt job(db_, R"(SELECT r."job", coalesce(j."keep_runs", 100) FROM "runs" r
                   LEFT JOIN "jobs" j ON j."name" = r."job" WHERE r."id" = ?1)");
  job.bind(1, run_id);
  if (job.step()) {
    Stmt prune(db_, R"(DELETE FROM "runs" WHERE "job" = ?1 AND "status" <> 'running' AND "id" NOT IN
                         (SELECT "id" FROM "runs" WHERE "job" = ?1 ORDER BY "id" DESC LIMIT ?2))");
    prune.bind(1, job.text(0)).bind(2, std::max<int64_t>(1, job.integer(1))).run();
  }
  tx.commit();
}

std::vector<RunRecord> Catalog::history(const std::string& job, int limit) const {
  ConnectionLock lock(db_);
  Stmt s(db_, (std::string("SELECT ") + kRunColumns + R"( FROM "runs" WHERE "job" = ?1 ORDER BY "id" DESC LIMIT ?2)").c_str());
  s.bind(1, job).bind(2, int64_t{limit});
  std::vector<RunRecord> out;
  while (s.step()) out.push_back(read_run(db_, s));
  return out;
}

std::optional<RunRecord> Catalog::last_run(const std::string& job) const {
  ConnectionLock lock(db_);
  return one_run(db_, std::string("SELECT ") + kRunColumns + R"( FROM "runs" WHERE "job" = ?1 ORDER BY "id" DESC LIMIT 1)", job);
}

std::optional<RunRecord> Catalog::last_success(const std::string& job) const {
  ConnectionLock lock(db_);
  return one_run(db_, std::string("SELECT ") + kRunColumns +
                          R"( FROM "runs" WHERE "job" = ?1 AND "status" = 'ok' ORDER BY "id" DESC LIMIT 1)", job);
}

int Catalog::reap_abandoned_runs() {
  ConnectionLock lock(db_);
  WriteTransaction tx(db_);
  Stmt s(db_, R"(SELECT "id", "pid" FROM "runs" WHERE "status" = 'running')");
  std::vector<std::pair<int64_t, int64_t>> dead;
  while (s.step()) {
    const int64_t pid = s.integer(1);
    // EPERM means the process exists (someone else's): only ESRCH proves it is gone.
    if (pid <= 0 || (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) dead.emplace_back(s.integer(0), pid);
  }
  const std::string now = format_time(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  Stmt up(db_, R"(UPDATE "runs" SET "status" = 'failed', "ended" = ?2, "error" = ?3 WHERE "id" = ?1 AND "status" = 'running')");
  for (const auto& [id, pid] : dead) {
    up.reset();
    up.bind(1, id).bind(2, now).bind(3, "interrupted (process " + std::to_string(pid) + " ended)").run();
  }
  tx.commit();
  return static_cast<int>(dead.size());
}

int64_t Catalog::generation() const {
  ConnectionLock lock(db_);
  Stmt s(db_, R"(SELECT "value" FROM "meta" WHERE "key" = 'generation')");
  return s.step() ? s.integer(0) : 0;
}

}  // namespace backlog::jobs
