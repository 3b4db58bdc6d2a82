// Benchmark: a full scan of Issues through the virtual table against the physical floor
// for serial requests — fetching the same pages with libcurl one after another (keep-alive,
// no parsing). Both run in this process against one backlog-emulator, in the same run, so
// the printed ratio is meaningful on a noisy machine.
//
//   build/bench_scan_vs_curl [--issues 100000] [--rounds 5] [--latency-ms 0] [--only vtab|curl]
//
// --latency-ms adds a server-side delay per response, like a real network round trip;
// --only times one side alone (to profile it).
//
// Prints the best and the median time of each side, each round's vtab/curl ratio, and
// `ratio = vtab / curl` = the median of those per-round ratios (the target is ≤ 1.10).
// Both sides and the emulator share this machine's cores, so expect noise: the rounds
// alternate the two sides and their order, and each ratio compares two adjacent scans.
#include <curl/curl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "api/client.h"
#include "support/emulator_process.h"
#include "vtab/register.h"

using namespace backlog;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

size_t sink(char*, size_t size, size_t n, void* userdata) {
  *static_cast<size_t*>(userdata) += size * n;
  return size * n;
}

// The floor: GET every page in order on one keep-alive connection, bodies discarded.
double curl_pages(const std::string& url, long issues, size_t* bytes) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, bytes);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  auto t0 = Clock::now();
  for (long offset = 0; offset < issues; offset += 100) {
    std::string u = fmt::format("{}/api/v2/issues?apiKey=demo-key&count=100&offset={}", url, offset);
    curl_easy_setopt(curl, CURLOPT_URL, u.c_str());
    if (curl_easy_perform(curl) != CURLE_OK) { fmt::print(stderr, "curl failed\n"); exit(1); }
  }
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  curl_easy_cleanup(curl);
  return s;
}

// The product: SELECT every column of every issue and read each value.
double vtab_scan(const std::string& url, long* rows, const char* sql = "SELECT * FROM Issues") {
  api::ClientOptions o;
  o.base_url = url;
  o.api_key = "demo-key";
  auto client = std::make_shared<api::Client>(o);
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  std::string err;
  vtab::register_tables(db, client, &err);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  auto t0 = Clock::now();
  *rows = 0;
  size_t chars = 0;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) chars += sqlite3_column_bytes(stmt, i);
    ++*rows;
  }
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (rc != SQLITE_DONE) { fmt::print(stderr, "scan failed: {}\n", sqlite3_errmsg(db)); exit(1); }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  long issues = 100000;
  int rounds = 5;
  std::string latency = "0";
  std::string only;  // "vtab" or "curl": time one side (for profiling it alone)
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--issues")) issues = atol(argv[i + 1]);
    if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--latency-ms")) latency = argv[i + 1];
    if (!strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  testing::EmulatorProcess emu({"--issues", std::to_string(issues), "--projects", "10", "--latency-ms", latency});
  std::vector<double> curl_s, vtab_s, id_s, cpu_s;
  long rows = issues;
  size_t bytes = 0;
  auto curl_side = [&] {
    if (only == "vtab") return;
    bytes = 0;
    curl_s.push_back(curl_pages(emu.url(), issues, &bytes));
  };
  auto vtab_side = [&] {
    if (only == "curl") return;
    double c0 = cpu_seconds();
    vtab_s.push_back(vtab_scan(emu.url(), &rows));
    cpu_s.push_back(cpu_seconds() - c0);
    long id_rows = 0;
    id_s.push_back(vtab_scan(emu.url(), &id_rows, "SELECT Id FROM Issues"));
  };
  for (int r = 0; r < rounds; ++r) {  // alternate which side goes first (drifts hit both)
    if (r % 2 == 0) { curl_side(); vtab_side(); }
    else { vtab_side(); curl_side(); }
  }
  auto best = [](std::vector<double> v) { return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end()); };
  auto median = [](std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  fmt::print("issues={} pages={} bytes/round={} rounds={}\n", issues, (issues + 99) / 100, bytes, rounds);
  fmt::print("                    best     median\n");
  fmt::print("curl serial pages : {:.3f} s  {:.3f} s\n", best(curl_s), median(curl_s));
  fmt::print("vtab SELECT *     : {:.3f} s  {:.3f} s  ({} rows, {:.3f} s CPU in this process)\n", best(vtab_s),
             median(vtab_s), rows, median(cpu_s));
  fmt::print("vtab SELECT Id    : {:.3f} s  {:.3f} s  (the same requests, one column read)\n", best(id_s),
             median(id_s));
  if (!curl_s.empty() && !vtab_s.empty()) {
    // Each round's two scans ran back to back: their ratio cancels the machine's slow
    // drifts, and the median of those ratios ignores a round where one side was lucky.
    std::vector<double> paired;
    for (size_t r = 0; r < curl_s.size() && r < vtab_s.size(); ++r) paired.push_back(vtab_s[r] / curl_s[r]);
    fmt::print("per-round ratios  : {:.3f}\n", fmt::join(paired, " "));
    fmt::print("ratio = vtab / curl = {:.3f} (median of the rounds; best vs best {:.3f}) (target <= 1.10)\n",
               median(paired), best(vtab_s) / best(curl_s));
  }
  return rows == issues ? 0 : 1;
}
