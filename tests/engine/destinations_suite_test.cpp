// The REPLICATE suite, run against every destination kind: SQLite, PostgreSQL and MariaDB
// (INSTANTIATE_TEST_SUITE_P below; every test gets a fresh file or database from its
// DestinationKind). Backlog is a backlog-emulator changed through its write API; after
// every run each destination table is compared with the source row by row, column by
// column (support/emulator_source.h: the sink's own lookup() and count_rows()).
//
// What is covered on every engine: the three seed statements, incremental add/edit/delete,
// CHECKCACHE of a fresh replica (JSON columns included), a `kill -9` of the backlogsql
// program in the middle of a REPLICATE and a rerun, a new source column, Japanese text and
// emoji, NULLs, long descriptions, JSON columns read with the engine's JSON functions.
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include <fstream>

#include "destination_probe.h"
#include "support/emulator_source.h"

namespace backlog::testing {
namespace {

// The three seed statements, with schema `prod` standing for PROD (see
// DestinationProbe::schema: unique per test where schemas are shared by the run).
std::string seed_script(const std::string& prod) {
  return "REPLICATE Issues;\nREPLICATE PROD_Issues SELECT * FROM Issues;\nREPLICATE " + prod +
         ".Issues SELECT * FROM Issues;";
}
std::vector<sinks::TableName> seed_targets(const std::string& prod) {
  return {{"", "Issues"}, {"", "PROD_Issues"}, {prod, "Issues"}};
}

class DestinationsSuite : public ::testing::TestWithParam<DestinationKind> {
 protected:
  std::unique_ptr<DestinationProbe> dest = GetParam().make();

  engine::ScriptResult run(EmulatorSource& src, const std::string& script) {
    return replicate(src, dest->open(), script);
  }
  int64_t expect_same(EmulatorSource& src, const sinks::TableName& target, const std::string& select) {
    auto sink = dest->open();
    return expect_same_as_source(src, *sink, target, select);
  }
  static std::string source_scalar(EmulatorSource& src, const std::string& sql) {
    sinks::SqliteStmt s = sinks::prepare(src.get(), sql);
    if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_type(s.get(), 0) == SQLITE_NULL) return "";
    return reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
  }
  static void expect_ok(const httplib::Result& r, int status) {
    ASSERT_TRUE(r) << "no answer from the emulator";
    EXPECT_EQ(r->status, status) << r->body;
  }
};

TEST_P(DestinationsSuite, SeedStatementsThenIncrementalAddEditDeleteThenCheckCache) {
  EmulatorProcess emu({"--issues", "40", "--projects", "2", "--comments-per-issue", "1"});
  EmulatorSource src(emu);
  const std::string prod = dest->schema("PROD");
  const std::string script = seed_script(prod);
  auto first = run(src, script);
  ASSERT_TRUE(first.ok) << first.error;
  ASSERT_EQ(first.summaries.size(), 3u);
  for (const auto& s : first.summaries) {
    EXPECT_EQ(s.mode, "full load") << s.target;
    EXPECT_EQ(s.inserted, 40) << s.target;
  }
  for (const auto& t : seed_targets(prod)) EXPECT_EQ(expect_same(src, t, "SELECT * FROM Issues"), 40) << t.display();

  expect_ok(emulator_send(emu, "PATCH", "/issues/5", {{"summary", "edited through the API"}}), 200);
  expect_ok(emulator_send(emu, "DELETE", "/issues/9"), 200);
  expect_ok(emulator_send(emu, "POST", "/issues", {{"projectId", "1"}, {"summary", "brand new"},
                                                   {"issueTypeId", "1"}, {"priorityId", "3"}}), 201);
  emu.clear_log();
  auto second = run(src, script);
  ASSERT_TRUE(second.ok) << second.error;
  ASSERT_EQ(second.summaries.size(), 3u);
  for (const auto& s : second.summaries) {
    EXPECT_EQ(s.mode, "incremental (cursor)") << s.target;
    EXPECT_EQ(s.inserted, 1) << s.target;
    EXPECT_GE(s.updated, 1) << s.target;
    EXPECT_EQ(s.deleted, 1) << s.target;
  }
  bool since = false;
  for (const auto& c : emu.requests()) since = since || c.query.find("updatedSince=") != std::string::npos;
  EXPECT_TRUE(since) << "the incremental run did not ask for changed issues only";
  for (const auto& t : seed_targets(prod)) EXPECT_EQ(expect_same(src, t, "SELECT * FROM Issues"), 40) << t.display();
  EXPECT_EQ(dest->scalar("SELECT " + dest->quote("Summary") + " FROM " + dest->table({prod, "Issues"}) +
                         " WHERE " + dest->quote("Id") + " = 5"),
            "edited through the API");

  // A fresh replica is exact: nothing missing, stale (JSON columns included) or extra.
  auto check = run(src, "CHECKCACHE Issues;\nCHECKCACHE PROD_Issues AGAINST Issues;\nCHECKCACHE " + prod +
                            ".Issues AGAINST Issues;");
  ASSERT_TRUE(check.ok) << check.error;
  ASSERT_EQ(check.summaries.size(), 3u);
  for (const auto& c : check.summaries) {
    EXPECT_EQ(c.rows_read, 40) << c.target;
    EXPECT_EQ(c.missing, 0) << c.target;
    EXPECT_EQ(c.stale, 0) << c.target;
    EXPECT_EQ(c.extra, 0) << c.target;
  }
}

// Japanese text and emoji, NULLs and long descriptions, written both by a first load (edits
// made before it) and by an incremental run (edits made after it).
TEST_P(DestinationsSuite, JapaneseEmojiNullsAndLongTextsRoundTrip) {
  EmulatorProcess emu({"--issues", "30", "--projects", "1", "--comments-per-issue", "0"});
  EmulatorSource src(emu);
  // As long as the emulator takes: cpp-httplib caps a form body at 8 KB (encoded).
  std::string long_text;
  for (int line = 0;; ++line) {
    std::string next = long_text + "Line " + std::to_string(line) + " of a long description: 説明 🍣 'q' \"d\" \\ tab\t.\n";
    if (httplib::detail::params_to_query_str({{"description", next}}).size() > 8000) break;
    long_text = std::move(next);
  }
  ASSERT_GT(long_text.size(), 3000u);
  auto edit = [&](int first_id) {
    const std::string id = std::to_string(first_id);
    expect_ok(emulator_send(emu, "PATCH", "/issues/" + id, {{"summary", "日本語の件名 🎉 #" + id}}), 200);
    expect_ok(emulator_send(emu, "PATCH", "/issues/" + std::to_string(first_id + 1),
                            {{"dueDate", ""}, {"startDate", ""}, {"assigneeId", ""}, {"estimatedHours", ""},
                             {"description", ""}}),
              200);
    expect_ok(emulator_send(emu, "PATCH", "/issues/" + std::to_string(first_id + 2), {{"description", long_text}}), 200);
  };
  edit(5);
  auto first = run(src, "REPLICATE Issues;");
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(expect_same(src, {"", "Issues"}, "SELECT * FROM Issues"), 30);
  edit(15);
  auto second = run(src, "REPLICATE Issues;");
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.summaries[0].mode, "incremental (cursor)");
  EXPECT_EQ(second.summaries[0].updated, 3);
  EXPECT_EQ(expect_same(src, {"", "Issues"}, "SELECT * FROM Issues"), 30);

