// Console accounts (DESIGN.md §8): users with roles scoped to schools, Argon2id password hashes
// (libsodium), browser sessions and API bearer tokens, and the login throttle.
//
// Only hashes reach the database: a password as libsodium's Argon2id string, a session or API
// token as its SHA-256. A token is shown once, when it is made.
//
// Error policy: SQLite failures throw StoreError; libsodium failing to start or to allocate
// Argon2's memory throws std::runtime_error. Expected failures (a bad password, an unknown
// user, a throttled login, a name already taken, a weak password) come back as Expected errors
// whose message can be shown to the person who caused them; a login failure never says whether
// the name or the password was wrong.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/expected.hpp"
#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

using moderation::Time;

enum class Role : std::uint8_t { admin, moderator, safeguarding, viewer };
std::string_view to_string(Role r) noexcept;
std::optional<Role> parse_role(std::string_view name) noexcept;

// 1-64 characters of [A-Za-z0-9._@-]: safe in URLs, logs and the audit log as they are.
bool valid_user_name(std::string_view name) noexcept;

// A role in one school, or in every school when school is "*".
struct Grant {
  Role role = Role::viewer;
  std::string school = "*";
  bool operator==(const Grant&) const = default;
};

struct User {
  std::int64_t id = 0;
  std::string name;
  std::vector<Grant> grants;
  Time created_at{};
  std::string email;    // empty when none: alerts to admins and the digest go here
  bool digest = false;  // wants the daily digest e-mail (needs an e-mail address)
  bool operator==(const User&) const = default;
};

// What PATCH /api/v1/users/{name} changes; an absent field stays as it is.
struct UserChange {
  std::optional<std::vector<Grant>> grants;  // replaces every grant
  std::optional<std::string> email;          // "" removes the address (and the digest)
  std::optional<bool> digest;
};

// A plain address for SMTP: local@domain, 3-254 printable ASCII characters, no spaces, quotes,
// angle brackets, commas or semicolons (it goes into an SMTP command and a header).
bool valid_email(std::string_view address) noexcept;

struct AccountPolicy {
  std::chrono::seconds session_idle{30 * 60};        // signed out after this long unused
  std::chrono::seconds session_lifetime{12 * 3600};  // and after this long in any case
  int max_failures_per_user = 5;                     // within failure_window
  int max_failures_per_address = 20;                 // within failure_window
  std::chrono::seconds failure_window{15 * 60};
  std::size_t min_password_length = 12;
};

struct NewSession {
  std::string token;  // goes in the cookie
  std::string csrf;   // goes in the X-CSRF-Token header; csrf_for(token)
  User user;
  Time expires_at{};  // login + session_lifetime (the cookie's end); going unused ends it sooner
};

struct LoginRefused {
  enum class Why : std::uint8_t { bad_credentials, throttled };
  Why why = Why::bad_credentials;
  std::string message;
  std::chrono::seconds retry_after{0};  // set when throttled
};

struct TokenInfo {
  std::int64_t id = 0;
  std::string user;
  std::string name;
  Time created_at{};
  std::optional<Time> last_used_at;
  std::optional<Time> revoked_at;
};

// The CSRF token belonging to a session token: derived, so it is never stored and a reloaded
// page can ask for it again with its cookie.
std::string csrf_for(std::string_view session_token);
// Whether `csrf` (from the X-CSRF-Token header) is csrf_for(session_token), compared in
// constant time.
bool csrf_matches(std::string_view session_token, std::string_view csrf);

class Accounts {
 public:
  explicit Accounts(Connection& connection, AccountPolicy policy = {});
  const AccountPolicy& policy() const noexcept { return policy_; }

  // Users. Names are 1-64 characters of [A-Za-z0-9._@-]. Passwords need min_password_length.
  Expected<User, std::string> add_user(std::string_view name, std::string_view password,
                                       const std::vector<Grant>& grants, std::string_view actor,
                                       Time now);
  // Disables the user (the row stays, so the audit log's references stay meaningful) and ends
  // their sessions and tokens. The name can be added again later.
  Expected<void, std::string> remove_user(std::string_view name, std::string_view actor, Time now);
  Expected<void, std::string> set_password(std::string_view name, std::string_view password,
                                           std::string_view actor, Time now);
  // Changes roles, e-mail address or digest opt-in together, with a user.update audit row (which
  // says that the address changed, not the address: the audit log cannot be erased).
  Expected<User, std::string> update_user(std::string_view name, const UserChange& change,
                                          std::string_view actor, Time now);
  std::optional<User> user(std::string_view name);
  std::vector<User> users();  // enabled users, by name

  // Sessions. `address` is the client's IP, for the per-address throttle.
  Expected<NewSession, LoginRefused> login(std::string_view name, std::string_view password,
                                           std::string_view address, Time now);
  // The session's user, extending its idle deadline; nullopt when unknown or expired.
  std::optional<User> session_user(std::string_view session_token, Time now);
  void logout(std::string_view session_token, Time now);

  // API bearer tokens, made by an admin for a user.
  Expected<std::pair<TokenInfo, std::string>, std::string> create_token(std::string_view user,
                                                                        std::string_view name,
                                                                        std::string_view actor,
                                                                        Time now);
  Expected<void, std::string> revoke_token(std::int64_t token_id, std::string_view actor, Time now);
  std::vector<TokenInfo> tokens();
  std::optional<User> token_user(std::string_view bearer_token, Time now);

 private:
  Connection& conn_;
  AccountPolicy policy_;
};

}  // namespace hm::store
