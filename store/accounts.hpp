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
#include "store/login_throttle.hpp"
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
  std::string email;           // empty when none: alerts to admins and the digest go here
  bool digest = false;         // wants the daily digest e-mail (needs an e-mail address)
  bool second_factor = false;  // signs in with a code from an authenticator app too
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
  LoginThrottlePolicy throttle;                      // see store/login_throttle.hpp
  std::size_t min_password_length = 12;
  // Roles whose holders must sign in with a second factor (the daemon's default: admin and
  // safeguarding, [console] second_factor_roles). Until such a user has set one up, their
  // browser session can do nothing but set it up. Empty: nobody has to.
  std::vector<Role> second_factor_roles;
  std::string second_factor_issuer = "hallmonitor";  // the name authenticator apps show
};

struct NewSession {
  std::string token;  // goes in the cookie
  std::string csrf;   // goes in the X-CSRF-Token header; csrf_for(token)
  User user;
  Time expires_at{};  // login + session_lifetime (the cookie's end); going unused ends it sooner
};

struct LoginRefused {
  // second_factor_needed: the password was right and the user has a second factor, but no code
  // came with it (the console then asks for one). bad_second_factor: a wrong, reused or expired
  // code, counted by the throttle like a wrong password.
  enum class Why : std::uint8_t {
    bad_credentials,
    throttled,
    second_factor_needed,
    bad_second_factor
  };
  Why why = Why::bad_credentials;
  std::string message;
  std::chrono::seconds retry_after{0};  // set when throttled
};

// A sign-in between its phases (Accounts::begin_login): whom it is for and what the password is
// checked against. Holds a password hash, never a password.
struct LoginAttempt {
  std::string user_key;                      // the name typed, made printable (the throttle's key)
  std::string address_key;                   // the client's address, made printable
  std::int64_t user_id = 0;                  // 0: no such enabled user
  std::string name;                          // the user's name when user_id is set
  std::optional<std::string> password_hash;  // nullopt: checked against a dummy, and refused
  bool second_factor = false;                // a code must come with the password
};

// The outcome of the slow phase: the password right or not, and a fresh hash to store when the
// old one was made with other limits than today's.
struct PasswordCheck {
  bool ok = false;
  std::optional<std::string> rehash;
};

// A second factor being set up: what the authenticator app is given (as a QR code of `uri`, or
// the secret typed in by hand). Shown to its user only, once; the store keeps it sealed.
struct SecondFactorEnrolment {
  std::string secret;  // base32
  std::string uri;     // otpauth://totp/...
};

struct TokenInfo {
  std::int64_t id = 0;
  std::string user;
  std::string name;
  Time created_at{};
  std::optional<Time> expires_at;  // refused from then on; none: until revoked
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

  // Users. Names are 1-64 characters of [A-Za-z0-9._@-]. Passwords follow store/password_rule.hpp.
  Expected<User, std::string> add_user(std::string_view name, std::string_view password,
                                       const std::vector<Grant>& grants, std::string_view actor,
                                       Time now);
  // Disables the user (the row stays, so the audit log's references stay meaningful) and ends
  // their sessions and tokens. The name can be added again later.
  Expected<void, std::string> remove_user(std::string_view name, std::string_view actor, Time now);
  // Ends the user's sessions and revokes their API tokens (audited: user.password).
  Expected<void, std::string> set_password(std::string_view name, std::string_view password,
                                           std::string_view actor, Time now);
  // The same two in phases, so the console can hash on a worker: the checks (io thread), the
  // Argon2 hash (any thread, no connection), the write (io thread; it checks again).
  std::optional<std::string> new_user_problem(std::string_view name, std::string_view password,
                                              const std::vector<Grant>& grants);
  std::optional<std::string> new_password_problem(std::string_view name, std::string_view password);
  static std::string hash_new_password(std::string_view password);
  Expected<User, std::string> add_user_hashed(std::string_view name, const std::string& hash,
                                              const std::vector<Grant>& grants,
                                              std::string_view actor, Time now);
  Expected<void, std::string> set_password_hashed(std::string_view name, const std::string& hash,
                                                  std::string_view actor, Time now);
  // Changes roles, e-mail address or digest opt-in together, with a user.update audit row (which
  // says that the address changed, not the address: the audit log cannot be erased).
  Expected<User, std::string> update_user(std::string_view name, const UserChange& change,
                                          std::string_view actor, Time now);
  std::optional<User> user(std::string_view name);
  std::vector<User> users();  // enabled users, by name

