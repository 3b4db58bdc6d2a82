#include "sinks/mysql_bulk_rows.h"

#include <cstring>
#include <string>
#include <variant>

namespace backlog::sinks {

namespace {

// A value's wire size at most: an indicator byte, then 8 bytes or a length-prefixed
// string (a number in a text column is sent as up to ~25 digits).
size_t value_bytes(const Value& v) {
  if (const auto* t = std::get_if<std::string>(&v)) return t->size() + 10;
  return std::holds_alternative<std::monostate>(v) ? 1 : 36;
}

enum_field_types column_type(const SinkBatch& batch, size_t column, size_t begin, size_t end, MysqlKind kind) {
  if (kind != MysqlKind::Integer && kind != MysqlKind::Boolean && kind != MysqlKind::Real) return MYSQL_TYPE_STRING;
  bool all_integers = true;
  for (size_t r = begin; r < end; ++r) {
    const Value& v = batch.row(r)[column];
    if (std::holds_alternative<int64_t>(v) || std::holds_alternative<std::monostate>(v)) continue;
    if (kind != MysqlKind::Real || !std::holds_alternative<double>(v)) return MYSQL_TYPE_STRING;
    all_integers = false;
  }
  return kind == MysqlKind::Real && !all_integers ? MYSQL_TYPE_DOUBLE : MYSQL_TYPE_LONGLONG;
}

}  // namespace

size_t MysqlBulkRows::row_bytes(std::span<const Value> row) {
  size_t n = 0;
  for (const auto& v : row) n += value_bytes(v);
  return n;
}

MysqlBulkRows::MysqlBulkRows(const SinkBatch& batch, size_t begin, size_t end,
                             const std::vector<MysqlKind>& kinds)
    : rows_(end - begin), columns_(batch.width()) {
  size_t text_bytes = 0;
  for (size_t r = begin; r < end; ++r) {
    for (const auto& v : batch.row(r)) {
      bytes_ += value_bytes(v);
      if (const auto* t = std::get_if<std::string>(&v)) text_bytes += t->size();
      else text_bytes += 32;  // a number written as text
    }
  }
  text_.reserve(text_bytes + 1);
  std::string number;  // never a null data(), even for no text
  auto add_text = [&](Column& c, std::string_view t) {
    c.offsets.push_back(text_.size());
    c.lengths.push_back(static_cast<unsigned long>(t.size()));
    text_.insert(text_.end(), t.begin(), t.end());
  };
  for (size_t i = 0; i < columns_.size(); ++i) {
    Column& c = columns_[i];
    c.type = column_type(batch, i, begin, end, kinds[i]);
    c.indicators.reserve(rows_);
    for (size_t r = begin; r < end; ++r) {
      const Value& v = batch.row(r)[i];
      bool null = std::holds_alternative<std::monostate>(v);
      c.indicators.push_back(null ? STMT_INDICATOR_NULL : STMT_INDICATOR_NONE);
      if (c.type == MYSQL_TYPE_LONGLONG) {
        c.ints.push_back(null ? 0 : std::get<int64_t>(v));
      } else if (c.type == MYSQL_TYPE_DOUBLE) {
        const auto* n = std::get_if<int64_t>(&v);
        c.reals.push_back(null ? 0 : n ? static_cast<double>(*n) : std::get<double>(v));
      } else if (null) {
        add_text(c, {});
      } else if (!std::holds_alternative<std::string>(v)) {
        number.clear();
        append_mysql_number(number, v);  // as the text paths write it
        add_text(c, number);
      } else if (kinds[i] == MysqlKind::Datetime || kinds[i] == MysqlKind::Date) {
        Value converted = mysql_column_value(v, kinds[i]);
        add_text(c, std::get<std::string>(converted));
      } else {
        add_text(c, std::get<std::string>(v));
      }
    }
  }
  // The text is complete: offsets become the pointers the binds carry.
  for (auto& c : columns_) {
    c.texts.reserve(c.offsets.size());
    for (size_t o : c.offsets) c.texts.push_back(text_.data() + o);
    c.offsets = {};
  }
}

std::vector<MYSQL_BIND> MysqlBulkRows::binds() const {
  std::vector<MYSQL_BIND> out(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& c = columns_[i];
    MYSQL_BIND& b = out[i];
    std::memset(&b, 0, sizeof b);
    b.buffer_type = c.type;
    b.u.indicator = const_cast<char*>(c.indicators.data());
    if (c.type == MYSQL_TYPE_LONGLONG) {
      b.buffer = const_cast<int64_t*>(c.ints.data());
    } else if (c.type == MYSQL_TYPE_DOUBLE) {
      b.buffer = const_cast<double*>(c.reals.data());
    } else {
      b.buffer = const_cast<char**>(c.texts.data());
      b.length = const_cast<unsigned long*>(c.lengths.data());
    }
  }
  return out;
}

}  // namespace backlog::sinks
