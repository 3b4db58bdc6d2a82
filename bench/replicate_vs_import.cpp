// Benchmark: a first load `REPLICATE Issues` into a fresh SQLite file against the two
// floors it cannot beat, measured in the same run against one backlog-emulator:
//   (a) the stock /usr/bin/sqlite3 importing the same rows: `.import --csv` of a CSV
//       written beforehand into a table of the same shape (declared types, primary key);
//   (b) the `SELECT * FROM Issues` scan through the virtual table (reading Backlog).
// REPLICATE reads like (b) and writes like (a), so the target is
// replicate / max(import, scan) <= 1.3.
//
//   build/bench_replicate_vs_import [--issues 100000] [--rounds 5] [--sqlite3 /usr/bin/sqlite3]
//                                   [--only replicate]   (time REPLICATE alone, to profile it)
//                                   [--overlap 0]        (write on the reading thread, as backlog.so)
//                                   [--memstatus 1]      (SQLite's memory statistics on; backlogsql turns them off)
// With --only replicate it also prints the CPU seconds of the reading thread and of the
// whole process: on a loaded machine they say more than the wall time.
//
// Prints each round's three times and ratio, then `ratio =` the median of the rounds.
// The emulator, the scan's threads and SQLite share this machine's cores: expect noise.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/client.h"
#include "engine/session.h"
#include "sinks/sqlite_handles.h"
#include "sinks/sqlite_sink.h"
#include "support/emulator_process.h"
#include "support/temp_dir.h"
#include "vtab/register.h"

using namespace backlog;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& what) {
  fmt::print(stderr, "bench_replicate_vs_import: {}\n", what);
  exit(1);
}

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU seconds (user + system) of this thread or of the whole process: on a loaded machine
// they say more than wall time about what the work costs.
double cpu_seconds(int who) {
  rusage u{};
  getrusage(who, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

// A source connection with the Backlog tables, talking to the emulator.
sinks::SqliteDb open_source(const std::string& url, std::shared_ptr<api::Client>* client) {
  api::ClientOptions o;
  o.base_url = url;
  o.api_key = "demo-key";
  *client = std::make_shared<api::Client>(o);
  sqlite3* raw = nullptr;
  // As backlogsql opens it: only one thread calls SQLite on the source connection.
  sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  sinks::SqliteDb db(raw);
  std::string err;
  if (vtab::register_tables(db.get(), *client, &err) != SQLITE_OK) die("register tables: " + err);
  return db;
}

bool g_overlap = true;  // --overlap: write batches on a second thread, as backlogsql does

// REPLICATE Issues into a new file, as `backlogsql --dest sqlite:<file>` does.
double replicate(const std::string& url, const std::string& file, long* rows) {
  std::shared_ptr<api::Client> client;
  sinks::SqliteDb source = open_source(url, &client);
  auto t0 = Clock::now();
  std::vector<std::unique_ptr<sinks::Sink>> dests;
  dests.push_back(sinks::SqliteSink::open(file));
  engine::SessionOptions options;
  options.overlap_writes = g_overlap;
  engine::Session session(source.get(), std::move(dests), std::move(options));
  engine::Observer quiet;
  engine::ScriptResult r = session.run_script("REPLICATE Issues;", quiet);
  double s = since(t0);
  if (!r.ok) die("REPLICATE: " + r.error);
  *rows = r.summaries.at(0).inserted;
  return s;
}

// SELECT * FROM Issues, every value read.
double scan(const std::string& url, long* rows) {
  std::shared_ptr<api::Client> client;
  sinks::SqliteDb db = open_source(url, &client);
  sinks::SqliteStmt stmt = sinks::prepare(db.get(), "SELECT * FROM Issues");
  auto t0 = Clock::now();
  size_t chars = 0;
  *rows = 0;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) chars += sqlite3_column_bytes(stmt.get(), i);
    ++*rows;
  }
  if (rc != SQLITE_DONE) die(std::string("scan: ") + sqlite3_errmsg(db.get()));
  return since(t0);
}

// RFC 4180 field: quoted when it holds a comma, quote or line break.
void put_csv_field(FILE* out, const char* text, int n) {
  bool quote = std::memchr(text, ',', n) || std::memchr(text, '"', n) || std::memchr(text, '\n', n) ||
               std::memchr(text, '\r', n);
  if (!quote) {
    fwrite(text, 1, n, out);
    return;
  }
  fputc('"', out);
  for (int i = 0; i < n; ++i) {
    if (text[i] == '"') fputc('"', out);
    fputc(text[i], out);
  }
  fputc('"', out);
}

