// The Meta side of onboarding (`hallmonitorctl connect facebook|instagram`): the user-token
// exchange (GET /vNN/oauth/access_token, grant_type=fb_exchange_token), the user's Pages
// (GET /vNN/me/accounts, with tasks and instagram_business_account), GET /vNN/me/permissions,
// GET /vNN/debug_token, and graph.instagram.com (served under the path prefix /ig):
// ig_exchange_token, /me, and the Graph reads under /ig/vNN/... for Instagram-Login tokens.
// Its control endpoints add Meta users and short-lived Instagram-Login tokens.
//
// Error policy: failures are Graph error responses (or control 400s), never exceptions (except
// std::bad_alloc).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"

namespace hm::emulator {

// The path prefix the emulator serves graph.instagram.com under (graph_tokens.cpp):
// https://127.0.0.1:PORT/graph.instagram.com.
inline constexpr const char* kInstagramHostPrefix = "/graph.instagram.com";

// Whether this request is one of the endpoints above (a user token's /me reads included).
bool is_graph_oauth_request(const State& st, const Request& req);
Response handle_graph_oauth(State& st, const Request& req);

// POST /_emulator/meta_users and /_emulator/instagram_logins; std::nullopt for other names.
std::optional<Response> graph_oauth_control(State& st, const std::string& what,
                                            const nlohmann::json& body);

}  // namespace hm::emulator
