// Rows laid out for MariaDB's array binding: one prepared INSERT executed once for many
// rows (COM_STMT_BULK_EXECUTE), values sent in binary, so the server neither parses SQL
// literals nor scans LOAD DATA's text character by character (a first load of 100k issues
// costs the server ~30% less CPU than LOAD DATA of the same rows).
//
//   MysqlBulkRows rows(batch, 0, batch.size(), kinds);
//   conn.execute_bulk("INSERT INTO `db`.`t` (`a`, `b`) VALUES (?, ?)", rows);
//
// Column by column, one type for all rows (array binding has no per-row types): BIGINT
// when every value is an integer, DOUBLE when every value is a number and the column is
// REAL, otherwise text (numbers written as the INSERT path writes them, dates and
// timestamps in the form the column takes: mysql_column_value). NULL is an indicator.
// The rows own a copy of their text, so a journal can keep them for replay after DDL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <mysql.h>

#include "sinks/mysql_types.h"
#include "sinks/sink.h"

namespace backlog::sinks {

class MysqlBulkRows {
 public:
  // Rows [begin, end) of `batch`; kinds[i] is the destination kind of column i.
  MysqlBulkRows(const SinkBatch& batch, size_t begin, size_t end, const std::vector<MysqlKind>& kinds);

  size_t size() const { return rows_; }
  // Bytes the values take on the wire, about: what must stay below max_allowed_packet.
  size_t bytes() const { return bytes_; }
  // Column-wise binds pointing into *this (valid while it lives): for mysql_stmt_bind_param
  // with STMT_ATTR_ARRAY_SIZE = size().
  std::vector<MYSQL_BIND> binds() const;

  // Wire bytes of one row of `batch` (to cut batches below the packet limit).
  static size_t row_bytes(std::span<const Value> row);

 private:
  struct Column {
    enum_field_types type = MYSQL_TYPE_STRING;
    std::vector<int64_t> ints;
    std::vector<double> reals;
    std::vector<size_t> offsets;  // into text_, while filling; pointers after
    std::vector<char*> texts;
    std::vector<unsigned long> lengths;
    std::vector<char> indicators;
  };
  size_t rows_ = 0;
  size_t bytes_ = 0;
  std::vector<Column> columns_;
  std::vector<char> text_;  // every text value back to back (a vector: moves keep pointers)
};

}  // namespace backlog::sinks
