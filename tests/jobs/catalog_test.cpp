// The jobs catalog (CRUD, state, history and its pruning, reaping, generation across
// processes' connections), flock(2) locks across processes, destination secrets, and
// run_job against the emulator into SQLite destinations.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "api/connection.h"
#include "jobs/catalog.h"
#include "jobs/job_runner.h"
#include "jobs/locks.h"
#include "jobs/secrets.h"
#include "sinks/sink_uri.h"
#include "support/emulator_process.h"
#include "support/temp_dir.h"
#include "test_files.h"

extern char** environ;

namespace backlog::jobs {
namespace {

using testing::EmulatorProcess;
using testing::TempDir;
using testing::slurp;
using testing::sqlite_int;
using namespace std::chrono_literals;

TimePoint at(const char* iso) { return parse_time(iso); }

api::Connection api_key_connection(const std::string& url, const std::string& key) {
  api::Connection c;
  c.url = url;
  c.api_key = key;
  return c;
}

JobSpec sample_job(const std::string& name) {
  JobSpec j;
  j.name = name;
  j.source_profile = "prod";
  j.destinations = {"sqlite:/tmp/a.db", "postgresql://etl@db.example.com/backlog"};
  j.tables = {"Issues", "IssueComments"};
  j.schedule = "every 1h";
  j.timezone = "Asia/Tokyo";
  j.keep_runs = 7;
  j.max_retries = 2;
  j.created = at("2026-01-02T03:04:05Z");
  return j;
}

// Polls `done` every 10 ms until it holds or `limit` passes.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = 10s) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(10ms))
    if (done()) return true;
  return done();
}

// --- catalog -------------------------------------------------------------------------

TEST(Catalog, AddFindListUpdateRemove) {
  TempDir dir;
  Catalog cat = Catalog::open(dir.file("sub/jobs.db"));
  cat.add(sample_job("nightly"));
  cat.add(sample_job("a-first"));

  auto found = cat.find("nightly");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source_profile, "prod");
  EXPECT_EQ(found->destinations, sample_job("x").destinations);
  EXPECT_EQ(found->tables, (std::vector<std::string>{"Issues", "IssueComments"}));
  EXPECT_EQ(found->schedule, "every 1h");
  EXPECT_EQ(found->timezone, "Asia/Tokyo");
  EXPECT_EQ(found->keep_runs, 7);
  EXPECT_EQ(found->max_retries, 2);
  EXPECT_EQ(found->created, at("2026-01-02T03:04:05Z"));
  EXPECT_FALSE(cat.find("other"));

  EXPECT_THROW(cat.add(sample_job("nightly")), CatalogError);
  EXPECT_THROW(cat.add(sample_job("-bad")), CatalogError);
  EXPECT_THROW(cat.add(sample_job("has space")), CatalogError);

  auto all = cat.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "a-first");
  EXPECT_EQ(all[1].name, "nightly");

  JobSpec edited = *found;
  edited.tables.clear();
  edited.query = "REPLICATE Issues;";
  edited.destinations = {"sqlite:/tmp/b.db"};
  cat.update(edited);
  auto after = cat.find("nightly");
  EXPECT_TRUE(after->tables.empty());
  EXPECT_EQ(after->query, "REPLICATE Issues;");
  EXPECT_EQ(after->destinations, (std::vector<std::string>{"sqlite:/tmp/b.db"}));
  EXPECT_THROW(cat.update(sample_job("missing")), CatalogError);

  int64_t run = cat.begin_run("nightly", "manual", 1, at("2026-01-03T00:00:00Z"));
  EXPECT_GT(run, 0);
  EXPECT_TRUE(cat.remove("nightly"));
  EXPECT_FALSE(cat.remove("nightly"));
  EXPECT_FALSE(cat.find("nightly"));
  EXPECT_TRUE(cat.history("nightly", 10).empty());
  EXPECT_EQ(sqlite_int(dir.file("sub/jobs.db"), "SELECT count(*) FROM job_destinations WHERE job='nightly'"), 0);
}

