// JSON bodies and timestamps in the platforms' formats.
//
// Error policy: dump() replaces invalid UTF-8 (bodies may echo untrusted bytes) instead of
// throwing; nothing here throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/http_message.hpp"

namespace hm::emulator {

using nlohmann::json;

std::string dump(const json& j);
Response json_response(int status, const json& body,
                       const std::string& content_type = "application/json; charset=UTF-8");

// Graph: "2025-03-22T18:20:04+0000"
std::string graph_time(std::int64_t unix_seconds);
// X: "2021-01-06T18:40:40.000Z"
std::string x_time(std::int64_t unix_seconds);

// HTTP Date header (IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT"
std::string http_date(std::int64_t unix_seconds);

// Parses a non-negative decimal integer that fits in 64 bits (no sign, no spaces).
bool parse_u64(const std::string& s, std::uint64_t& out);

}  // namespace hm::emulator
