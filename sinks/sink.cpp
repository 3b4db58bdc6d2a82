// Value helpers and SinkBatch: the plain data shared by every sink.
#include "sinks/sink.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace backlog::sinks {

bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

namespace {

std::optional<double> as_number(const Value& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* s = std::get_if<std::string>(&v)) {
    // Only a text that is entirely a number (what numeric affinity would convert).
    if (s->empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s->c_str(), &end);
    if (end == s->c_str() + s->size()) return d;
  }
  return std::nullopt;
}

}  // namespace

bool same_value(const Value& a, const Value& b) {
  if (a.index() == b.index()) return a == b;
  if (is_null(a) || is_null(b)) return false;
  auto x = as_number(a), y = as_number(b);
  return x && y && *x == *y;
}

std::string to_display(const Value& v) {
  if (is_null(v)) return "NULL";
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return "'" + std::get<std::string>(v) + "'";
}

void SinkBatch::add_row(std::vector<Value> row) {
  if (row.size() != width())
    throw SinkError(fmt::format("row has {} values, batch has {} columns", row.size(), width()));
  for (auto& v : row) values_.push_back(std::move(v));
}

}  // namespace backlog::sinks
