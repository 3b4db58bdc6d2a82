// `backlogsql job add|list|show|edit|remove|run|history`: named jobs in the jobs catalog
// (jobs/catalog.h). `add` and `edit` check everything before they store anything — the
// profile, every destination, the tables or statements, the schedule — and move a
// destination's password into config.toml (jobs/secrets.h): the catalog never holds one.
// `run` runs the job now in the foreground, with the shell's progress line and summaries.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/connection.h"
#include "engine/options.h"
#include "grammar/statement.h"
#include "jobs/catalog.h"
#include "jobs/job_runner.h"
#include "jobs/schedule.h"
#include "jobs/secrets.h"
#include "shell/commands.h"
#include "shell/output_modes.h"
#include "shell/progress.h"
#include "shell/script_runner.h"
#include "shell/shell_state.h"
#include "shell/signals.h"
#include "sinks/sink_uri.h"
#include "vtab/resource.h"

namespace backlog::shell {

namespace {

using jobs::JobSpec;
using jobs::TimePoint;

// A refusal of the command line or of the catalog's state: printed, exit 2.
struct JobUsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

TimePoint now() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

jobs::Catalog open_catalog(const Options& o) { return jobs::Catalog::open(jobs_home(o) + "/jobs.db"); }

JobSpec find_job(const jobs::Catalog& cat, const std::string& name) {
  auto job = cat.find(name);
  if (!job) throw JobUsageError(fmt::format("no job named '{}' in {} (see `backlogsql job list`)", name, cat.path()));
  return *job;
}

// --- checking a definition ------------------------------------------------------------

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

// The closest table name, for "did you mean"; "" when nothing is close.
std::string closest_table(const std::string& name) {
  std::string best;
  size_t best_distance = std::max<size_t>(1, name.size() / 3) + 1;   // a typo or two, not another word
  for (const vtab::Resource* r : vtab::catalog())
    if (size_t d = edit_distance(name, r->table); d < best_distance) best = r->table, best_distance = d;
  return best.empty() ? "" : fmt::format(": did you mean {}?", best);
}

// The catalog's spelling of each table; an unknown one is refused with the closest name.
std::vector<std::string> checked_tables(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (std::string t : given) {
    t.erase(0, t.find_first_not_of(" \t"));
    t.erase(t.find_last_not_of(" \t") + 1);
    if (t.empty()) continue;
    if (const vtab::Resource* r = vtab::find_resource(t)) {
      out.push_back(r->table);
      continue;
    }
    throw JobUsageError(fmt::format("--tables: unknown table '{}'{} (`backlogsql --reference` lists them)", t,
                                    closest_table(t)));
  }
  if (out.empty()) throw JobUsageError("--tables: no table given");
  return out;
}

// Syntax, REPLICATE options and the Backlog table a REPLICATE reads (when it reads one
// directly): what the run would refuse, refused now. Plain SQL is SQLite's to judge.
void check_statements(const std::string& what, const std::string& text) {
  grammar::ParseResult parsed = grammar::parse_script(text);
  if (parsed.error) throw JobUsageError(fmt::format("{}: {}", what, grammar::to_string(*parsed.error)));
  if (parsed.statements.empty()) throw JobUsageError(what + ": no statements");
  for (const grammar::Statement& st : parsed.statements) {
    if (st.kind != grammar::Statement::Kind::Replicate) continue;
    std::string error;
    grammar::Location where;
    if (!engine::parse_replicate_options(st.options, &error, &where))
      throw JobUsageError(fmt::format("{}: {}", what, engine::statement_error(st, error, st.options.empty() ? nullptr : &where)));
    const std::string& source = st.source_table.empty() ? st.target : st.source_table;
    if (st.select.empty() && !vtab::find_resource(source))
      throw JobUsageError(fmt::format("{}: {}", what,
                                      engine::statement_error(st, fmt::format("unknown Backlog table '{}'{}", source,
                                                                              closest_table(source)))));
  }
}

// --file: must be readable and parse; stored as an absolute path (the scheduler runs
// elsewhere).
std::string checked_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw JobUsageError(fmt::format("--file: cannot read {}: {}", file, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  check_statements("--file " + file, text.str());
  return std::filesystem::absolute(file).lexically_normal().string();
}

void check_profile(const api::Profiles& profiles, const std::string& name, const std::string& config) {
  if (!profiles.find(name))
    throw JobUsageError(fmt::format(
        "no profile '{}' in {}: add it with `backlogsql profile add {} --url https://SPACE.backlog.com --api-key KEY` "
        "(`backlogsql profile list` shows the others)",
        name, config, name));
}

// Each --dest parsed; a SQLite one written as sqlite:ABSOLUTE-PATH (the scheduler runs
// in another folder).
std::vector<std::string> checked_destinations(const std::vector<std::string>& given) {
  if (given.empty()) throw JobUsageError("a job needs at least one --dest URI");
  std::vector<std::string> out;
  for (const std::string& uri : given) {
    std::string error;
    auto parsed = sinks::parse_destination(uri, &error);
    if (!parsed) throw JobUsageError("--dest " + error);  // the error names the destination, redacted
    if (!sinks::split_password(uri, &error)) throw JobUsageError("--dest: " + error);
    if (parsed->kind == sinks::DestinationUri::Kind::Sqlite && parsed->location != ":memory:")
      out.push_back("sqlite:" + std::filesystem::absolute(parsed->location).lexically_normal().string());
    else
      out.push_back(uri);
  }
  return out;
}

// --every / --cron (with --timezone) → the schedule; refusals name the option and position.
jobs::Schedule parse_schedule(const std::string& option, const std::string& text, const std::string& timezone) {
  try {
    jobs::Schedule s = jobs::Schedule::parse(text, timezone);
    if (option == "--every" && s.is_cron())
      throw JobUsageError("--every takes an interval such as 10m, 1h, 1d or 1mo; a cron expression goes with --cron");
    if (option == "--cron" && !s.is_cron())
      throw JobUsageError("--cron takes five fields (\"0 2 * * *\"); an interval goes with --every");
    return s;
  } catch (const jobs::ScheduleError& e) {
    throw JobUsageError(fmt::format("{}: {}", e.position() == 0 && !timezone.empty() ? "--timezone" : option, e.what()));
  }
}

// What the job runs, from --tables / --file / --query; false when none was given.
bool apply_statements(const Options& o, JobSpec& job) {
  if (!o.job_tables.empty()) {
    job.tables = checked_tables(o.job_tables);
    job.file.clear();
    job.query.clear();
  } else if (!o.job_file.empty()) {
    job.file = checked_file(o.job_file);
    job.tables.clear();
    job.query.clear();
  } else if (!o.job_query.empty()) {
    check_statements("--query", o.job_query);
    job.query = o.job_query;
    job.tables.clear();
    job.file.clear();
  } else {
    return false;
  }
  return true;
}

// The next run as `job list` shows it: the scheduler's plan if it made one, else the
// schedule counted from the job's creation.
std::optional<TimePoint> next_run(const JobSpec& job, const jobs::JobState& state, TimePoint at) {
  if (job.schedule.empty()) return std::nullopt;
  if (state.retry_at) return state.retry_at;
  if (state.next_due) return state.next_due;
  try {
    return jobs::Schedule::parse(job.schedule, job.timezone).next_after(state.anchor.value_or(job.created), at);
  } catch (const jobs::ScheduleError&) {
    return std::nullopt;
  }
}

std::string what_it_runs(const JobSpec& job) {
  if (!job.tables.empty()) return fmt::format("tables {}", fmt::join(job.tables, ", "));
  if (!job.file.empty()) return "file " + job.file;
  return "query " + engine::first_line(job.query);
}

// What `add` and `edit` stored: the definition, where the passwords went, the next run.
void print_stored(const JobSpec& job, const char* verb, const std::vector<std::string>& given_destinations,
                  const std::string& config, const jobs::Catalog& cat) {
  printf("job %s %s: %s from profile %s into %s\n", job.name.c_str(), verb, what_it_runs(job).c_str(),
         job.source_profile.c_str(), fmt::format("{}", fmt::join(job.destinations, ", ")).c_str());
  for (const std::string& given : given_destinations) {
    std::string error;
    auto split = sinks::split_password(given, &error);
    if (split && !split->password.empty())
      printf("the password of --dest %s is kept in %s (mode 0600), not in the catalog\n", split->uri.c_str(),
             config.c_str());
  }
  if (job.schedule.empty()) {
    printf("no schedule: run it with `backlogsql job run %s`\n", job.name.c_str());
    return;
  }
  jobs::Schedule s = jobs::Schedule::parse(job.schedule, job.timezone);
  auto next = next_run(job, cat.state(job.name), now());
  printf("schedule: %s (%s); next run %s\n", s.text().c_str(), s.describe().c_str(),
         next ? jobs::format_local(*next, job.timezone).c_str() : "-");
}

// --- add, edit, remove ---------------------------------------------------------------

int add(const Options& o) {
  if (!jobs::valid_job_name(o.job_name))
    throw JobUsageError(fmt::format("bad job name '{}': use 1 to 64 letters, digits, '_', '-' and '.', "
                                    "not starting with '-'", o.job_name));
  if (o.job_profile.empty()) throw JobUsageError("--source PROFILE is missing: the profile the job reads Backlog with");
  const std::string config = api::default_config_path();
  api::Profiles profiles = api::Profiles::load(config);
  check_profile(profiles, o.job_profile, config);

  JobSpec job;
  job.name = o.job_name;
  job.source_profile = o.job_profile;
  std::vector<std::string> destinations = checked_destinations(o.dests);
  if (!apply_statements(o, job))
    throw JobUsageError("say what the job runs: --tables T1,T2, --file FILE or --query \"REPLICATE …\"");
  if (!o.every.empty() || !o.cron.empty()) {
    jobs::Schedule s = o.every.empty() ? parse_schedule("--cron", o.cron, o.timezone)
                                       : parse_schedule("--every", o.every, o.timezone);
    job.schedule = s.text();
    job.timezone = s.timezone();
  } else if (!o.timezone.empty()) {
    throw JobUsageError("--timezone goes with a schedule (--every or --cron)");
  }
  job.keep_runs = o.keep_runs > 0 ? o.keep_runs : 100;
  job.max_retries = o.max_retries >= 0 ? o.max_retries : 3;
  job.created = now();

  jobs::Catalog cat = open_catalog(o);
  if (cat.find(job.name))
    throw JobUsageError(fmt::format("a job named '{}' exists: change it with `backlogsql job edit {}` or remove it first",
                                    job.name, job.name));
  // Passwords first into config.toml, then the definition: a job never points at a
  // secret that is not there.
  job.destinations = jobs::take_destination_passwords(profiles, job.name, destinations, 0);
  profiles.save(config);
  try {
    cat.add(job);
  } catch (const jobs::CatalogError&) {
    jobs::forget_destination_passwords(profiles, job.name, destinations.size());
    profiles.save(config);
    throw;
  }
  print_stored(job, "added", destinations, config, cat);
  return 0;
}

int edit(const Options& o) {
  jobs::Catalog cat = open_catalog(o);
  const JobSpec before = find_job(cat, o.job_name);
  JobSpec job = before;
  const std::string config = api::default_config_path();
  api::Profiles profiles = api::Profiles::load(config);
  bool changed = false;

  if (!o.job_profile.empty()) {
    check_profile(profiles, o.job_profile, config);
    job.source_profile = o.job_profile;
    changed = true;
  }
  std::vector<std::string> destinations;
  if (!o.dests.empty()) {
    destinations = checked_destinations(o.dests);
    changed = true;
  }
  changed |= apply_statements(o, job);
  if (o.manual_only) {
    job.schedule.clear();
    job.timezone.clear();
    changed = true;
  } else if (!o.every.empty() || !o.cron.empty() || !o.timezone.empty()) {
    const std::string timezone = o.timezone.empty() ? job.timezone : o.timezone;
    if (o.every.empty() && o.cron.empty() && job.schedule.empty())
      throw JobUsageError("--timezone goes with a schedule: give --every or --cron too");
    jobs::Schedule s = !o.every.empty() ? parse_schedule("--every", o.every, timezone)
                       : !o.cron.empty() ? parse_schedule("--cron", o.cron, timezone)
                                         : parse_schedule("--timezone", job.schedule, timezone);
    job.schedule = s.text();
    job.timezone = s.timezone();
    changed = true;
  }
  if (o.keep_runs > 0) job.keep_runs = o.keep_runs, changed = true;
  if (o.max_retries >= 0) job.max_retries = o.max_retries, changed = true;
  if (!changed)
    throw JobUsageError("nothing to change: give --source, --dest, --tables/--file/--query, --every/--cron/--manual, "
                        "--timezone, --keep or --retries");

  if (!destinations.empty()) {
    job.destinations = jobs::take_destination_passwords(profiles, job.name, destinations, before.destinations.size());
    profiles.save(config);
  }
  cat.update(job);
  print_stored(job, "updated", destinations, config, cat);
  return 0;
}

int remove(const Options& o) {
  jobs::Catalog cat = open_catalog(o);
  const JobSpec job = find_job(cat, o.job_name);
  const size_t runs = cat.history(job.name, 1000000).size();
  cat.remove(job.name);
  const std::string config = api::default_config_path();
  api::Profiles profiles = api::Profiles::load(config);
  bool had_secrets = false;
  for (size_t i = 1; i <= job.destinations.size(); ++i)
    had_secrets |= profiles.find_secret(jobs::destination_secret_key(job.name, i)) != nullptr;
  if (had_secrets) {
    jobs::forget_destination_passwords(profiles, job.name, job.destinations.size());
    profiles.save(config);
  }
  printf("job %s removed, with its %zu run%s of history%s\n", job.name.c_str(), runs, runs == 1 ? "" : "s",
         had_secrets ? " and its destination passwords" : "");
  return 0;
}

// --- list, show, history -------------------------------------------------------------

// Columns of text, each as wide as its widest cell; the last one is not padded.
void print_table(const std::vector<std::vector<std::string>>& rows, const std::string& indent = "") {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], display_width(row[i]));
    }
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - display_width(row[i]) + 2, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    puts(line.c_str());
  }
}

