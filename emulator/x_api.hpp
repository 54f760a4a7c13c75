// X API v2 (PLATFORMS.md §1.3, §2.4, §3.3, §4.3, §5.2): mentions and recent search with
// since_id / until_id / next_token paging and field selection, hide/unhide replies, delete own
// Tweets, mute, (refused) block, replies, and the OAuth 2.0 refresh-token grant.
//
// Error policy: every failure the platform would report is a problem+json response (or the
// OAuth error body on the token endpoint) built here; bad input never throws. Nothing here
// throws except std::bad_alloc.
#pragma once

#include <string>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"

namespace hm::emulator {

bool is_x_path(const std::string& path);  // "/2" or "/2/..."

Response handle_x(State& st, const Request& req);

// Failure shapes, shared with the fault injector.
Response x_problem(int status, const std::string& title, const std::string& detail,
                   const std::string& type = "about:blank");
Response x_unauthorized();
Response x_rate_limited(State& st, const Request& req);
Response x_server_error();
// Adds x-rate-limit-* headers for the request's user and route (without counting a call).
void add_x_rate_headers(State& st, const Request& req, Response& r);

}  // namespace hm::emulator