TEST(Catalog, StateIsKeptAndResetByUpdate) {
  TempDir dir;
  Catalog cat = Catalog::open(dir.file("jobs.db"));
  cat.add(sample_job("j"));
  EXPECT_FALSE(cat.state("j").next_due);

  JobState st;
  st.next_due = at("2026-01-02T04:00:00Z");
  st.anchor = at("2026-01-02T03:00:00Z");
  st.failures = 2;
  st.retry_at = at("2026-01-02T03:10:00Z");
  cat.set_state("j", st);
  JobState back = Catalog::open(dir.file("jobs.db")).state("j");
  EXPECT_EQ(back.next_due, st.next_due);
  EXPECT_EQ(back.anchor, st.anchor);
  EXPECT_EQ(back.failures, 2);
  EXPECT_EQ(back.retry_at, st.retry_at);

  st.retry_at.reset();
  cat.set_state("j", st);
  EXPECT_FALSE(cat.state("j").retry_at);

  cat.update(*cat.find("j"));
  EXPECT_FALSE(cat.state("j").next_due);
  EXPECT_EQ(cat.state("j").failures, 0);

  cat.set_state("gone", st);  // a removed job keeps no state
  EXPECT_FALSE(cat.state("gone").next_due);
}

TEST(Catalog, HistoryIsNewestFirstWithCountsAndPrunedToKeepRuns) {
  TempDir dir;
  Catalog cat = Catalog::open(dir.file("jobs.db"));
  JobSpec j = sample_job("j");
  j.keep_runs = 3;
  cat.add(j);
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    TimePoint start = at("2026-01-01T00:00:00Z") + std::chrono::hours(i);
    int64_t id = cat.begin_run("j", i == 4 ? "retry" : "schedule", i == 4 ? 2 : 1, start);
    auto running = cat.last_run("j");
    ASSERT_TRUE(running);
    EXPECT_EQ(running->status, "running");
    EXPECT_EQ(running->pid, getpid());
    EXPECT_EQ(running->ended, start);
    RunRecord r;
    r.status = i == 3 ? "failed" : "ok";
    r.error = i == 3 ? "Issues → sqlite:x.db: disk full" : "";
    r.ended = start + std::chrono::seconds(30 + i);
    r.api_calls = 10 + i;
    r.tables = {{"Issues", "sqlite:a.db", 100, 10 + i, 2, 1}, {"IssueComments", "sqlite:a.db", 50, 5, 0, 0}};
    cat.finish_run(id, r);
    ids.push_back(id);
  }
  auto h = cat.history("j", 10);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].id, ids[4]);
  EXPECT_EQ(h[1].id, ids[3]);
  EXPECT_EQ(h[2].id, ids[2]);
  EXPECT_EQ(h[0].trigger, "retry");
  EXPECT_EQ(h[0].attempt, 2);
  EXPECT_EQ(h[0].api_calls, 14);
  EXPECT_EQ(h[0].ended - h[0].started, std::chrono::seconds(34));
  ASSERT_EQ(h[0].tables.size(), 2u);
  EXPECT_EQ(h[0].tables[0].target, "Issues");
  EXPECT_EQ(h[0].tables[0].inserted, 14);
  EXPECT_EQ(h[0].tables[0].updated, 2);
  EXPECT_EQ(h[0].tables[0].deleted, 1);
  EXPECT_EQ(h[0].tables[1].rows_read, 50);
  EXPECT_EQ(h[1].status, "failed");
  EXPECT_EQ(h[1].error, "Issues → sqlite:x.db: disk full");
  EXPECT_EQ(cat.history("j", 1).size(), 1u);
  EXPECT_EQ(cat.last_run("j")->id, ids[4]);
  EXPECT_EQ(cat.last_success("j")->id, ids[4]);
  // The pruned runs' per-table rows went with them.
  EXPECT_EQ(sqlite_int(dir.file("jobs.db"), "SELECT count(*) FROM run_tables"), 6);
}

