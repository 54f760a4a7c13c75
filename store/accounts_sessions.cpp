// Signing in and out: the login throttle, password checks and browser sessions.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "store/accounts.hpp"
#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"
#include "store/credential_crypto.hpp"
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

constexpr std::string_view kFailuresByUser =
    "SELECT at FROM login_failures WHERE username = ? AND at > ? ORDER BY at";
constexpr std::string_view kFailuresByAddress =
    "SELECT at FROM login_failures WHERE address = ? AND at > ? ORDER BY at";

// How long until `key` falls below `limit` failures within the window, or nullopt when it is
// below already. Failures are only recorded while below the limit, so there are few rows.
std::optional<std::chrono::seconds> wait_for(Connection& c, std::string_view sql,
                                             std::string_view key, int limit,
                                             std::chrono::seconds window, Time now) {
  std::vector<std::int64_t> times;
  Statement s = c.prepare(sql);
  s.bind_all(key, seconds(now - window));
  while (s.step()) times.push_back(s.int64(0));
  if (limit < 1 || times.size() < std::size_t(limit)) return std::nullopt;
  // Once the oldest (count - limit + 1) failures leave the window, the count is below limit.
  const std::int64_t free_at = times[times.size() - std::size_t(limit)] + window.count();
  return std::chrono::seconds(std::max<std::int64_t>(1, free_at - seconds(now)));
}

std::optional<std::chrono::seconds> throttled(Connection& c, const AccountPolicy& policy,
                                              std::string_view user_key,
                                              std::string_view address_key, Time now) {
  auto by_user = wait_for(c, kFailuresByUser, user_key, policy.max_failures_per_user,
                          policy.failure_window, now);
  auto by_address = wait_for(c, kFailuresByAddress, address_key, policy.max_failures_per_address,
                             policy.failure_window, now);
  if (!by_user) return by_address;
  if (!by_address) return by_user;
  return std::max(*by_user, *by_address);
}

std::string throttled_message(std::chrono::seconds wait) {
  const auto minutes = (wait.count() + 59) / 60;
  return "too many failed sign-ins; try again in " + std::to_string(minutes) +
         (minutes == 1 ? " minute" : " minutes");
}

void prune_failures(Connection& c, const AccountPolicy& policy, Time now) {
  c.prepare("DELETE FROM login_failures WHERE at <= ?")
      .bind(1, seconds(now - policy.failure_window))
      .run();
}

void record_failure(Connection& c, const AccountPolicy& policy, std::string_view user_key,
                    std::string_view address_key, Time now) {
  WriteTransaction tx(c);
  prune_failures(c, policy, now);
  c.prepare("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)")
      .bind_all(user_key, address_key, seconds(now))
      .run();
  // The name someone typed, never the password; it may name no account at all.
  append_audit(c, {now,
                   "anonymous",
                   "session.login_failed",
                   detail::user_subject(user_key),
                   {{"address", address_key}}});
  tx.commit();
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

Expected<NewSession, LoginRefused> Accounts::login(std::string_view name, std::string_view password,
                                                   std::string_view address, Time now) {
  const std::string user_key = detail::printable(name);
  const std::string address_key = detail::printable(address);
  // Before the password is looked at: while throttled, even the right password is refused.
  if (auto wait = throttled(conn_, policy_, user_key, address_key, now))
    return unexpected(LoginRefused{LoginRefused::Why::throttled, throttled_message(*wait), *wait});

  std::optional<detail::UserRow> row;
  if (valid_user_name(name)) row = detail::find_user_row(conn_, name);
  bool ok = false;
  if (row && row->enabled && row->password_hash)
    ok = detail::verify_password(*row->password_hash, password);
  else
    detail::verify_dummy_password(password);  // as slow as a real check: no timing tell
  const auto refused = [] {
    return unexpected(
        LoginRefused{LoginRefused::Why::bad_credentials, std::string(kBadCredentials), {}});
  };
  if (!ok) {
    record_failure(conn_, policy_, user_key, address_key, now);
    return refused();
  }
  std::optional<std::string> rehash;
  if (detail::password_needs_rehash(*row->password_hash)) rehash = detail::hash_password(password);

  WriteTransaction tx(conn_);
  // Argon2 ran outside the lock: the user may have been removed or given a new password since.
  const auto now_row = detail::find_user_row(conn_, name);
  if (!now_row || !now_row->enabled || now_row->password_hash != row->password_hash)
    return refused();
  if (rehash)
    conn_.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind_all(*rehash, row->id)
        .run();
  conn_.prepare("DELETE FROM login_failures WHERE username = ?").bind(1, user_key).run();
  prune_failures(conn_, policy_, now);
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
  append_audit(conn_, {now,
                       detail::user_actor(row->name),
                       "session.login",
                       detail::user_subject(row->name),
                       {{"address", address_key}, {"rehashed", rehash.has_value()}}});
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
