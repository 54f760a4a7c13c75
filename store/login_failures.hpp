// The store's side of the sign-in throttle: failed sign-ins by (account, address key), and the
// addresses each account signed in from (salted hashes, never the address). The rules are in
// login_throttle.hpp. Errors are SQLite's, thrown as by the rest of the store. Every query is
// bounded (LIMIT) and old rows are pruned as new ones are written.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "moderation/types.hpp"
#include "store/login_throttle.hpp"
#include "store/sqlite.hpp"

namespace hm::store::detail {

using moderation::Time;

// How long `account` must wait before a password from `address` is checked; nullopt: now.
std::optional<std::chrono::seconds> login_wait(Connection& c, const LoginThrottlePolicy& policy,
                                               std::string_view account, std::string_view address,
                                               Time now);

// A wrong password (or unknown name). No audit row per failure; one `session.throttle_started`
// row when a real account's unknown addresses start to be slowed (once per episode).
void record_login_failure(Connection& c, const LoginThrottlePolicy& policy,
                          std::string_view account, std::string_view address, Time now);

// A successful sign-in, inside the caller's write transaction: the address becomes known for
// the account and its own failures are forgotten (not the account's others: the real user
// signing in must not reset an attacker's count elsewhere).
void record_login_success(Connection& c, const LoginThrottlePolicy& policy, std::int64_t user_id,
                          std::string_view account, std::string_view address, Time now);

}  // namespace hm::store::detail