TEST(Catalog, ReapsRunsOfProcessesThatEnded) {
  TempDir dir;
  Catalog cat = Catalog::open(dir.file("jobs.db"));
  cat.add(sample_job("j"));
  const int64_t mine = cat.begin_run("j", "manual", 1, at("2026-01-01T00:00:00Z"));
  pid_t child = fork();
  if (child == 0) {
    Catalog c = Catalog::open(dir.file("jobs.db"));
    c.begin_run("j", "schedule", 1, at("2026-01-01T01:00:00Z"));
    _exit(0);  // no finish_run: as if killed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  EXPECT_EQ(cat.reap_abandoned_runs(), 1);
  auto h = cat.history("j", 10);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].status, "failed");
  EXPECT_EQ(h[0].error, "interrupted (process " + std::to_string(child) + " ended)");
  EXPECT_EQ(h[1].id, mine);
  EXPECT_EQ(h[1].status, "running");  // this process is alive
  EXPECT_EQ(cat.reap_abandoned_runs(), 0);
}

TEST(Catalog, GenerationChangesAcrossConnections) {
  TempDir dir;
  Catalog a = Catalog::open(dir.file("jobs.db"));
  Catalog b = Catalog::open(dir.file("jobs.db"));
  int64_t g0 = b.generation();
  a.add(sample_job("j"));
  int64_t g1 = b.generation();
  EXPECT_NE(g1, g0);
  int64_t run = a.begin_run("j", "manual", 1, at("2026-01-01T00:00:00Z"));
  RunRecord done;
  done.status = "ok";
  a.finish_run(run, done);
  JobState st;
  st.failures = 1;
  a.set_state("j", st);
  EXPECT_EQ(b.generation(), g1);  // runs and state are not definitions
  a.update(*a.find("j"));
  int64_t g2 = b.generation();
  EXPECT_NE(g2, g1);
  a.remove("j");
  EXPECT_NE(b.generation(), g2);
}

