// REPLICATE … WITH options, by CData Sync's names, validated before anything runs.
//
//   REPLICATE Issues WITH DropTable, ReplicateStartDate='2024-01-01',
//                         ReplicateInterval=1, ReplicateIntervalUnit=months;
//   REPLICATE Issues WITH ChunkSize=20000;   -- first load: commit every 20000 rows
//
// Names match case-insensitively; a bare option is `true`; an unknown option or a bad
// value is an error naming the option and the value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grammar/statement.h"

namespace backlog::engine {

enum class IntervalUnit { Minutes, Hours, Days, Weeks, Months, Years };

struct ReplicateOptions {
  bool drop_table = false;          // DropTable: drop and recreate the target every run
  bool truncate_table = false;      // TruncateTable: empty the target every run (full reload)
  bool alter_schema = true;         // AlterSchema: add new source columns to the target
  bool capture_deletes = true;      // CaptureDeletes: apply deletions seen in activities
  std::string start_date;           // ReplicateStartDate: first load only cursor >= this
  int interval = 0;                 // ReplicateInterval: first load in windows of this…
  IntervalUnit interval_unit = IntervalUnit::Days;  // ReplicateIntervalUnit: …unit
  std::vector<std::string> key_columns;  // KeyColumns: 'Id' or 'ProjectId,Id'
  std::string time_check_column;         // ReplicateTimeCheckColumn: overrides the cursor
  // ChunkSize: a first load commits every this many rows (a child table: also every
  // ChunkSize/100 parents), so a rerun resumes after the last chunk; 0: one transaction.
  int chunk_rows = 5000;
};

// Parses and validates; on error returns nullopt, sets *error and (when given) *where to
// the offending option's location.
std::optional<ReplicateOptions> parse_replicate_options(
    const std::vector<grammar::Option>& options, std::string* error,
    grammar::Location* where = nullptr);

}  // namespace backlog::engine
