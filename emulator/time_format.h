// Timestamps in the emulator: seconds since the UNIX epoch (UTC) internally, rendered as
// Backlog renders them ("2014-07-16T07:51:43Z"); calendar dates as days since the epoch,
// rendered as Backlog's date fields are ("2019-11-29T00:00:00Z").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace backlog::emulator {

using Epoch = int64_t;                    // seconds since 1970-01-01T00:00:00Z
constexpr int32_t kNoDate = INT32_MIN;    // a null calendar date (startDate, dueDate…)

int64_t days_from_civil(int y, unsigned m, unsigned d);
std::string format_timestamp(Epoch t);            // 2014-07-16T07:51:43Z
std::string format_date_field(int32_t day);       // 2014-07-16T00:00:00Z
std::string format_ymd(int32_t day);              // 2014-07-16
// Parses "yyyy-MM-dd" (the API's date parameters) into days since the epoch.
std::optional<int32_t> parse_ymd(std::string_view s);
Epoch now_epoch();

}  // namespace backlog::emulator