  auto q = [&](const std::string& column, int id) {
    return dest->scalar("SELECT " + dest->quote(column) + " FROM " + dest->table({"", "Issues"}) + " WHERE " +
                        dest->quote("Id") + " = " + std::to_string(id));
  };
  for (int id : {5, 15}) {
    EXPECT_EQ(q("Summary", id), "日本語の件名 🎉 #" + std::to_string(id));
    EXPECT_EQ(q("Description", id + 2), long_text);
    EXPECT_EQ(q("DueDate", id + 1), "");  // NULL
    auto sink = dest->open();
    auto row = sink->lookup({"", "Issues"}, {"Id"}, std::vector<sinks::Value>{int64_t{id + 1}},
                            {"DueDate", "StartDate", "AssigneeId", "EstimatedHours"});
    ASSERT_TRUE(row);
    for (const auto& v : *row) EXPECT_TRUE(sinks::is_null(v)) << sinks::to_display(v);
  }
  EXPECT_EQ(dest->scalar("SELECT count(*) FROM " + dest->table({"", "Issues"}) + " WHERE " + dest->quote("DueDate") +
                         " IS NULL"),
            source_scalar(src, "SELECT count(*) FROM Issues WHERE DueDate IS NULL"));
}

// JSON columns hold JSON the engine's own functions can read, equal to what Backlog sent;
// a custom field edited to Japanese text with emoji reads back through them too.
TEST_P(DestinationsSuite, JsonColumnsQueryableWithTheEnginesJsonFunctions) {
  EmulatorProcess emu({"--issues", "30", "--projects", "1", "--comments-per-issue", "0"});
  EmulatorSource src(emu);
  // A text custom field (type 1) of the project, set on issue 7.
  std::string field = source_scalar(src, "SELECT j.value ->> 'id' FROM Issues, json_each(Issues.CustomFields) j "
                                         "WHERE Issues.Id = 7 AND j.value ->> 'fieldTypeId' = 1 LIMIT 1");
  ASSERT_FALSE(field.empty()) << "the emulator's project has no text custom field";
  expect_ok(emulator_send(emu, "PATCH", "/issues/7", {{"customField_" + field, "カスタム値 😀"}}), 200);
  auto first = run(src, "REPLICATE Issues;");
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(expect_same(src, {"", "Issues"}, "SELECT * FROM Issues"), 30);

  const std::string issues = dest->table({"", "Issues"});
  const std::string id = dest->quote("Id");
  for (int row : {1, 7, 20}) {
    const std::string where = " WHERE " + id + " = " + std::to_string(row);
    for (const char* key : {"name", "id", "fieldTypeId"})
      EXPECT_EQ(dest->scalar("SELECT " + dest->json_member("CustomFields", 0, key) + " FROM " + issues + where),
                source_scalar(src, std::string("SELECT json_extract(CustomFields, '$[0].") + key +
                                       "') FROM Issues WHERE Id = " + std::to_string(row)))
          << "issue " << row << " CustomFields[0]." << key;
  }
  // The edited value, found by the engine's JSON functions on every element.
  int elements = std::stoi(source_scalar(src, "SELECT json_array_length(CustomFields) FROM Issues WHERE Id = 7"));
  bool found = false;
  for (int i = 0; i < elements; ++i)
    found = found || dest->scalar("SELECT " + dest->json_member("CustomFields", i, "value") + " FROM " + issues +
                                  " WHERE " + id + " = 7") == "カスタム値 😀";
  EXPECT_TRUE(found) << "CustomFields of issue 7 lost the edited value";
  for (const char* column : {"CustomFields", "Categories", "Stars"})
    EXPECT_EQ(dest->scalar("SELECT sum(" + dest->json_length(column) + ") FROM " + issues),
              source_scalar(src, std::string("SELECT sum(json_array_length(") + column + ")) FROM Issues"))
        << column;
  // CHECKCACHE compares JSON by value (PostgreSQL's jsonb reorders keys): nothing stale.
  auto check = run(src, "CHECKCACHE Issues;");
  ASSERT_TRUE(check.ok) << check.error;
  EXPECT_EQ(check.summaries[0].stale, 0);
  EXPECT_EQ(check.summaries[0].missing + check.summaries[0].extra, 0);
}

