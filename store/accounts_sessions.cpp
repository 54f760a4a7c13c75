// Signing in and out: password checks and browser sessions (the throttle: login_failures.hpp).
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "store/accounts.hpp"
#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"
#include "store/credential_crypto.hpp"
#include "store/login_failures.hpp"
#include "store/sha256.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

using detail::from_seconds;
using detail::seconds;

namespace {

// session_user writes last_seen_at at most this often, so a busy console page does not make a
// write transaction per request. Idle expiry can therefore come up to this much early.
constexpr std::chrono::seconds kTouchInterval{60};

// Far longer than any token this code makes; anything longer is not worth hashing.
constexpr std::size_t kMaxTokenLength = 256;

constexpr std::string_view kBadCredentials = "wrong username or password";

std::string throttled_message(std::chrono::seconds wait) {
  const auto n = wait.count();
  if (n < 60)
    return "too many failed sign-ins; try again in " + std::to_string(n) +
           (n == 1 ? " second" : " seconds");
  const auto minutes = (n + 59) / 60;
  return "too many failed sign-ins; try again in " + std::to_string(minutes) +
         (minutes == 1 ? " minute" : " minutes");
}

bool expired(const AccountPolicy& policy, std::int64_t created, std::int64_t expires,
             std::int64_t last_seen, Time now) {
  const std::int64_t t = seconds(now);
  // The stored expiry, and today's policy too, so shortening the lifetime in the config ends
  // sessions made under the longer one.
  return t >= expires || t >= created + policy.session_lifetime.count() ||
         t >= last_seen + policy.session_idle.count();
}

}  // namespace

std::string csrf_for(std::string_view session_token) {
  // Domain-separated, so the CSRF token is never the session token's own hash (which is what
  // the sessions table stores).
  return sha256_hex({std::string_view("hallmonitor-csrf\0", 17), session_token});
}

bool csrf_matches(std::string_view session_token, std::string_view csrf) {
  const std::string expected = csrf_for(session_token);
  return csrf.size() == expected.size() &&
         sodium_memcmp(csrf.data(), expected.data(), expected.size()) == 0;
}

Expected<LoginAttempt, LoginRefused> Accounts::begin_login(std::string_view name,
                                                           std::string_view address, Time now) {
  LoginAttempt attempt;
  attempt.user_key = detail::printable(name);
  attempt.address_key = detail::printable(address);
  // Before the password is looked at: while throttled, even the right password is refused. The
  // wait is bounded (login_throttle.hpp), and an address the user signed in from recently meets
  // only its own delay, so an attack on the name cannot keep its owner out.
  if (auto wait =
          detail::login_wait(conn_, policy_.throttle, attempt.user_key, attempt.address_key, now))
    return unexpected(LoginRefused{LoginRefused::Why::throttled, throttled_message(*wait), *wait});
  std::optional<detail::UserRow> row;
  if (valid_user_name(name)) row = detail::find_user_row(conn_, name);
  if (row && row->enabled && row->password_hash) {
    attempt.user_id = row->id;
    attempt.name = row->name;
    attempt.password_hash = row->password_hash;
    attempt.second_factor = detail::has_second_factor(conn_, row->id);
  }
  return attempt;
}

PasswordCheck Accounts::check_password(const LoginAttempt& attempt, std::string_view password) {
  PasswordCheck check;
  if (!attempt.password_hash) {
    detail::verify_dummy_password(password);  // as slow as a real check: no timing tell
    return check;
  }
  check.ok = detail::verify_password(*attempt.password_hash, password);
  if (check.ok && detail::password_needs_rehash(*attempt.password_hash))
    check.rehash = detail::hash_password(password);
  return check;
}

Expected<NewSession, LoginRefused> Accounts::login(std::string_view name, std::string_view password,
                                                   std::string_view address, Time now,
                                                   std::string_view code) {
  auto attempt = begin_login(name, address, now);
  if (!attempt) return unexpected(attempt.error());
  return finish_login(*attempt, check_password(*attempt, password), code, now);
}