TEST(Catalog, RefusesANewerSchema) {
  TempDir dir;
  { Catalog::open(dir.file("jobs.db")); }
  sqlite3* db = nullptr;
  sqlite3_open(dir.file("jobs.db").c_str(), &db);
  sqlite3_exec(db, "INSERT INTO schema_version VALUES (99)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    Catalog::open(dir.file("jobs.db"));
    FAIL() << "opened";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
}

TEST(Catalog, JobScriptAndNames) {
  TempDir dir;
  JobSpec j = sample_job("j");
  EXPECT_EQ(job_script(j), "REPLICATE Issues;\nREPLICATE IssueComments;\n");
  j.tables.clear();
  j.query = "REPLICATE Users;";
  EXPECT_EQ(job_script(j), "REPLICATE Users;");
  j.query.clear();
  j.file = dir.file("job.sql");
  EXPECT_THROW(job_script(j), CatalogError);
  std::ofstream(j.file) << "REPLICATE Projects;\n";
  EXPECT_EQ(job_script(j), "REPLICATE Projects;\n");

  EXPECT_TRUE(valid_job_name("nightly.v2_a-b"));
  EXPECT_FALSE(valid_job_name(""));
  EXPECT_FALSE(valid_job_name("-x"));
  EXPECT_FALSE(valid_job_name("a/b"));
  EXPECT_FALSE(valid_job_name(std::string(65, 'a')));
}

// --- locks ---------------------------------------------------------------------------

TEST(FileLock, OneHolderAtATimeEvenInOneProcess) {
  TempDir dir;
  const std::string path = dir.file("locks/job-x.lock");
  FileLock first = FileLock::try_lock(path);
  ASSERT_TRUE(first.held());
  EXPECT_EQ(FileLock::holder_pid(path), getpid());
  EXPECT_FALSE(FileLock::try_lock(path).held());
  first = FileLock();
  EXPECT_TRUE(FileLock::try_lock(path).held());
}

// A forked child takes the lock and tells us through a pipe; then it ends as told.
pid_t child_holding(const std::string& path, bool wait_forever, int* go_fd) {
  int ready[2], go[2];
  if (pipe(ready) != 0 || pipe(go) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    FileLock lock = FileLock::try_lock(path);
    char c = lock.held() ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    if (wait_forever) for (;;) pause();
    (void)!read(go[0], &c, 1);
    _exit(0);  // no destructor runs: the kernel drops the lock
  }
  close(ready[1]);
  close(go[0]);
  char c = 0;
  (void)!read(ready[0], &c, 1);
  close(ready[0]);
  *go_fd = go[1];
  return c == 'y' ? pid : -pid;
}

TEST(FileLock, DiesWithItsProcessOnExitAndKill) {
  TempDir dir;
  const std::string path = dir.file("locks/job-x.lock");
  for (bool kill9 : {false, true}) {
    int go = -1;
    pid_t child = child_holding(path, kill9, &go);
    ASSERT_GT(child, 0);
    EXPECT_FALSE(FileLock::try_lock(path).held());
    EXPECT_EQ(FileLock::holder_pid(path), child);
    if (kill9) kill(child, SIGKILL);
    else (void)!write(go, "x", 1);
    close(go);
    waitpid(child, nullptr, 0);
    EXPECT_TRUE(FileLock::try_lock(path).held()) << (kill9 ? "after kill -9" : "after _exit");
  }
}

TEST(FileLock, IsNotInheritedByAProgramTheHolderStarts) {
  TempDir dir;
  const std::string path = dir.file("locks/job-x.lock");
  FileLock lock = FileLock::try_lock(path);
  ASSERT_TRUE(lock.held());
  pid_t pid = 0;
  char sleep_arg0[] = "sleep", sleep_arg1[] = "30";
  char* argv[] = {sleep_arg0, sleep_arg1, nullptr};
  ASSERT_EQ(posix_spawnp(&pid, "sleep", nullptr, nullptr, argv, environ), 0);
  lock = FileLock();
  EXPECT_TRUE(FileLock::try_lock(path).held());  // the child did not keep the descriptor
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

TEST(FileLock, WaitLockWaitsForTheHolderOrTheCancelFlag) {
  TempDir dir;
  const std::string path = dir.file("locks/source-x.lock");
  auto holder = std::make_unique<FileLock>(FileLock::try_lock(path));
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(150ms);
    cancel = true;
  });
  auto start = std::chrono::steady_clock::now();
  FileLock waited = FileLock::wait_lock(path, &cancel);
  canceller.join();
  EXPECT_FALSE(waited.held());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);

  std::thread releaser([&] {
    std::this_thread::sleep_for(150ms);
    holder.reset();
  });
  FileLock got = FileLock::wait_lock(path);
  releaser.join();
  EXPECT_TRUE(got.held());
}

// --- destination secrets -------------------------------------------------------------

TEST(DestinationSecrets, SplitAndJoinPasswords) {
  std::string error;
  struct Case { const char* given; const char* stored; const char* password; const char* joined; };
  const Case cases[] = {
      {"postgresql://etl:pw@host/db", "postgresql://etl@host/db", "pw", "postgresql://etl:pw@host/db"},
      {"mysql://app:p%40ss@127.0.0.1/replica", "mysql://app@127.0.0.1/replica", "p%40ss", "mysql://app:p%40ss@127.0.0.1/replica"},
      {"postgresql://h/db?sslmode=require&password=x1", "postgresql://h/db?sslmode=require", "x1",
       "postgresql://h/db?sslmode=require&password=x1"},
      {"postgresql://h/db?password=x1&sslmode=require", "postgresql://h/db?sslmode=require", "x1",
       "postgresql://h/db?sslmode=require&password=x1"},
      {"host=h dbname=d password='it\\'s' user=u", "host=h dbname=d user=u", "'it\\'s'",
       "host=h dbname=d user=u password='it\\'s'"},
      {"sqlite:/tmp/out.db", "sqlite:/tmp/out.db", "", "sqlite:/tmp/out.db"},
  };
  for (const Case& c : cases) {
    auto s = sinks::split_password(c.given, &error);
    ASSERT_TRUE(s) << c.given << ": " << error;
    EXPECT_EQ(s->uri, c.stored) << c.given;
    EXPECT_EQ(s->password, c.password) << c.given;
    EXPECT_EQ(sinks::join_password(s->uri, s->password), c.joined) << c.given;
  }
  EXPECT_FALSE(sinks::split_password("postgresql://u:a@h/db?password=b", &error));
  EXPECT_NE(error.find("more than one password"), std::string::npos) << error;
  EXPECT_EQ(error.find(":a@"), std::string::npos) << error;
  EXPECT_EQ(error.find("password=b"), std::string::npos) << error;
}

