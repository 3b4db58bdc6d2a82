// Row-by-row comparison of SQLite replicas made by backlogsql: every row, every column,
// with its storage class (an integer 5 and a text '5' differ). The oracle of the
// robustness suites: a replica after faults or crashes must equal a fresh copy.
//
//   std::string diff = compare_replicas(after_crash_db, fresh_db, {"Issues", "IssueComments"});
//   EXPECT_EQ(diff, "");     // otherwise names the table, the key and the columns that differ
#pragma once

#include <string>
#include <vector>

namespace backlog::testing {

// One table read whole, ordered by its primary key (or by every column without one).
struct TableDump {
  bool exists = false;
  std::vector<std::string> columns;              // in declared order
  std::vector<size_t> key;                       // positions of the primary key (all columns without one)
  std::vector<std::vector<std::string>> rows;    // cells as "NULL", "i:5", "r:1.5", "t:…", "b:<hex>"
  bool operator==(const TableDump&) const = default;
};

// Reads `table` from the SQLite file `db` (opened read-write so a WAL left by a killed
// writer is recovered, as the next backlogsql run would).
TableDump dump_table(const std::string& db, const std::string& table);

// "" when equal; otherwise what differs: missing table, column lists, row counts, and up
// to a few differing rows by key with the cells that differ.
std::string describe_difference(const std::string& table, const TableDump& actual, const TableDump& expected);

// describe_difference() of every table in `tables`, joined.
std::string compare_replicas(const std::string& actual_db, const std::string& expected_db,
                             const std::vector<std::string>& tables);

// A consistent copy of `from` into a new file `to` (SQLite's backup API; WAL included).
void copy_database(const std::string& from, const std::string& to);

// Runs SQL on a replica (the tests' way to make drift for CHECKCACHE).
void exec_sql(const std::string& db, const std::string& sql);

}  // namespace backlog::testing
