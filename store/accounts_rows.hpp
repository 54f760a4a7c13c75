// Helpers shared by the accounts implementation files (accounts*.cpp): user rows, names, the
// audit subject format. Internal to store/; Accounts is the interface.
//
// Error policy: SQLite failures throw StoreError; nothing else fails.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/accounts.hpp"
#include "store/sqlite.hpp"

namespace hm::store::detail {

// A users row whatever its state: removing a user only disables the row.
struct UserRow {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> password_hash;  // NULL once removed
  bool enabled = false;
};

std::optional<UserRow> find_user_row(Connection& connection, std::string_view name);
// An enabled user with their grants; nullopt when unknown or removed.
std::optional<User> load_user(Connection& connection, std::int64_t user_id);

// Whether the user has a confirmed second factor (accounts_second_factor.cpp).
bool has_second_factor(Connection& connection, std::int64_t user_id);

// Text from outside (a login's user name, a client address) made safe to key the throttle on
// and to put in the audit log's JSON: printable ASCII only, other bytes as '?', at most
// `max_bytes`. A valid user name comes back unchanged.
std::string printable(std::string_view text, std::size_t max_bytes = 64);

// Why these grants cannot be given (none, an unknown role, a bad school id); nullopt when fine.
std::optional<std::string> grants_problem(const std::vector<Grant>& grants);
nlohmann::json grants_json(const std::vector<Grant>& grants);

inline std::string user_subject(std::string_view name) {
  return "user:" + std::string(name);
}
inline std::string user_actor(std::string_view name) {
  return "user:" + std::string(name);
}

}  // namespace hm::store::detail
