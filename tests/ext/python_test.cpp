// backlog.so from Debian's /usr/bin/python3 sqlite3 module, against a backlog-emulator:
// load_extension, backlog_connect, the tables, REPLICATE into the open database, an error
// as sqlite3.OperationalError without the key, and one SQLite in the process.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "host_process.h"
#include "support/emulator_process.h"

namespace backlog::testing {
namespace {

// argv: URL, extension path. Prints one line per check.
constexpr const char* kScript = R"PY(
import sqlite3, sys
url, ext = sys.argv[1], sys.argv[2]
con = sqlite3.connect("py.db")
con.enable_load_extension(True)
con.load_extension(ext)
con.enable_load_extension(False)
try:
    con.execute("SELECT backlog_connect(?, ?)", (url, "sEcReT-py-0042")).fetchone()
    print("bad key: no error")
except sqlite3.OperationalError as e:
    print("bad key:", "401" in str(e), "sEcReT" in str(e))
print(con.execute("SELECT backlog_connect(?, ?)", (url, "demo-key")).fetchone()[0])
print("issues:", con.execute("SELECT count(*) FROM Issues").fetchone()[0])
summary = con.execute("SELECT backlog_replicate('REPLICATE Issues; REPLICATE IssueComments;')").fetchone()[0]
print("summary lines:", len(summary.splitlines()))
print("replica:", con.execute("SELECT count(*) FROM main.Issues").fetchone()[0],
      con.execute("SELECT count(*) > 0 FROM main.IssueComments").fetchone()[0])
print("calls:", con.execute("SELECT count(*) > 2, sum(path LIKE '%demo-key%') FROM backlog_calls").fetchone())
# One SQLite in the process: every mapping of a libsqlite3 is the same file.
libs = {line.split()[-1] for line in open("/proc/self/maps") if "libsqlite3" in line}
print("sqlite libraries:", len(libs))
con.close()
print("closed")
)PY";

TEST(PythonHost, LoadConnectQueryReplicate) {
  EmulatorProcess emu({"--issues", "40", "--projects", "2"});
  TempDir dir;
  std::ofstream(dir.file("check.py")) << kScript;
  HostRun r = run_host("/usr/bin/python3 check.py " + shell_quote(emu.url()) + " " + shell_quote(extension_path()), "",
                       dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "bad key: True False\n"
            "connected to " + emu.url() + " (space demo)\n"
            "issues: 40\n"
            "summary lines: 2\n"
            "replica: 40 1\n"
            "calls: (1, 0)\n"
            "sqlite libraries: 1\n"
            "closed\n");
  // The replica is an ordinary file for any reader.
  HostRun plain = run_host("/usr/bin/sqlite3 py.db 'SELECT count(*) FROM Issues'", "", dir.path());
  EXPECT_EQ(plain.out, "40\n");
}

}  // namespace
}  // namespace backlog::testing
