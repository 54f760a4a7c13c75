// Timestamps as the platforms write them: Graph "2025-03-22T18:20:04+0000" (or a Unix integer
// with date_format=U), X "2021-01-06T18:40:40.000Z".
//
// Error policy: pure; a malformed timestamp yields std::nullopt.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hm::connectors {

using Time = std::chrono::sys_seconds;

// ISO-8601 date-time with 'Z', "+HHMM" or "+HH:MM" offset and optional fractional seconds.
std::optional<Time> parse_wire_time(std::string_view text) noexcept;

// An HTTP `Date` header (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): the
// platform's own clock when it answered. The obsolete RFC 850 and asctime forms are not read.
std::optional<Time> parse_http_date(std::string_view text) noexcept;

// "2025-03-22T18:20:04+0000", the Graph form.
std::string format_graph_time(Time t);

}  // namespace hm::connectors