// A second run whose SELECT has one more column: the target gains it and is reloaded.
TEST_P(DestinationsSuite, NewSourceColumnIsAddedToTheTarget) {
  EmulatorProcess emu({"--issues", "25", "--projects", "1", "--comments-per-issue", "0"});
  EmulatorSource src(emu);
  const std::string narrow = "SELECT Id, Summary, Updated FROM Issues";
  const std::string wide = "SELECT Id, Summary, Updated, Description, CustomFields FROM Issues";
  auto first = run(src, "REPLICATE Narrow " + narrow + ";");
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_EQ(expect_same(src, {"", "Narrow"}, narrow), 25);
  auto shape = dest->open()->describe_table({"", "Narrow"});
  ASSERT_TRUE(shape);
  EXPECT_EQ(shape->columns.size(), 3u);

  expect_ok(emulator_send(emu, "PATCH", "/issues/3", {{"description", "説明が変わりました ✨"}}), 200);
  auto second = run(src, "REPLICATE Narrow " + wide + ";");
  ASSERT_TRUE(second.ok) << second.error;
  shape = dest->open()->describe_table({"", "Narrow"});
  ASSERT_TRUE(shape);
  std::vector<std::string> names;
  for (const auto& c : shape->columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Id", "Summary", "Updated", "Description", "CustomFields"}));
  EXPECT_EQ(shape->columns[4].type, "JSON");
  EXPECT_EQ(expect_same(src, {"", "Narrow"}, wide), 25);

  // Later runs of the wide SELECT are incremental again.
  expect_ok(emulator_send(emu, "PATCH", "/issues/4", {{"description", "もう一度"}}), 200);
  auto third = run(src, "REPLICATE Narrow " + wide + ";");
  ASSERT_TRUE(third.ok) << third.error;
  EXPECT_EQ(third.summaries[0].mode, "incremental (cursor)");
  EXPECT_EQ(third.summaries[0].updated, 1);
  EXPECT_EQ(expect_same(src, {"", "Narrow"}, wide), 25);
}

// --- kill -9 of the backlogsql program in the middle of a REPLICATE ---

// Runs build/backlogsql on `script` into the destination; returns its pid. Output goes
// to files in `dir` (ctest waits on inherited pipes).
pid_t start_backlogsql(const EmulatorProcess& emu, const std::string& dest_uri, const std::string& script,
                       const TempDir& dir) {
  const std::string binary = std::string(BACKLOGSQL_BINARY_DIR) + "/backlogsql";
  std::vector<std::string> args{binary, "--url", emu.url(), "--api-key", emu.api_key(), "--dest", dest_uri,
                                "--quiet", "-c", script};
  pid_t pid = fork();
  if (pid != 0) return pid;
  setenv("HOME", dir.path().c_str(), 1);  // no profile or history of the real user
  unsetenv("XDG_CONFIG_HOME");
  int out = open(dir.file("out.txt").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int err = open(dir.file("err.txt").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  dup2(out, 1);
  dup2(err, 2);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

// Starts backlogsql on `script`, waits until it asked for `pages` issue pages (so at least
// one batch of rows is in the destination's open transaction) and kills it with SIGKILL.
// Fails the test when the program ended by itself first.
void kill_mid_run(EmulatorProcess& emu, const std::string& dest_uri, const std::string& script, size_t pages) {
  TempDir dir;
  emu.clear_log();
  pid_t pid = start_backlogsql(emu, dest_uri, script, dir);
  ASSERT_GT(pid, 0);
  int status = 0;
  bool exited = false;
  for (;;) {
    size_t asked = 0;
    for (const auto& r : emu.requests()) asked += r.path == "/api/v2/issues";
    if (asked >= pages) break;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "backlogsql ended before the kill (status " << status << "): the emulator must be slower";
}

TEST_P(DestinationsSuite, KillDashNineMidReplicateThenRerunEqualsTheSource) {
  // 3000 issues at 30 ms per answer: a full read is ~30 pages, about a second; the kill
  // comes after 12 pages, when 1000 rows went to the destination's open transaction.
  EmulatorProcess emu({"--issues", "3000", "--projects", "2", "--comments-per-issue", "0", "--latency-ms", "30"});
  EmulatorSource src(emu);
  auto first = run(src, "REPLICATE Issues;");
  ASSERT_TRUE(first.ok) << first.error;
  const std::string count_issues = "SELECT count(*) FROM " + dest->table({"", "Issues"});
  ASSERT_EQ(dest->scalar(count_issues), "3000");

  // The source moves on: one edit, two deletions, one new issue (3000 → 2999).
  expect_ok(emulator_send(emu, "PATCH", "/issues/5", {{"summary", "edited before the crash"}}), 200);
  expect_ok(emulator_send(emu, "DELETE", "/issues/9"), 200);
  expect_ok(emulator_send(emu, "DELETE", "/issues/10"), 200);
  expect_ok(emulator_send(emu, "POST", "/issues", {{"projectId", "1"}, {"summary", "brand new"},
                                                   {"issueTypeId", "1"}, {"priorityId", "3"}}), 201);

  // A full reload (TruncateTable) killed mid-run: the table holds the old rows or the
  // new ones, never a part of either.
  kill_mid_run(emu, dest->uri(), "REPLICATE Issues WITH TruncateTable=true;", 12);
  const std::string after_kill = dest->scalar(count_issues);
  EXPECT_TRUE(after_kill == "3000" || after_kill == "2999") << after_kill << " rows after the kill";
  const std::string summary5 = dest->scalar("SELECT " + dest->quote("Summary") + " FROM " +
                                            dest->table({"", "Issues"}) + " WHERE " + dest->quote("Id") + " = 5");
  EXPECT_EQ(after_kill == "3000", summary5 != "edited before the crash") << "old count with new rows, or the reverse";

  // A first load killed mid-run: no rows at all (the table may exist, empty, where DDL
  // commits by itself).
  kill_mid_run(emu, dest->uri(), "REPLICATE PROD_Issues SELECT * FROM Issues;", 12);
  if (dest->has_table({"", "PROD_Issues"})) {
    EXPECT_EQ(dest->scalar("SELECT count(*) FROM " + dest->table({"", "PROD_Issues"})), "0");
  }

  // The rerun, to its end, makes both equal to the source.
  TempDir dir;
  pid_t pid = start_backlogsql(emu, dest->uri(), "REPLICATE Issues;\nREPLICATE PROD_Issues SELECT * FROM Issues;", dir);
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream err_file(dir.file("err.txt"));
  const std::string rerun_err((std::istreambuf_iterator<char>(err_file)), {});
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "backlogsql rerun status " << status << ": "
                                                              << rerun_err;
  EXPECT_EQ(expect_same(src, {"", "Issues"}, "SELECT * FROM Issues"), 2999);
  EXPECT_EQ(expect_same(src, {"", "PROD_Issues"}, "SELECT * FROM Issues"), 2999);
}

INSTANTIATE_TEST_SUITE_P(Destinations, DestinationsSuite,
                         ::testing::Values(sqlite_destinations(), postgres_destinations(), mariadb_destinations()),
                         [](const ::testing::TestParamInfo<DestinationKind>& info) { return info.param.name; });

}  // namespace
}  // namespace backlog::testing