TEST(DestinationSecrets, KeptInConfigTomlUnderTheJobsKeys) {
  TempDir dir;
  const std::string config = dir.file("config/config.toml");
  api::Profiles profiles;
  profiles.put("prod", api_key_connection("https://x.backlog.com", "k"));
  auto stored = take_destination_passwords(
      profiles, "nightly", {"postgresql://etl:pw1@h/db", "sqlite:/tmp/a.db", "mysql://u:pw3@h/db"}, 0);
  EXPECT_EQ(stored, (std::vector<std::string>{"postgresql://etl@h/db", "sqlite:/tmp/a.db", "mysql://u@h/db"}));
  profiles.save(config);
  std::string text = slurp(config);
  EXPECT_NE(text.find("pw1"), std::string::npos);
  EXPECT_NE(text.find("pw3"), std::string::npos);

  api::Profiles back = api::Profiles::load(config);  // 0600 or refused
  ASSERT_TRUE(back.find("prod"));
  ASSERT_TRUE(back.find_secret(destination_secret_key("nightly", 1)));
  EXPECT_FALSE(back.find_secret(destination_secret_key("nightly", 2)));
  JobSpec job;
  job.name = "nightly";
  job.destinations = stored;
  EXPECT_EQ(destinations_with_passwords(back, job),
            (std::vector<std::string>{"postgresql://etl:pw1@h/db", "sqlite:/tmp/a.db", "mysql://u:pw3@h/db"}));

  // An edit with fewer destinations forgets the rest; removing forgets all.
  take_destination_passwords(back, "nightly", {"sqlite:/tmp/b.db"}, 3);
  EXPECT_FALSE(back.find_secret(destination_secret_key("nightly", 1)));
  EXPECT_FALSE(back.find_secret(destination_secret_key("nightly", 3)));
  back.put_secret(destination_secret_key("nightly.v2", 1), "other");
  forget_destination_passwords(back, "nightly", 1);
  EXPECT_TRUE(back.find_secret(destination_secret_key("nightly.v2", 1)));
}

// --- run_job against the emulator ----------------------------------------------------

constexpr const char* kApiKey = "Emu-K3y-9f8e7d6c5b4a";

// A home with a catalog, a config.toml holding profile "emu", and a job replicating
// Issues and Projects into a SQLite file.
struct RunFixture {
  EmulatorProcess& emu;
  TempDir dir;
  std::string home = dir.file("home");
  std::string config = dir.file("config/config.toml");
  std::string dest = dir.file("out/replica.db");
  std::string log = dir.file("runs.log");
  Catalog cat = Catalog::open(home + "/jobs.db");
  std::atomic<bool> cancel{false};
  FILE* log_file = nullptr;

  explicit RunFixture(EmulatorProcess& e) : emu(e) {
    api::Profiles p;
    p.put("emu", api_key_connection(emu.url(), emu.api_key()));
    p.save(config);
    mkdir(dir.file("out").c_str(), 0700);
    log_file = fopen(log.c_str(), "a");
  }
  ~RunFixture() { fclose(log_file); }

