#include "shell/progress.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "api/url.h"

namespace backlog::shell {
namespace {

using namespace std::chrono_literals;

constexpr auto kQuietPeriod = 500ms;   // statements shorter than this draw nothing
constexpr auto kRedraw = 200ms;
constexpr std::string_view kIssuesPath = "/api/v2/issues";

// {"count": 1234} → 1234; -1 when the body is not that.
int64_t parse_count(const std::string& body) {
  size_t k = body.find("\"count\"");
  if (k == std::string::npos) return -1;
  k = body.find(':', k);
  if (k == std::string::npos) return -1;
  char* end = nullptr;
  long long n = std::strtoll(body.c_str() + k + 1, &end, 10);
  return end == body.c_str() + k + 1 ? -1 : n;
}

size_t terminal_columns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

std::string format_duration(double seconds) {
  long s = std::max(0L, static_cast<long>(seconds + 0.5));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled) {
  if (enabled_) ticker_ = std::thread([this] { tick_loop(); });
}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    erase_locked();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void ProgressLine::start(std::string label, std::shared_ptr<api::Client> client) {
  std::lock_guard lock(mu_);
  erase_locked();
  running_ = true;
  started_ = std::chrono::steady_clock::now();
  label_ = std::move(label);
  client_ = std::move(client);
  rows_ = 0;
  pages_ = issue_pages_ = issue_page_size_ = 0;
  issue_query_.reset();
  count_call_.reset();
  total_ = -1;
}

void ProgressLine::set_label(std::string label) {
  std::lock_guard lock(mu_);
  label_ = std::move(label);
}

void ProgressLine::set_rows(int64_t rows) {
  std::lock_guard lock(mu_);
  rows_ = rows;
}

void ProgressLine::on_call(const api::TraceEntry& call) {
  std::lock_guard lock(mu_);
  if (!running_) return;
  std::string_view target = call.target;
  std::string_view path = target.substr(0, target.find('?'));
  if (path == "/api/v2/issues/count") return;  // our own question
  ++pages_;
  // Without a table name from the engine, the line names the endpoint being read.
  if (label_.empty() || label_[0] == '/') label_ = path;
  if (path != kIssuesPath || call.status < 200 || call.status > 299) return;
  ++issue_pages_;
  if (issue_query_) return;
  // The first page's filters are the scan's: drop paging and order, keep the rest as the
  // client encoded them (names compared here are plain words, so encoding leaves them be).
  std::string query;
  size_t q = target.find('?');
  for (std::string_view rest = q == std::string_view::npos ? "" : target.substr(q + 1); !rest.empty();) {
    std::string_view pair = rest.substr(0, rest.find('&'));
    rest.remove_prefix(std::min(rest.size(), pair.size() + 1));
    const size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (name == "count") issue_page_size_ = std::atol(std::string(value).c_str());
    if (name == "count" || name == "offset" || name == "order" || name == "sort") continue;
    if (value == "***") continue;  // redacted: not ours to repeat
    if (!query.empty()) query += '&';
    query += pair;
  }
  issue_query_ = query;
}

void ProgressLine::stop() {
  std::lock_guard lock(mu_);
  running_ = false;
  erase_locked();
  count_call_.reset();  // its answer (or error) is not needed any more
  client_.reset();
}

std::string ProgressLine::text() const {
  std::lock_guard lock(mu_);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  int64_t done = std::max<int64_t>(rows_, static_cast<int64_t>(issue_pages_) * issue_page_size_);
  if (total_ >= 0) done = std::min(done, total_);
  double rate = seconds > 0 ? done / seconds : 0;
  std::string line = fmt::format("{}: {} rows", label_.empty() ? "scan" : label_, done);
  if (total_ >= 0) line += fmt::format(" of {}", total_);
  line += fmt::format(", {} pages, {:.0f} rows/s", pages_, rate);
  if (total_ >= 0 && rate > 0) line += ", ETA " + format_duration((total_ - done) / rate);
  return line;
}

void ProgressLine::tick_loop() {
  std::unique_lock lock(mu_);
  while (!closing_) {
    wake_.wait_for(lock, kRedraw);
    if (closing_ || !running_ || std::chrono::steady_clock::now() - started_ < kQuietPeriod) continue;
    ask_count_locked();
    draw_locked();
  }
}

void ProgressLine::ask_count_locked() {
  if (!client_ || !issue_query_) return;
  if (!count_call_) {
    // The query is already encoded: it goes in the path, with no params to encode again.
    count_call_ = client_->get_async(api::append_query("/api/v2/issues/count", *issue_query_), {});
    return;
  }
  if (total_ < 0 && count_call_->valid() && count_call_->wait_for(0s) == std::future_status::ready) {
    try {
      total_ = parse_count(count_call_->get().body);
    } catch (const std::exception&) {
      total_ = -1;  // no ETA then; the scan itself reports its own errors
    }
  }
}

void ProgressLine::draw_locked() {
  mu_.unlock();  // text() locks
  std::string line = text();
  mu_.lock();
  if (!running_ || closing_) return;
  size_t width = terminal_columns();
  if (line.size() >= width) line.resize(width - 1);  // a wrapped line cannot be redrawn in place
  fmt::print(stderr, "\r\033[K{}", line);
  fflush(stderr);
  shown_ = true;
}

void ProgressLine::erase_locked() {
  if (!shown_) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  shown_ = false;
}

}  // namespace backlog::shell