// Writes the replicated rows as CSV (header first) and returns the table's CREATE TABLE.
std::string write_csv(const std::string& replica, const std::string& csv) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(replica.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  sinks::SqliteDb db(raw);
  sinks::SqliteStmt schema = sinks::prepare(db.get(), "SELECT sql FROM sqlite_master WHERE name = 'Issues'");
  if (sqlite3_step(schema.get()) != SQLITE_ROW) die("no Issues table in " + replica);
  std::string create = reinterpret_cast<const char*>(sqlite3_column_text(schema.get(), 0));
  FILE* out = fopen(csv.c_str(), "w");
  if (!out) die("cannot write " + csv);
  sinks::SqliteStmt rows = sinks::prepare(db.get(), "SELECT * FROM Issues");
  int n = sqlite3_column_count(rows.get());
  for (int i = 0; i < n; ++i) {
    if (i) fputc(',', out);
    const char* name = sqlite3_column_name(rows.get(), i);
    put_csv_field(out, name, static_cast<int>(strlen(name)));
  }
  fputc('\n', out);
  while (sqlite3_step(rows.get()) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i) {
      if (i) fputc(',', out);
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(rows.get(), i));
      if (text) put_csv_field(out, text, sqlite3_column_bytes(rows.get(), i));
    }
    fputc('\n', out);
  }
  fclose(out);
  return create;
}

// The stock CLI: create the same table, then time `.import` of the CSV in one process.
double cli_import(const std::string& sqlite3_cli, const std::string& file, const std::string& create,
                  const std::string& csv) {
  {
    sqlite3* raw = nullptr;
    sqlite3_open(file.c_str(), &raw);
    sinks::SqliteDb db(raw);
    sinks::exec(db.get(), create);
  }
  std::string import = ".import --csv --skip 1 '" + csv + "' Issues";
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    execl(sqlite3_cli.c_str(), sqlite3_cli.c_str(), "-bail", file.c_str(), import.c_str(), nullptr);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  double s = since(t0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die(sqlite3_cli + " .import failed");
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void remove_db(const std::string& file) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(file + suffix);
}

}  // namespace

int main(int argc, char** argv) {
  long issues = 100000;
  int rounds = 5;
  std::string cli = "/usr/bin/sqlite3";
  std::string only;
  int memstatus = 0;  // as backlogsql runs (shell/main.cpp)
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--issues")) issues = atol(argv[i + 1]);
    if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--sqlite3")) cli = argv[i + 1];
    if (!strcmp(argv[i], "--only")) only = argv[i + 1];
    if (!strcmp(argv[i], "--overlap")) g_overlap = atoi(argv[i + 1]) != 0;
    if (!strcmp(argv[i], "--memstatus")) memstatus = atoi(argv[i + 1]);
  }
  // Off: no global statistics mutex around every SQLite allocation (as backlogsql).
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, memstatus);
  testing::EmulatorProcess emu({"--issues", std::to_string(issues), "--projects", "10"});
  testing::TempDir dir;
  std::string replica = dir.file("replica.db"), imported = dir.file("imported.db"), csv = dir.file("issues.csv");

  long rows = 0;
  if (only == "replicate") {
    for (int r = 0; r < rounds; ++r) {
      remove_db(replica);
      double thread0 = cpu_seconds(RUSAGE_THREAD), process0 = cpu_seconds(RUSAGE_SELF);
      double wall = replicate(emu.url(), replica, &rows);
      fmt::print("replicate {:.3f} s  CPU: reading thread {:.3f} s, whole process {:.3f} s\n", wall,
                 cpu_seconds(RUSAGE_THREAD) - thread0, cpu_seconds(RUSAGE_SELF) - process0);
    }
    return 0;
  }
  // Beforehand (untimed): one REPLICATE gives the rows and the table's shape for the CSV.
  replicate(emu.url(), replica, &rows);
  std::string create = write_csv(replica, csv);
  fmt::print("issues={} rows={} csv={} MB file={} MB rounds={} overlap={}\n", issues, rows,
             std::filesystem::file_size(csv) >> 20, std::filesystem::file_size(replica) >> 20, rounds,
             g_overlap ? 1 : 0);

  std::vector<double> rep_s, imp_s, scan_s, ratios;
  for (int r = 0; r < rounds; ++r) {
    remove_db(replica);
    remove_db(imported);
    long n = 0, scanned = 0;
    // Alternate the order so a slow drift of the machine hits every side.
    double rep = 0, imp = 0, sc = 0;
    if (r % 2 == 0) {
      rep = replicate(emu.url(), replica, &n);
      imp = cli_import(cli, imported, create, csv);
      sc = scan(emu.url(), &scanned);
    } else {
      sc = scan(emu.url(), &scanned);
      imp = cli_import(cli, imported, create, csv);
      rep = replicate(emu.url(), replica, &n);
    }
    if (n != rows || scanned != rows) die(fmt::format("round {}: {} rows replicated, {} scanned", r, n, scanned));
    rep_s.push_back(rep);
    imp_s.push_back(imp);
    scan_s.push_back(sc);
    ratios.push_back(rep / std::max(imp, sc));
    fmt::print("round {}: replicate {:.3f} s  sqlite3 .import {:.3f} s  SELECT * {:.3f} s  ratio {:.3f}\n", r + 1,
               rep, imp, sc, ratios.back());
  }
  fmt::print("median: replicate {:.3f} s  sqlite3 .import {:.3f} s  SELECT * {:.3f} s\n", median(rep_s),
             median(imp_s), median(scan_s));
  fmt::print("ratio = replicate / max(import, scan) = {:.3f} (median of the rounds) (target <= 1.30)\n",
             median(ratios));
  return 0;
}