// "2026-12-05 18:00:03 JST" in the job's zone (seconds: runs are often short), UTC when
// the zone is no longer known.
std::string local_time(TimePoint t, const std::string& timezone) {
  try {
    return jobs::format_local(t, timezone, true);
  } catch (const jobs::ScheduleError&) {
    return jobs::format_local(t, "", true);
  }
}

// Rows written per destination: every destination receives the same rows, so one total
// when they agree ("+10 ~2 -0"), else one per destination in the job's order, "+10… / +0…"
// (a destination that failed and will catch up next run).
std::string rows_text(const jobs::RunRecord& run) {
  struct Totals {
    int64_t ins = 0, upd = 0, del = 0;
    bool operator==(const Totals&) const = default;
  };
  std::vector<std::pair<std::string, Totals>> per_dest;
  for (const auto& t : run.tables) {
    auto it = std::find_if(per_dest.begin(), per_dest.end(), [&](const auto& d) { return d.first == t.destination; });
    if (it == per_dest.end()) it = per_dest.insert(per_dest.end(), {t.destination, Totals{}});
    it->second.ins += t.inserted, it->second.upd += t.updated, it->second.del += t.deleted;
  }
  if (per_dest.empty()) per_dest.push_back({"", Totals{}});
  const bool agree = std::all_of(per_dest.begin(), per_dest.end(),
                                 [&](const auto& d) { return d.second == per_dest.front().second; });
  if (agree) per_dest.resize(1);
  std::string out;
  for (const auto& [dest, n] : per_dest)
    out += fmt::format("{}+{} ~{} -{}", out.empty() ? "" : " / ", n.ins, n.upd, n.del);
  return out;
}

