#include "sinks/pg_binary_copy.h"

#include <bit>
#include <cstdint>
#include <variant>

#include "sinks/iso_time.h"
#include "sinks/postgres_handles.h"

namespace backlog::sinks {

namespace {

// PostgreSQL's epoch for timestamps and dates.
constexpr int64_t kPgEpochDays = 10957;  // 2000-01-01 - 1970-01-01

template <class T>
void put(std::string& out, T v) {
  auto u = static_cast<std::make_unsigned_t<T>>(v);
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<char>(u >> (8 * (sizeof(T) - 1 - i)));
  out.append(bytes, sizeof(T));
}

void put_field(std::string& out, std::string_view bytes) {
  put<int32_t>(out, static_cast<int32_t>(bytes.size()));
  out.append(bytes);
}

bool fits(const Value& v, PgBinaryType t) {
  if (std::holds_alternative<std::monostate>(v)) return true;
  switch (t) {
    case PgBinaryType::Int8:
      return std::holds_alternative<int64_t>(v);
    case PgBinaryType::Float8:
      return !std::holds_alternative<std::string>(v);
    case PgBinaryType::Bool: {
      const auto* n = std::get_if<int64_t>(&v);
      return n && (*n == 0 || *n == 1);
    }
    case PgBinaryType::Text:
      return true;
    case PgBinaryType::Jsonb:
      return std::holds_alternative<std::string>(v);
    case PgBinaryType::Timestamptz:
    case PgBinaryType::Date: {
      // Year 0 and sub-microsecond digits PostgreSQL would refuse or round: text decides.
      const auto* s = std::get_if<std::string>(&v);
      auto parsed = s ? parse_iso_time(*s) : std::nullopt;
      return parsed && parsed->year > 0 && parsed->fraction_digits <= 6;
    }
  }
  return false;
}

}  // namespace

std::optional<std::vector<PgBinaryType>> pg_binary_types(const std::vector<std::string>& pg_types) {
  std::vector<PgBinaryType> out;
  for (const auto& t : pg_types) {
    if (t == "bigint") out.push_back(PgBinaryType::Int8);
    else if (t == "double precision") out.push_back(PgBinaryType::Float8);
    else if (t == "boolean") out.push_back(PgBinaryType::Bool);
    else if (t == "text") out.push_back(PgBinaryType::Text);
    else if (t == "timestamp with time zone") out.push_back(PgBinaryType::Timestamptz);
    else if (t == "date") out.push_back(PgBinaryType::Date);
    else if (t == "jsonb") out.push_back(PgBinaryType::Jsonb);
    else return std::nullopt;
  }
  return out;
}

bool pg_binary_fits(const SinkBatch& batch, const std::vector<PgBinaryType>& types) {
  for (size_t r = 0; r < batch.size(); ++r) {
    auto row = batch.row(r);
    for (size_t i = 0; i < row.size(); ++i)
      if (!fits(row[i], types[i])) return false;
  }
  return true;
}

void append_pg_binary_header(std::string& out) {
  out.append("PGCOPY\n\377\r\n\0", 11);
  put<int32_t>(out, 0);  // flags: no OIDs
  put<int32_t>(out, 0);  // no header extension
}

void append_pg_binary_trailer(std::string& out) { put<int16_t>(out, -1); }

void append_pg_binary_row(std::string& out, std::span<const Value> row, const std::vector<PgBinaryType>& types) {
  put<int16_t>(out, static_cast<int16_t>(row.size()));
  for (size_t i = 0; i < row.size(); ++i) {
    const Value& v = row[i];
    if (std::holds_alternative<std::monostate>(v)) {
      put<int32_t>(out, -1);
      continue;
    }
    switch (types[i]) {
      case PgBinaryType::Int8:
        put<int32_t>(out, 8);
        put<int64_t>(out, std::get<int64_t>(v));
        break;
      case PgBinaryType::Float8: {
        const auto* n = std::get_if<int64_t>(&v);
        put<int32_t>(out, 8);
        put<int64_t>(out, std::bit_cast<int64_t>(n ? static_cast<double>(*n) : std::get<double>(v)));
        break;
      }
      case PgBinaryType::Bool:
        put<int32_t>(out, 1);
        out += static_cast<char>(std::get<int64_t>(v));
        break;
      case PgBinaryType::Text:
        if (const auto* s = std::get_if<std::string>(&v)) put_field(out, *s);
        else put_field(out, *pg_text(v));  // a number as the text format writes it
        break;
      case PgBinaryType::Jsonb: {
        const auto& s = std::get<std::string>(v);
        put<int32_t>(out, static_cast<int32_t>(s.size() + 1));
        out += '\1';  // jsonb's binary version: the JSON text follows
        out += s;
        break;
      }
      case PgBinaryType::Timestamptz: {
        auto t = parse_iso_time(std::get<std::string>(v));
        put<int32_t>(out, 8);
        put<int64_t>(out, (t->seconds - kPgEpochDays * 86400) * 1000000 + t->micros);
        break;
      }
      case PgBinaryType::Date: {
        auto t = parse_iso_time(std::get<std::string>(v));
        put<int32_t>(out, 4);
        put<int32_t>(out, static_cast<int32_t>(days_from_civil(t->year, static_cast<unsigned>(t->month),
                                                               static_cast<unsigned>(t->day)) - kPgEpochDays));
        break;
      }
    }
  }
}

}  // namespace backlog::sinks