  JobSpec job(const std::string& name, std::vector<std::string> tables = {"Issues", "Projects"}) {
    JobSpec j;
    j.name = name;
    j.source_profile = "emu";
    j.destinations = {"sqlite:" + dest};
    j.tables = std::move(tables);
    j.created = at("2026-01-01T00:00:00Z");
    cat.add(j);
    return j;
  }
  JobEnvironment env(engine::Observer* observer = nullptr) {
    JobEnvironment e;
    e.home = home;
    e.config_path = config;
    e.cancel = &cancel;
    e.log = log_file;
    e.observer = observer;
    return e;
  }
};

TEST(RunJob, ReplicatesRecordsHistoryAndLogs) {
  EmulatorProcess emu({"--issues", "200", "--api-key", kApiKey});
  RunFixture f(emu);
  JobSpec job = f.job("nightly");
  RunOutcome r = run_job(f.cat, job, f.env(), {});
  ASSERT_EQ(r.status, "ok") << r.error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sqlite_int(f.dest, "SELECT count(*) FROM \"Issues\""), 200);
  EXPECT_GT(sqlite_int(f.dest, "SELECT count(*) FROM \"Projects\""), 0);

  auto h = f.cat.history("nightly", 10);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].status, "ok");
  EXPECT_EQ(h[0].trigger, "manual");
  EXPECT_EQ(h[0].error, "");
  EXPECT_GT(h[0].api_calls, 0);
  EXPECT_EQ(h[0].api_calls, static_cast<long>(emu.requests().size()));
  ASSERT_EQ(h[0].tables.size(), 2u);
  EXPECT_EQ(h[0].tables[0].target, "Issues");
  EXPECT_EQ(h[0].tables[0].inserted, 200);
  EXPECT_EQ(h[0].tables[0].destination, "sqlite:" + f.dest);
  EXPECT_EQ(h[0].tables[1].target, "Projects");

  // Again: incremental, nothing new.
  r = run_job(f.cat, job, f.env(), {.trigger = "schedule"});
  ASSERT_EQ(r.status, "ok") << r.error;
  h = f.cat.history("nightly", 10);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].trigger, "schedule");
  EXPECT_EQ(h[0].tables[0].inserted, 0);
  EXPECT_EQ(sqlite_int(f.dest, "SELECT count(*) FROM \"Issues\""), 200);

  fflush(f.log_file);
  std::string log = slurp(f.log);
  EXPECT_NE(log.find(" job nightly ok "), std::string::npos) << log;
  EXPECT_NE(log.find("Issues +200 ~0 -0"), std::string::npos) << log;
  EXPECT_NE(log.find("job nightly ok (schedule)"), std::string::npos) << log;
}

TEST(RunJob, ASecondRunOfTheSameJobIsSkipped) {
  EmulatorProcess emu({"--issues", "300", "--latency-ms", "100", "--api-key", kApiKey});
  RunFixture f(emu);
  JobSpec job = f.job("slow", {"Issues"});
  RunOutcome first;
  std::thread t([&] { first = run_job(f.cat, job, f.env(), {}); });
  ASSERT_TRUE(eventually([&] {
    auto last = f.cat.last_run("slow");
    return last && last->status == "running";
  }));
  RunOutcome second = run_job(f.cat, job, f.env(), {});
  t.join();
  EXPECT_EQ(second.status, "skipped");
  EXPECT_EQ(second.exit_code, 3);
  EXPECT_NE(second.error.find("already running (process " + std::to_string(getpid()) + ")"), std::string::npos)
      << second.error;
  EXPECT_EQ(first.status, "ok") << first.error;
  EXPECT_EQ(f.cat.history("slow", 10).size(), 1u);  // the skipped one records nothing
}

