// Where an interrupted first load resumes: the text of Checkpoint::window_next, written
// with every committed chunk of a first load and cleared ("") by its last one.
//
//   ""               no first load in progress
//   2024-03-01       a windowed load (ReplicateInterval): the next window starts there
//   {"rows":"Created","upto":"2024-05-06T07:08:09Z"}
//                    a chunked load read by Created, newest first: the rows with
//                    Created <= upto remain (rows at `upto` itself are read again)
//   {"parents":"Created","upto":"2024-05-06T07:08:09Z","done":"123"}
//                    a chunked load of a child table, parents read by Created, newest
//                    first: the parents with Created <= upto remain, except parent 123
//                    (at `upto`), whose children are committed
//
// A windowed marker is a bare date and the chunked ones are JSON objects, so neither can
// be read as the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace backlog::engine {

struct LoadMarker {
  enum class Kind { None, Window, Rows, Parents };
  Kind kind = Kind::None;
  std::string column{};  // Rows/Parents: the column read in descending order
  std::string upto{};    // Window: next window start; Rows/Parents: oldest value committed
  std::string done{};    // Parents: id of the parent at `upto` already committed ("" none)

  bool in_progress() const { return kind != Kind::None; }
  std::string text() const;  // what window_next holds
  // Reads window_next; throws EngineError for a JSON marker it cannot read.
  static LoadMarker parse(std::string_view text);
};

// Of two destinations' markers for the same first load, the one whose resumption serves
// both: the one that re-reads more (a finished load, None, needs nothing re-read). nullopt
// when they are different kinds of load (a windowed and a chunked one): no common point.
std::optional<LoadMarker> earliest_marker(const LoadMarker& a, const LoadMarker& b);

// Cursor texts in order: integers numerically, anything else (ISO timestamps) as text;
// "" (no value yet) comes first.
bool cursor_text_before(const std::string& a, const std::string& b);

}  // namespace backlog::engine
