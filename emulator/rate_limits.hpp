// X API v2 per-endpoint user rate limits per 15-minute window (PLATFORMS.md §4.3 table, "Per
// user" column), keyed by method and route; the legacy Basic plan's lower ones for accounts
// with "x_plan": "basic" (mentions 10, hide 5, delete 5, mute 5, recent search 60).
//
// Error policy: pure lookup; nothing throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hm::emulator {

constexpr std::int64_t kXWindowSeconds = 15 * 60;

struct XEndpointLimit {
  std::string route;  // e.g. "GET /2/users/:id/mentions"
  int limit = 0;      // requests per user per window
};

// `segs` are the path segments after "2" (e.g. {"users","123","mentions"}).
// `plan`: "basic" for the legacy Basic plan; anything else is pay-per-use (the table above).
XEndpointLimit x_endpoint_limit(const std::string& method, const std::vector<std::string>& segs,
                                const std::string& plan = {});

}  // namespace hm::emulator