  // Sessions. `address` is the client's IP, for the per-address throttle.
  //
  // A sign-in runs in three phases so that its Argon2 hash (~70 ms, 64 MiB) can run off the
  // daemon's io thread: begin_login (io thread: the throttle, the user's row), check_password
  // (any thread: touches no connection), finish_login (io thread: the failure recorded, or the
  // session made). login() runs the three in a row.
  Expected<LoginAttempt, LoginRefused> begin_login(std::string_view name, std::string_view address,
                                                   Time now);
  static PasswordCheck check_password(const LoginAttempt& attempt, std::string_view password);
  // `code`: the 6-digit code or a recovery code, for a user with a second factor ("" when none
  // was sent).
  Expected<NewSession, LoginRefused> finish_login(const LoginAttempt& attempt,
                                                  const PasswordCheck& check, std::string_view code,
                                                  Time now);
  Expected<NewSession, LoginRefused> login(std::string_view name, std::string_view password,
                                           std::string_view address, Time now,
                                           std::string_view code = {});
  // The session's user, extending its idle deadline; nullopt when unknown or expired.
  std::optional<User> session_user(std::string_view session_token, Time now);
  void logout(std::string_view session_token, Time now);

  // API bearer tokens, made by an admin for a user; `expires_at` (after `now`) ends it.
  Expected<std::pair<TokenInfo, std::string>, std::string> create_token(
      std::string_view user, std::string_view name, std::string_view actor, Time now,
      std::optional<Time> expires_at = std::nullopt);
  Expected<void, std::string> revoke_token(std::int64_t token_id, std::string_view actor, Time now);
  std::vector<TokenInfo> tokens();
  std::optional<User> token_user(std::string_view bearer_token, Time now);

  // Second factors (accounts_second_factor.cpp; the TOTP maths in store/totp.hpp). A user sets
  // one up in two steps: begin (a new secret, sealed and stored unconfirmed, replacing an
  // unconfirmed one) and confirm (a code from the app proves it was scanned; it is switched on
  // and ten recovery codes are made, returned once). Only an admin's reset
  // (hallmonitorctl user reset-second-factor) removes a confirmed one.
  Expected<SecondFactorEnrolment, std::string> begin_second_factor(std::string_view name, Time now);
  Expected<std::vector<std::string>, std::string> confirm_second_factor(std::string_view name,
                                                                        std::string_view code,
                                                                        Time now);
  Expected<void, std::string> reset_second_factor(std::string_view name, std::string_view actor,
                                                  Time now);
  std::int64_t recovery_codes_left(std::string_view name);
  // Whether the policy requires a second factor of this user (by their roles); and whether they
  // have none yet, so their browser session may only set one up.
  bool second_factor_required(const User& user) const;
  bool must_set_up_second_factor(const User& user) const {
    return !user.second_factor && second_factor_required(user);
  }

 private:
  // The code check inside finish_login's transaction: true when `code` is the user's current
  // TOTP code (not used before) or an unused recovery code, which it then marks used.
  bool accept_second_factor(std::int64_t user_id, std::string_view code, Time now,
                            std::string& how);
  const std::string& second_factor_key();

  Connection& conn_;
  AccountPolicy policy_;
  std::string second_factor_key_;  // read or made on first use
};

}  // namespace hm::store