Expected<NewSession, LoginRefused> Accounts::finish_login(const LoginAttempt& attempt,
                                                          const PasswordCheck& check,
                                                          std::string_view code, Time now) {
  const auto refused = [] {
    return unexpected(
        LoginRefused{LoginRefused::Why::bad_credentials, std::string(kBadCredentials), {}});
  };
  if (!check.ok) {
    detail::record_login_failure(conn_, policy_.throttle, attempt.user_key, attempt.address_key,
                                 now);
    return refused();
  }
  // The password was right. A user with a second factor is asked for a code; a missing code is
  // not a failure (the form was sent before the code box was shown), a wrong one is.
  if (attempt.second_factor && code.empty())
    return unexpected(LoginRefused{LoginRefused::Why::second_factor_needed,
                                   "enter the 6-digit code from your authenticator app, or a "
                                   "recovery code",
                                   {}});
  const std::optional<std::string>& rehash = check.rehash;
  const std::string& user_key = attempt.user_key;
  const std::string& address_key = attempt.address_key;

  WriteTransaction tx(conn_);
  // Argon2 ran outside the lock, perhaps on another thread: the user may have been removed or
  // given a new password since.
  const auto row = detail::find_user_row(conn_, attempt.name);
  if (!row || row->id != attempt.user_id || !row->enabled ||
      row->password_hash != attempt.password_hash)
    return refused();
  std::string second_factor_used;
  if (attempt.second_factor && !accept_second_factor(row->id, code, now, second_factor_used)) {
    detail::record_login_failure(conn_, policy_.throttle, user_key, address_key, now);
    tx.commit();
    return unexpected(LoginRefused{LoginRefused::Why::bad_second_factor,
                                   "wrong or expired code; codes change every 30 seconds and each "
                                   "works once",
                                   {}});
  }
  if (rehash)
    conn_.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind_all(*rehash, row->id)
        .run();
  detail::record_login_success(conn_, policy_.throttle, row->id, user_key, address_key, now);
  conn_
      .prepare(
          "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ? "
          "OR created_at <= ?")
      .bind_all(seconds(now), seconds(now - policy_.session_idle),
                seconds(now - policy_.session_lifetime))
      .run();

  NewSession session;
  session.token = detail::random_secret();
  session.csrf = csrf_for(session.token);
  session.expires_at = now + policy_.session_lifetime;
  conn_
      .prepare(
          "INSERT INTO sessions (token_sha256, user_id, csrf_sha256, created_at, expires_at, "
          "last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(sha256_hex(session.token), row->id, sha256_hex(session.csrf), seconds(now),
                seconds(session.expires_at), seconds(now))
      .run();
  nlohmann::json login_detail = {{"address", address_key}, {"rehashed", rehash.has_value()}};
  if (!second_factor_used.empty()) login_detail["second_factor"] = second_factor_used;
  append_audit(conn_, {now, detail::user_actor(row->name), "session.login",
                       detail::user_subject(row->name), login_detail});
  session.user = *detail::load_user(conn_, row->id);
  tx.commit();
  return session;
}

std::optional<User> Accounts::session_user(std::string_view session_token, Time now) {
  if (session_token.empty() || session_token.size() > kMaxTokenLength) return std::nullopt;
  const std::string key = sha256_hex(session_token);
  std::int64_t user_id = 0, created = 0, expires = 0, last_seen = 0;
  {
    Statement s = conn_.prepare(
        "SELECT s.user_id, s.created_at, s.expires_at, s.last_seen_at FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ? AND u.disabled_at IS NULL");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    user_id = s.int64(0);
    created = s.int64(1);
    expires = s.int64(2);
    last_seen = s.int64(3);
  }
  if (expired(policy_, created, expires, last_seen, now)) {
    WriteTransaction tx(conn_);
    conn_.prepare("DELETE FROM sessions WHERE token_sha256 = ?").bind(1, key).run();
    tx.commit();
    return std::nullopt;
  }
  if (seconds(now) - last_seen >= kTouchInterval.count()) {
    WriteTransaction tx(conn_);
    conn_.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_sha256 = ?")
        .bind_all(seconds(now), key)
        .run();
    tx.commit();
  }
  return detail::load_user(conn_, user_id);
}

void Accounts::logout(std::string_view session_token, Time now) {
  if (session_token.empty() || session_token.size() > kMaxTokenLength) return;
  const std::string key = sha256_hex(session_token);
  WriteTransaction tx(conn_);
  std::string name;
  {
    Statement s = conn_.prepare(
        "SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_sha256 = ?");
    s.bind(1, key);
    if (!s.step()) return;
    name = s.text(0);
  }
  conn_.prepare("DELETE FROM sessions WHERE token_sha256 = ?").bind(1, key).run();
  append_audit(conn_, {now, detail::user_actor(name), "session.logout", detail::user_subject(name),
                       nlohmann::json::object()});
  tx.commit();
}

}  // namespace hm::store
