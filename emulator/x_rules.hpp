// The X rules the emulator enforces beyond the shapes (issue 13): per-token OAuth 2.0 scopes,
// the plan's limits, the field-name spelling an account accepts, query parameters each endpoint
// knows, and X's edit rules. Used by the X files and, for accounts and edits, by control_api.
//
// Error policy: pure functions over the state; a refusal is a value (an error text or a
// problem+json Response), never an exception (except std::bad_alloc).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"
#include "emulator/json_response.hpp"

namespace hm::emulator::x {

// Every scope the product needs: what an account without "scopes" grants.
extern const std::set<std::string> kProductScopes;

// Reads the X keys of a control-API account body ("scopes", "x_plan", "x_field_names") into
// `a`; an error text when one is malformed.
std::optional<std::string> read_account_options(const json& body, Account& a);
// The scopes a token minted for the account carries.
std::set<std::string> token_scopes(const Account& a);

// 403 problem when the token lacks a scope the endpoint needs (`segs`: the path after "2").
std::optional<Response> missing_scope(const std::string& method,
                                      const std::vector<std::string>& segs, const Token& t);
// 400 invalid-request problem for a query parameter the endpoint does not know, or a fields
// parameter in the spelling the account does not accept.
std::optional<Response> unknown_parameter(const Request& req, const std::vector<std::string>& segs,
                                          const Account& me);

// Why X would refuse this edit now (30 minutes, at most 5 edits, not a reply to someone
// else's post), or nullopt when it is allowed.
std::optional<std::string> edit_refusal(State& st, const Comment& c);
inline constexpr std::int64_t kEditWindowSeconds = 30 * 60;
inline constexpr int kMaxEdits = 5;

}  // namespace hm::emulator::x