void print_runs(const std::vector<jobs::RunRecord>& runs, const std::string& timezone, const std::string& indent) {
  std::vector<std::vector<std::string>> rows{{"STARTED", "ENDED", "STATUS", "TRIGGER", "CALLS", "ROWS", "ERROR"}};
  for (const jobs::RunRecord& r : runs) {
    const std::string started = local_time(r.started, timezone), ended = local_time(r.ended, timezone);
    // Same day: the end's time of day is enough.
    const std::string end = r.status == "running" ? "-" : started.substr(0, 11) == ended.substr(0, 11) ? ended.substr(11) : ended;
    rows.push_back({started, end, r.status, r.attempt > 1 ? fmt::format("{} {}", r.trigger, r.attempt) : r.trigger,
                    std::to_string(r.api_calls), rows_text(r), r.error});
  }
  print_table(rows, indent);
}

// What each statement of a run did to each destination.
void print_run_tables(const jobs::RunRecord& run, const std::string& indent) {
  for (const auto& t : run.tables)
    printf("%s%s → %s: %lld read, +%lld ~%lld -%lld\n", indent.c_str(), t.target.c_str(), t.destination.c_str(),
           static_cast<long long>(t.rows_read), static_cast<long long>(t.inserted), static_cast<long long>(t.updated),
           static_cast<long long>(t.deleted));
}