TEST(RunJob, AnUnusableDestinationOrProfileFailsTheRun) {
  EmulatorProcess emu({"--issues", "10", "--api-key", kApiKey});
  RunFixture f(emu);
  JobSpec job = f.job("bad-dest", {"Issues"});
  job.destinations = {"sqlite:/nonexistent-backlogsql-dir/sub/out.db"};
  f.cat.update(job);
  RunOutcome r = run_job(f.cat, job, f.env(), {});
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.exit_code, 2);
  auto last = f.cat.last_run("bad-dest");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, "failed");
  EXPECT_NE(last->error.find("destination sqlite:/nonexistent-backlogsql-dir/sub/out.db"), std::string::npos)
      << last->error;

  JobSpec orphan = f.job("orphan", {"Issues"});
  orphan.source_profile = "deleted-profile";
  f.cat.update(orphan);
  r = run_job(f.cat, orphan, f.env(), {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.error.find("no profile 'deleted-profile'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("backlogsql profile add"), std::string::npos) << r.error;
  EXPECT_EQ(f.cat.last_run("orphan")->status, "failed");
}

// Cancels at the first progress report: the statement stops and its table is rolled back.
struct CancelAtProgress : engine::Observer {
  std::atomic<bool>* flag;
  explicit CancelAtProgress(std::atomic<bool>* f) : flag(f) {}
  void on_progress(const engine::StatementSummary&, int64_t) override { *flag = true; }
};

TEST(RunJob, CancellingRollsBackAndRecordsCancelled) {
  EmulatorProcess emu({"--issues", "3000", "--latency-ms", "30", "--api-key", kApiKey});
  RunFixture f(emu);
  JobSpec job = f.job("cancel-me", {"Issues"});
  CancelAtProgress observer(&f.cancel);
  RunOutcome r = run_job(f.cat, job, f.env(&observer), {});
  EXPECT_EQ(r.status, "cancelled") << r.error;
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_EQ(f.cat.last_run("cancel-me")->status, "cancelled");
  // Fewer calls than a full load (30 pages): it stopped early.
  EXPECT_LT(static_cast<long>(emu.requests().size()), 30);
  // No half table: either no table or no rows.
  if (sqlite_int(f.dest, "SELECT count(*) FROM sqlite_master WHERE name = 'Issues'") > 0) {
    EXPECT_EQ(sqlite_int(f.dest, "SELECT count(*) FROM \"Issues\""), 0);
  }
}

TEST(RunJob, NoSecretInTheCatalogOrTheLog) {
  EmulatorProcess emu({"--issues", "20", "--api-key", kApiKey});
  RunFixture f(emu);
  const std::string dest_password = "Dest-Pa55-4d3c2b1a";
  JobSpec job = f.job("secretive", {"Issues"});
  api::Profiles profiles = api::Profiles::load(f.config);
  // A PostgreSQL destination nobody listens on (port 1 of the loopback): the run fails
  // at the destination, with the password in hand.
  job.destinations = take_destination_passwords(
      profiles, job.name, {"sqlite:" + f.dest, "postgresql://etl:" + dest_password + "@127.0.0.1:1/db"}, 0);
  profiles.save(f.config);
  f.cat.update(job);
  RunOutcome failed = run_job(f.cat, job, f.env(), {});
  EXPECT_EQ(failed.status, "failed");
  EXPECT_NE(failed.error.find("postgresql://etl@127.0.0.1:1/db"), std::string::npos) << failed.error;

  job.destinations.pop_back();
  f.cat.update(job);
  RunOutcome ok = run_job(f.cat, job, f.env(), {});
  EXPECT_EQ(ok.status, "ok") << ok.error;
  fflush(f.log_file);

  for (const std::string& file : {f.home + "/jobs.db", f.home + "/jobs.db-wal", f.log}) {
    std::string bytes = slurp(file);
    EXPECT_EQ(bytes.find(kApiKey), std::string::npos) << file;
    EXPECT_EQ(bytes.find(dest_password), std::string::npos) << file;
  }
  EXPECT_NE(slurp(f.config).find(dest_password), std::string::npos);
}

}  // namespace
}  // namespace backlog::jobs
