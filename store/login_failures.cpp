// The store's side of the sign-in throttle; see login_failures.hpp.
#include "store/login_failures.hpp"

#include <nlohmann/json.hpp>

#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"
#include "store/credential_crypto.hpp"
#include "store/sha256.hpp"
#include "store/store_rows.hpp"

namespace hm::store::detail {

namespace {

// Counts saturate here: far past the point where every delay has reached its cap (the doubling
// passes any cap within 30 failures after the free ones).
constexpr int kCountLimit = 100;

FailureCount count_failures(Connection& c, std::string_view where, std::string_view account,
                            std::string_view key, Time since) {
  const std::string sql =
      "SELECT COUNT(*), MAX(at) FROM (SELECT at FROM login_failures WHERE account = ? AND " +
      std::string(where) + " AND at > ? ORDER BY at DESC LIMIT " + std::to_string(kCountLimit) +
      ")";
  Statement s = c.prepare(sql);
  if (key.empty())
    s.bind_all(account, seconds(since));
  else
    s.bind_all(account, key, seconds(since));
  FailureCount f;
  if (s.step() && !s.is_null(1)) f = {int(s.int64(0)), from_seconds(s.int64(1))};
  return f;
}

std::string known_hash(std::string_view salt, std::string_view address_key) {
  return sha256_hex({std::string_view("hallmonitor-known-address\0", 26), salt, address_key});
}

bool is_known(Connection& c, const LoginThrottlePolicy& policy, std::string_view account,
              std::string_view address_key, Time now) {
  Statement s = c.prepare(
      "SELECT k.salt, k.address_sha256 FROM login_known_addresses k JOIN users u "
      "ON u.id = k.user_id WHERE u.name = ? AND u.disabled_at IS NULL AND k.last_success_at > ? "
      "LIMIT ?");
  s.bind_all(account, seconds(now - policy.known_for), policy.max_known_addresses);
  while (s.step())
    if (known_hash(s.text(0), address_key) == s.text(1)) return true;
  return false;
}

ThrottleInputs inputs(Connection& c, const LoginThrottlePolicy& policy, std::string_view account,
                      const AddressKeys& keys, Time now) {
  const Time since = now - policy.window;
  ThrottleInputs in;
  in.address = count_failures(c, "address_key = ?", account, keys.exact, since);
  in.known_address = is_known(c, policy, account, keys.exact, now);
  if (in.known_address) return in;
  if (keys.prefix) in.prefix = count_failures(c, "prefix_key = ?", account, *keys.prefix, since);
  in.unknown_on_account = count_failures(c, "from_known = 0", account, {}, since);
  return in;
}

}  // namespace

std::optional<std::chrono::seconds> login_wait(Connection& c, const LoginThrottlePolicy& policy,
                                               std::string_view account, std::string_view address,
                                               Time now) {
  return wait_before_attempt(policy, inputs(c, policy, account, address_keys(address), now), now);
}

void record_login_failure(Connection& c, const LoginThrottlePolicy& policy,
                          std::string_view account, std::string_view address, Time now) {
  const AddressKeys keys = address_keys(address);
  WriteTransaction tx(c);
  c.prepare("DELETE FROM login_failures WHERE at <= ?").bind(1, seconds(now - policy.window)).run();
  const bool known = is_known(c, policy, account, keys.exact, now);
  c.prepare(
       "INSERT INTO login_failures (account, address_key, prefix_key, from_known, at) "
       "VALUES (?, ?, ?, ?, ?)")
      .bind_all(account, keys.exact, keys.prefix, known ? 1 : 0, seconds(now))
      .run();
  if (!known) {
    const FailureCount unknown =
        count_failures(c, "from_known = 0", account, {}, now - policy.window);
    // Only for a real account: a spray of made-up names must not grow the audit log either.
    const auto enabled_user = [&] {
      if (!valid_user_name(account)) return false;
      const auto user = find_user_row(c, account);
      return user && user->enabled;
    };
    if (account_throttle_starts(policy, unknown.count) && enabled_user())
      append_audit(c, {now,
                       "anonymous",
                       "session.throttle_started",
                       user_subject(account),
                       {{"failures", unknown.count},
                        {"window_seconds", policy.window.count()},
                        {"max_wait_seconds", policy.account_cap.count()}}});
  }
  tx.commit();
}

void record_login_success(Connection& c, const LoginThrottlePolicy& policy, std::int64_t user_id,
                          std::string_view account, std::string_view address, Time now) {
  const AddressKeys keys = address_keys(address);
  c.prepare("DELETE FROM login_failures WHERE (account = ? AND address_key = ?) OR at <= ?")
      .bind_all(account, keys.exact, seconds(now - policy.window))
      .run();
  std::optional<std::int64_t> row;
  {
    Statement s =
        c.prepare("SELECT id, salt, address_sha256 FROM login_known_addresses WHERE user_id = ?");
    s.bind(1, user_id);
    while (s.step())
      if (known_hash(s.text(1), keys.exact) == s.text(2)) row = s.int64(0);
  }
  if (row) {
    c.prepare("UPDATE login_known_addresses SET last_success_at = ? WHERE id = ?")
        .bind_all(seconds(now), *row)
        .run();
  } else {
    const std::string salt = random_secret();
    c.prepare(
         "INSERT INTO login_known_addresses (user_id, salt, address_sha256, last_success_at) "
         "VALUES (?, ?, ?, ?)")
        .bind_all(user_id, salt, known_hash(salt, keys.exact), seconds(now))
        .run();
  }
  // Keep the newest few per account, and none older than known_for.
  c.prepare(
       "DELETE FROM login_known_addresses WHERE user_id = ? AND (last_success_at <= ? OR id NOT "
       "IN (SELECT id FROM login_known_addresses WHERE user_id = ? ORDER BY last_success_at "
       "DESC, id DESC LIMIT ?))")
      .bind_all(user_id, seconds(now - policy.known_for), user_id, policy.max_known_addresses)
      .run();
}

}  // namespace hm::store::detail