int list(const Options& o) {
  jobs::Catalog cat = open_catalog(o);
  cat.reap_abandoned_runs();
  const auto all = cat.list();
  if (all.empty()) {
    printf("no jobs in %s (add one with `backlogsql job add NAME --source PROFILE --dest URI --tables T`)\n",
           cat.path().c_str());
    return 0;
  }
  const TimePoint at = now();
  std::vector<std::vector<std::string>> rows{{"NAME", "SCHEDULE", "NEXT RUN", "LAST RUN", "STATUS"}};
  for (const JobSpec& job : all) {
    auto next = next_run(job, cat.state(job.name), at);
    auto last = cat.last_run(job.name);
    std::string schedule = job.schedule.empty() ? "manual" : job.schedule;
    if (!job.timezone.empty()) schedule += " (" + job.timezone + ")";
    rows.push_back({job.name, schedule, next ? jobs::format_local(*next, job.timezone) : "-",
                    last ? jobs::format_local(last->started, job.timezone) : "never", last ? last->status : "-"});
  }
  print_table(rows);
  return 0;
}

int show(const Options& o) {
  jobs::Catalog cat = open_catalog(o);
  cat.reap_abandoned_runs();
  const JobSpec job = find_job(cat, o.job_name);
  const std::string config = api::default_config_path();
  std::string source = "profile " + job.source_profile;
  try {
    api::Profiles profiles = api::Profiles::load(config);
    const api::Connection* c = profiles.find(job.source_profile);
    source += c ? " (" + c->url + ")" : " — not in " + config + " (`backlogsql profile add " + job.source_profile + " …`)";
  } catch (const api::ConnectionError& e) {
    source += std::string(" — ") + e.what();
  }
  api::Profiles secrets;
  try {
    secrets = api::Profiles::load(config);
  } catch (const api::ConnectionError&) {
  }

  printf("job %s\n", job.name.c_str());
  printf("  source:        %s\n", source.c_str());
  for (size_t i = 0; i < job.destinations.size(); ++i)
    printf("  %s %s%s\n", i == 0 ? "destinations: " : "              ", sinks::redact_uri(job.destinations[i]).c_str(),
           secrets.find_secret(jobs::destination_secret_key(job.name, i + 1)) ? " (password in config.toml)" : "");
  if (!job.tables.empty()) printf("  runs:          REPLICATE of %s\n", fmt::format("{}", fmt::join(job.tables, ", ")).c_str());
  else if (!job.file.empty()) printf("  runs:          the statements of %s\n", job.file.c_str());
  else printf("  runs:          %s\n", job.query.c_str());
  if (job.schedule.empty()) {
    printf("  schedule:      none (only `backlogsql job run %s`)\n", job.name.c_str());
  } else {
    try {
      jobs::Schedule s = jobs::Schedule::parse(job.schedule, job.timezone);
      printf("  schedule:      %s — %s\n", s.text().c_str(), s.describe().c_str());
      const jobs::JobState state = cat.state(job.name);
      const TimePoint anchor = state.anchor.value_or(job.created);
      std::optional<TimePoint> next = next_run(job, state, now());
      std::vector<std::string> times;
      for (int i = 0; i < 3 && next; ++i) {
        times.push_back(jobs::format_local(*next, job.timezone));
        next = s.next_after(anchor, *next);
      }
      printf("  next runs:     %s\n", fmt::format("{}", fmt::join(times, ", ")).c_str());
      if (state.failures > 0) printf("  failures:      %d in a row\n", state.failures);
    } catch (const jobs::ScheduleError& e) {
      printf("  schedule:      %s (unusable: %s)\n", job.schedule.c_str(), e.what());
    }
  }
  printf("  history:       keeps %d runs; a failed scheduled run is retried %d times\n", job.keep_runs, job.max_retries);
  printf("  created:       %s\n", local_time(job.created, job.timezone).c_str());
  const auto runs = cat.history(job.name, 5);
  if (runs.empty()) {
    printf("no runs yet\n");
    return 0;
  }
  printf("last runs:\n");
  print_runs(runs, job.timezone, "  ");
  return 0;
}

