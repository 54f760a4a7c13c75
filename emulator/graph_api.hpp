// The Graph API as Facebook Pages and Instagram professional accounts serve it (PLATFORMS.md §1.1,
// §1.2, §2.2, §2.3, §3, §4.1, §4.2, §5.1): node and edge reads with field expansion and cursor
// paging, hide/unhide, delete, reply, Page blocking, and batch requests.
//
// Error policy: every failure the platform would report is a Graph error response
// ({"error":{...}}, HTTP 400/403) built here; bad input never throws. Nothing here throws
// except std::bad_alloc.
#pragma once

#include <optional>
#include <string>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"

namespace hm::emulator {

// True for paths the Graph API serves: "/vNN.0/...", and "/" or "/vNN.0" (batch).
bool is_graph_path(const std::string& path);

// Which platform a Graph request acts for (the owner of its access token; Facebook when the
// token is unknown). Used to match faults and to label the call log.
Platform graph_platform(const State& st, const Request& req);

// Serves one Graph request (a batch is served here too, its parts recorded in the call log
// as batched calls).
Response handle_graph(State& st, const Request& req);

// Failure shapes, shared with the fault injector.
Response graph_error(int http_status, int code, std::optional<int> subcode,
                     const std::string& message, const std::string& type = "OAuthException");
Response graph_expired_token(const State& st);
Response graph_rate_limited(State& st, const Request& req, Platform p, int regain_minutes);
Response graph_server_error();
// A Graph refusal of one action, not a throttle of the Page: Facebook 368 ("temporarily blocked
// for policy"), Instagram 4/2207051 ("Action is blocked"), HTTP 400, no usage headers.
Response graph_action_blocked(Platform p);
// The account lacks the permission for this call: (#10), HTTP 403. Not retryable, not a token
// problem.
Response graph_permission_denied();

}  // namespace hm::emulator
