// What `scheduler --listen` serves (status_server.h): /healthz, /metrics and the status page.
//
// Both texts are built per request from the scheduler's counters and a catalog connection of
// their own (the server thread never shares the scheduler's SQLite handle). Nothing here
// can hold a secret: the catalog stores none, and destinations are redacted once more.
#include "jobs/status_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <set>
#include <stdexcept>
#include <thread>

#include "jobs/schedule.h"
#include "sinks/sink_uri.h"

namespace backlog::jobs {

namespace {

// A label value in the Prometheus text format: backslash, double quote and newline escaped.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string html(std::string_view v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

long long seconds_of(TimePoint t) { return t.time_since_epoch().count(); }

struct JobView {
  JobSpec spec;
  JobState state;
  std::optional<RunRecord> last_success;
};

std::vector<JobView> read_jobs(const Catalog& catalog) {
  std::vector<JobView> out;
  for (JobSpec& j : catalog.list()) {
    JobView v{std::move(j), {}, {}};
    v.state = catalog.state(v.spec.name);
    v.last_success = catalog.last_success(v.spec.name);
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<TimePoint> next_run(const JobView& v) {
  if (v.spec.schedule.empty()) return std::nullopt;
  if (v.state.retry_at) return v.state.retry_at;
  if (v.state.next_due) return v.state.next_due;
  // Not yet seen by a tick (new, edited, or the scheduler just started): the slot the
  // scheduler will give it, as `job list` shows it.
  try {
    const TimePoint now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return Schedule::parse(v.spec.schedule, v.spec.timezone).next_after(v.state.anchor.value_or(v.spec.created), now);
  } catch (const ScheduleError&) {
    return std::nullopt;
  }
}

// One metric family: HELP and TYPE, then its samples.
void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string metrics_text(Scheduler& scheduler) {
  const Catalog catalog = Catalog::open(scheduler.catalog().path());
  const std::vector<JobView> jobs = read_jobs(catalog);
  const SchedulerStats stats = scheduler.stats();
  std::string out;

  family(out, "backlogsql_scheduler_up", "gauge", "1 while the scheduler is running.");
  out += "backlogsql_scheduler_up 1\n";
  family(out, "backlogsql_scheduler_start_time_seconds", "gauge", "When the scheduler started (Unix time).");
  out += fmt::format("backlogsql_scheduler_start_time_seconds {}\n", seconds_of(stats.started));

  family(out, "backlogsql_job_runs_total", "counter", "Runs made by this scheduler, by job and status.");
  for (const JobView& v : jobs) {  // every job shows up, with 0 before its first run
    std::set<std::string> statuses = {"ok", "failed"};
    for (const auto& [key, n] : stats.runs)
      if (key.first == v.spec.name) statuses.insert(key.second);
    for (const std::string& s : statuses) {
      auto it = stats.runs.find({v.spec.name, s});
      out += fmt::format("backlogsql_job_runs_total{{job=\"{}\",status=\"{}\"}} {}\n", label(v.spec.name), label(s),
                         it == stats.runs.end() ? 0 : it->second);
    }
  }
  auto per_job = [&](const char* name, const char* help, const std::map<std::string, long>& values) {
    family(out, name, "counter", help);
    for (const JobView& v : jobs) {
      auto it = values.find(v.spec.name);
      out += fmt::format("{}{{job=\"{}\"}} {}\n", name, label(v.spec.name), it == values.end() ? 0 : it->second);
    }
  };
  per_job("backlogsql_job_rows_written_total", "Rows inserted, updated or deleted in destinations.",
          stats.rows_written);
  per_job("backlogsql_job_api_calls_total", "Backlog API calls made by the job's runs.", stats.api_calls);

  family(out, "backlogsql_job_last_success_timestamp_seconds", "gauge",
         "When the job's last successful run ended (Unix time).");
  for (const JobView& v : jobs)
    if (v.last_success)
      out += fmt::format("backlogsql_job_last_success_timestamp_seconds{{job=\"{}\"}} {}\n", label(v.spec.name),
                         seconds_of(v.last_success->ended));
  family(out, "backlogsql_job_next_run_timestamp_seconds", "gauge",
         "When the job runs next, a retry included (Unix time).");
  for (const JobView& v : jobs)
    if (std::optional<TimePoint> t = next_run(v))
      out += fmt::format("backlogsql_job_next_run_timestamp_seconds{{job=\"{}\"}} {}\n", label(v.spec.name),
                         seconds_of(*t));
  return out;
}

std::string status_html(Scheduler& scheduler) {
  const Catalog catalog = Catalog::open(scheduler.catalog().path());
  const std::vector<JobView> jobs = read_jobs(catalog);
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>backlogsql scheduler</title>\n"
      "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}.failed{color:#b00}</style>"
      "</head><body>\n<h1>backlogsql scheduler</h1>\n";
  out += fmt::format("<p>Started {}. {} jobs.</p>\n", html(format_time(scheduler.stats().started)), jobs.size());

  out += "<h2>Jobs</h2>\n<table><tr><th>Job</th><th>Source</th><th>Destinations</th><th>Schedule</th>"
         "<th>Next run</th><th>Last success</th></tr>\n";
  for (const JobView& v : jobs) {
    std::string schedule = "manual only", dests;
    if (!v.spec.schedule.empty()) {
      try {
        schedule = Schedule::parse(v.spec.schedule, v.spec.timezone).describe();
      } catch (const ScheduleError& e) {
        schedule = v.spec.schedule + " (invalid: " + e.what() + ")";
      }
    }
    for (const std::string& d : v.spec.destinations) dests += (dests.empty() ? "" : ", ") + sinks::redact_uri(d);
    std::optional<TimePoint> next = next_run(v);
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>\n",
                       html(v.spec.name), html(v.spec.source_profile), html(dests), html(schedule),
                       next ? html(format_time(*next)) : "-",
                       v.state.retry_at ? html(fmt::format(" (retry {})", v.state.failures)) : "",
                       v.last_success ? html(format_time(v.last_success->ended)) : "-");
  }
  out += "</table>\n";

  out += "<h2>Last runs</h2>\n<table><tr><th>Job</th><th>Started</th><th>Seconds</th><th>Trigger</th>"
         "<th>Attempt</th><th>Status</th><th>API calls</th><th>Error</th></tr>\n";
  for (const JobView& v : jobs) {
    for (const RunRecord& r : catalog.history(v.spec.name, 5)) {
      out += fmt::format(
          "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
          "<td>{}</td></tr>\n",
          html(r.status), html(r.job), html(format_time(r.started)), (r.ended - r.started).count(), html(r.trigger),
          r.attempt, html(r.status), r.api_calls, html(r.error));
    }
  }
  out += "</table>\n</body></html>\n";
  return out;
}

struct StatusServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

namespace {

// "127.0.0.1:9464", "[::1]:9464", ":9464" (all interfaces is the caller's explicit choice).
std::pair<std::string, int> split_listen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen " + listen + ": expected HOST:PORT");
  std::string host = listen.substr(0, colon), port = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int p = -1;
  try {
    size_t used = 0;
    p = std::stoi(port, &used);
    if (used != port.size()) p = -1;
  } catch (const std::exception&) {
  }
  if (p < 0 || p > 65535) throw std::runtime_error("--listen " + listen + ": the port must be 0..65535");
  return {host, p};
}

}  // namespace

StatusServer::StatusServer(Scheduler& scheduler, const std::string& listen) : impl_(std::make_unique<Impl>()) {
  auto [host, port] = split_listen(listen);
  httplib::Server& s = impl_->server;
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  s.Get("/metrics", [&scheduler](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_text(scheduler), "text/plain; version=0.0.4; charset=utf-8");
  });
  s.Get("/", [&scheduler](const httplib::Request&, httplib::Response& res) {
    res.set_content(status_html(scheduler), "text/html; charset=utf-8");
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    res.status = 500;
    res.set_content(what + "\n", "text/plain");
  });
  if (port == 0) {
    impl_->port = s.bind_to_any_port(host);
  } else {
    impl_->port = s.bind_to_port(host, port) ? port : -1;
  }
  if (impl_->port <= 0) throw std::runtime_error("cannot listen on " + listen);
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

StatusServer::~StatusServer() {
  // stop() does nothing until listen_after_bind() has started: give the thread that moment.
  for (int i = 0; i < 2000 && !impl_->server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int StatusServer::port() const { return impl_->port; }

}  // namespace backlog::jobs
