// Benchmark: a full scan of Issues through the virtual table against the physical floor
// for serial requests — fetching the same pages with libcurl one after another (keep-alive,
// no parsing). Both run in this process against one backlog-emulator, in the same run, so
// the printed ratio is meaningful on a noisy machine.
//
//   build/bench_scan_vs_curl [--issues 100000] [--rounds 5] [--latency-ms 0]
//
// --latency-ms adds a server-side delay per response, like a real network round trip.
//
// Prints the best time of each side over the rounds and `ratio = vtab / curl` (the target
// is ≤ 1.10). Both sides and the emulator share this machine's cores, so expect noise:
// the rounds alternate the two sides and the best of each is compared.
#include <curl/curl.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>

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
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--issues")) issues = atol(argv[i + 1]);
    if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--latency-ms")) latency = argv[i + 1];
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  testing::EmulatorProcess emu({"--issues", std::to_string(issues), "--projects", "10", "--latency-ms", latency});
  double best_curl = 1e9, best_vtab = 1e9, vtab_cpu = 1e9, best_id = 1e9;
  long rows = 0;
  size_t bytes = 0;
  for (int r = 0; r < rounds; ++r) {
    bytes = 0;
    best_curl = std::min(best_curl, curl_pages(emu.url(), issues, &bytes));
    double c0 = cpu_seconds();
    best_vtab = std::min(best_vtab, vtab_scan(emu.url(), &rows));
    vtab_cpu = std::min(vtab_cpu, cpu_seconds() - c0);
    long id_rows = 0;
    best_id = std::min(best_id, vtab_scan(emu.url(), &id_rows, "SELECT Id FROM Issues"));
  }
  fmt::print("issues={} pages={} bytes/round={}\n", issues, (issues + 99) / 100, bytes);
  fmt::print("curl serial pages : {:.3f} s\n", best_curl);
  fmt::print("vtab SELECT *     : {:.3f} s ({} rows, {:.3f} s CPU in this process)\n", best_vtab, rows, vtab_cpu);
  fmt::print("vtab SELECT Id    : {:.3f} s (ratio {:.3f}: the same requests, one column read)\n", best_id,
             best_id / best_curl);
  fmt::print("ratio = vtab / curl = {:.3f} (target <= 1.10)\n", best_vtab / best_curl);
  return rows == issues ? 0 : 1;
}