int history(const Options& o) {
  jobs::Catalog cat = open_catalog(o);
  cat.reap_abandoned_runs();
  const JobSpec job = find_job(cat, o.job_name);
  const auto runs = cat.history(job.name, std::max(1, o.history_limit));
  if (runs.empty()) {
    printf("job %s has not run yet (`backlogsql job run %s` runs it now)\n", job.name.c_str(), job.name.c_str());
    return 0;
  }
  print_runs(runs, job.timezone, "");
  if (!runs.front().tables.empty()) {
    printf("\nthe last run, per table and destination:\n");
    print_run_tables(runs.front(), "  ");
  }
  return 0;
}

// --- run -----------------------------------------------------------------------------

std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_stop_signal(int) { g_cancel.store(true); }

int run(const Options& o) {
  jobs::Catalog cat = open_catalog(o);
  const JobSpec job = find_job(cat, o.job_name);

  FILE* log = stderr;
  std::unique_ptr<FILE, decltype(&fclose)> log_file(nullptr, fclose);
  if (!o.log_file.empty()) {
    log_file.reset(fopen(o.log_file.c_str(), "a"));
    if (!log_file) throw JobUsageError(fmt::format("--log: cannot open {}: {}", o.log_file, std::strerror(errno)));
    log = log_file.get();
  }

  // The shell's own printer: rows of a SELECT on stdout, summaries on stderr, and the
  // progress line while a statement runs (on a terminal, without --quiet).
  ProgressLine progress(isatty(STDERR_FILENO) && !o.quiet);
  ShellState state;
  state.output = o.output;
  state.quiet = o.quiet;
  StatementPrinter printer(state, stdout, progress);

  jobs::JobEnvironment env;
  env.home = jobs_home(o);
  env.config_path = api::default_config_path();
  env.cancel = &g_cancel;
  env.log = log;
  env.observer = &printer;
  env.insecure = o.insecure;
  env.parallel = o.parallel;
  env.trace_file = o.trace_file;
  env.on_client = [&](const std::shared_ptr<api::Client>& client) {
    state.client = client;
    client->set_trace_tap([&progress](const api::TraceEntry& e) { progress.on_call(e); });
    progress.start("job " + job.name, client);
  };

  jobs::RunOutcome outcome;
  {
    // SIGINT and SIGTERM cancel the run (its statement rolls back); the old handlers come
    // back after it.
    ScopedSignalHandler stop({SIGINT, SIGTERM}, on_stop_signal);
    outcome = jobs::run_job(cat, job, env, jobs::RunRequest{"manual", 1});
  }
  progress.stop();
  if (state.client) state.client->set_trace_tap(nullptr);
  if (outcome.status == "skipped") {
    fprintf(stderr, "backlogsql job: %s; not started\n", outcome.error.c_str());
  } else if (!outcome.error.empty() && (log != stderr || outcome.record.id == 0)) {  // else the log line says it
    fprintf(stderr, "backlogsql job: job %s %s: %s\n", job.name.c_str(), outcome.status.c_str(), outcome.error.c_str());
  }
  return outcome.exit_code;
}

}  // namespace

std::string jobs_home(const Options& o) { return o.home.empty() ? jobs::default_home() : o.home; }

int run_job_command(const Options& o) {
  try {
    switch (o.command) {
      case Command::JobAdd: return add(o);
      case Command::JobList: return list(o);
      case Command::JobShow: return show(o);
      case Command::JobEdit: return edit(o);
      case Command::JobRemove: return remove(o);
      case Command::JobRun: return run(o);
      case Command::JobHistory: return history(o);
      default: break;
    }
    fprintf(stderr, "backlogsql job: unknown job command\n");
    return 2;
  } catch (const JobUsageError& e) {
    fprintf(stderr, "backlogsql job: %s\n", e.what());
    return 2;
  } catch (const api::ConnectionError& e) {   // config.toml unreadable or unsafe
    fprintf(stderr, "backlogsql job: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {         // the catalog, a lock file
    fprintf(stderr, "backlogsql job: %s\n", e.what());
    return 1;
  }
}

}  // namespace backlog::shell
