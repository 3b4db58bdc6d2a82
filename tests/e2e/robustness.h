// What the robustness suites share: the dataset, the job they run, the source changes
// between a first load and an incremental run, and the long-variant switch.
//
// The job replicates three tables that take the three incremental paths (Issues by
// updatedSince + deletion activities, IssueComments by changed parent, WikiPages by
// key + Updated) into SQLite files through the real backlogsql binary. Small chunks make
// the first loads of Issues (3 chunks) and IssueComments (a chunk per issue) commit
// several times, so a kill can land between chunks and the rerun must resume.
#pragma once

#include <string>
#include <vector>

#include "replica_compare.h"
#include "support/emulator_process.h"

namespace backlog::testing {

inline const std::vector<std::string> kReplicatedTables = {"Issues", "IssueComments", "WikiPages"};
inline constexpr const char* kReplicateScript =
    "REPLICATE Issues WITH ChunkSize=10; REPLICATE IssueComments WITH ChunkSize=10; REPLICATE WikiPages;";
inline constexpr const char* kRepairScript =
    "CHECKCACHE Issues AGAINST Issues WITH REPAIR; "
    "CHECKCACHE IssueComments AGAINST IssueComments WITH REPAIR; "
    "CHECKCACHE WikiPages AGAINST WikiPages WITH REPAIR;";

// A small space (2 projects, 30 issues, ~60 comments, 6 wiki pages) plus `extra` options.
std::vector<std::string> dataset_args(int seed, std::vector<std::string> extra = {});

// backlogsql's command line: this emulator, every `dests` file as a --dest, `script`.
std::vector<std::string> job_args(const EmulatorProcess& emu, const std::vector<std::string>& dests,
                                  const std::string& script);

// True when BACKLOGSQL_LONG_TESTS=1: more kill points, the slower rate-limit paths.
bool long_tests();

// A number from the environment (e.g. BACKLOGSQL_CRASH_SEED) or `fallback`.
unsigned long env_number(const char* name, unsigned long fallback);

// One write through the emulator's API (form-encoded).
struct Write {
  std::string method;   // POST, PATCH or DELETE
  std::string path;     // under /api/v2
  std::vector<std::pair<std::string, std::string>> form;
};

// The source changes of the incremental runs: issues edited, commented, closed, created
// and deleted; wiki pages edited, created and deleted. Ids come from `emu` (same seed →
// same writes on another emulator). Comment edits are left out: Backlog does not move the
// issue's Updated for them (a documented limit of incremental runs).
std::vector<Write> standard_changes(const EmulatorProcess& emu);

// Edits a comment's text only (the change incremental runs cannot see; CHECKCACHE can).
std::vector<Write> comment_edits(const EmulatorProcess& emu);

// Sends each write to every emulator at once (one thread each), retrying injected faults
// (a failed write changes nothing), early in a wall-clock second so that the `updated`
// stamps the emulators give are the same. Returns false when the emulators answered
// differently (a write straddled a second on a slow machine): the caller starts over
// with new emulators, since writes cannot be undone.
[[nodiscard]] bool apply_writes(const std::vector<const EmulatorProcess*>& emus, const std::vector<Write>& writes);

// A table left in the middle of a first load (first loads commit in chunks): its
// checkpoint in `db` holds a resume marker and `now`, the table, holds only rows of
// `fresh`, a fresh copy's. After a kill or a failed run, a table is either whole (its
// state before or after the run) or this.
bool mid_first_load(const std::string& db, const std::string& table, const TableDump& now, const TableDump& fresh);

// GET /api/v2`path` (retrying injected faults); the body.
std::string get_json(const EmulatorProcess& emu, const std::string& path);

}  // namespace backlog::testing
