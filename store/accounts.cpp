// Users: roles, names, passwords and grants. Sessions are in accounts_sessions.cpp, API tokens
// in accounts_tokens.cpp.
#include "store/accounts.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "filters/utf8.hpp"
#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"
#include "store/credential_crypto.hpp"
#include "store/password_rule.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

using detail::from_seconds;
using detail::seconds;

std::string_view to_string(Role r) noexcept {
  switch (r) {
    case Role::admin:
      return "admin";
    case Role::moderator:
      return "moderator";
    case Role::safeguarding:
      return "safeguarding";
    case Role::viewer:
      return "viewer";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view name) noexcept {
  for (Role r : {Role::admin, Role::moderator, Role::safeguarding, Role::viewer})
    if (to_string(r) == name) return r;
  return std::nullopt;
}

bool valid_user_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '@' || c == '-';
  });
}

namespace detail {

std::string printable(std::string_view text, std::size_t max_bytes) {
  std::string out(text.substr(0, max_bytes));
  for (char& c : out)
    if (c < 0x21 || c > 0x7e) c = '?';
  return out;
}

std::optional<UserRow> find_user_row(Connection& connection, std::string_view name) {
  Statement s = connection.prepare(
      "SELECT id, name, password_hash, disabled_at IS NULL FROM users WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return UserRow{s.int64(0), s.text(1), s.optional_text(2), s.int64(3) != 0};
}

std::optional<User> load_user(Connection& connection, std::int64_t user_id) {
  User user;
  {
    Statement s = connection.prepare(
        "SELECT id, name, created_at, COALESCE(email, ''), digest, "
        "EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = users.id "
        "AND f.confirmed_at IS NOT NULL) FROM users WHERE id = ? AND disabled_at IS NULL");
    s.bind(1, user_id);
    if (!s.step()) return std::nullopt;
    user.id = s.int64(0);
    user.name = s.text(1);
    user.created_at = from_seconds(s.int64(2));
    user.email = s.text(3);
    user.digest = s.int64(4) != 0;
    user.second_factor = s.int64(5) != 0;
  }
  Statement g = connection.prepare(
      "SELECT role, school_id FROM user_roles WHERE user_id = ? ORDER BY school_id, role");
  g.bind(1, user_id);
  while (g.step())
    if (auto role = parse_role(g.text(0))) user.grants.push_back({*role, g.text(1)});
  return user;
}

// Same rule as the config's school ids, repeated here because the store does not depend on the
// config.
static bool valid_school_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::optional<std::string> grants_problem(const std::vector<Grant>& grants) {
  if (grants.empty()) return std::string("a user needs at least one role");
  for (const Grant& g : grants) {
    if (to_string(g.role).empty()) return std::string("unknown role");
    if (g.school != "*" && !valid_school_id(g.school))
      return "'" + detail::printable(g.school) + "' is not a school id (or \"*\" for every school)";
  }
  return std::nullopt;
}

nlohmann::json grants_json(const std::vector<Grant>& grants) {
  nlohmann::json out = nlohmann::json::array();
  for (const Grant& g : grants) out.push_back({{"role", to_string(g.role)}, {"school", g.school}});
  return out;
}

}  // namespace detail

namespace {

// Signs the user out everywhere and revokes their API tokens: how many of each.
std::pair<int, int> end_sessions_and_tokens(Connection& c, std::int64_t user_id, Time now) {
  c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
  const int sessions = c.changes();
  c.prepare("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
      .bind_all(detail::seconds(now), user_id)
      .run();
  return {sessions, c.changes()};
}

std::string name_problem() {
  return "a user name is 1 to 64 letters, digits, '.', '_', '@' or '-'";
}

std::string no_such_user(std::string_view name) {
  return "no user named '" + detail::printable(name) + "'";
}

}  // namespace

Accounts::Accounts(Connection& connection, AccountPolicy policy)
    : conn_(connection), policy_(policy) {}

std::optional<std::string> Accounts::new_user_problem(std::string_view name,
                                                      std::string_view password,
                                                      const std::vector<Grant>& grants) {
  if (!valid_user_name(name)) return name_problem();
  if (auto problem = password_problem(password, name, policy_.min_password_length)) return problem;
  if (auto problem = detail::grants_problem(grants)) return problem;
  // Checked before hashing too, so a duplicate is refused without spending Argon2's time.
  if (auto row = detail::find_user_row(conn_, name); row && row->enabled)
    return "a user named '" + std::string(name) + "' already exists";
  return std::nullopt;
}

std::optional<std::string> Accounts::new_password_problem(std::string_view name,
                                                          std::string_view password) {
  if (auto problem = password_problem(password, name, policy_.min_password_length)) return problem;
  if (auto row = detail::find_user_row(conn_, name); !row || !row->enabled)
    return no_such_user(name);
  return std::nullopt;
}

std::string Accounts::hash_new_password(std::string_view password) {
  return detail::hash_password(password);
}

Expected<User, std::string> Accounts::add_user(std::string_view name, std::string_view password,
                                               const std::vector<Grant>& grants,
                                               std::string_view actor, Time now) {
  if (auto problem = new_user_problem(name, password, grants)) return unexpected(*problem);
  // Outside the transaction: the write lock is not held while Argon2 runs.
  return add_user_hashed(name, hash_new_password(password), grants, actor, now);
}

Expected<User, std::string> Accounts::add_user_hashed(std::string_view name,
                                                      const std::string& hash,
                                                      const std::vector<Grant>& grants,
                                                      std::string_view actor, Time now) {
  if (!valid_user_name(name)) return unexpected(name_problem());
  if (auto problem = detail::grants_problem(grants)) return unexpected(*problem);
  const auto taken = [&] {
    return unexpected("a user named '" + std::string(name) + "' already exists");
  };
  WriteTransaction tx(conn_);
  // Again, inside the lock: another process may have added the name meanwhile.
  const auto row = detail::find_user_row(conn_, name);
  if (row && row->enabled) return taken();
  std::int64_t id = 0;
  if (row) {
    // A removed user's row comes back, so the audit log's "user:NAME" stays one account.
    id = row->id;
    conn_
        .prepare(
            "UPDATE users SET password_hash = ?, created_at = ?, disabled_at = NULL WHERE id = ?")
        .bind_all(hash, seconds(now), id)
        .run();
    conn_.prepare("DELETE FROM user_roles WHERE user_id = ?").bind(1, id).run();
  } else {
    conn_.prepare("INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)")
        .bind_all(name, hash, seconds(now))
        .run();
    id = conn_.last_insert_rowid();
  }
  for (const Grant& g : grants)
    conn_.prepare("INSERT OR IGNORE INTO user_roles (user_id, role, school_id) VALUES (?, ?, ?)")
        .bind_all(id, to_string(g.role), g.school)
        .run();
  append_audit(conn_, {now,
                       std::string(actor),
                       "user.add",
                       detail::user_subject(name),
                       {{"roles", detail::grants_json(grants)}, {"re_enabled", row.has_value()}}});
  auto user = detail::load_user(conn_, id);
  tx.commit();
  return *user;
}

Expected<void, std::string> Accounts::remove_user(std::string_view name, std::string_view actor,
                                                  Time now) {
  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return unexpected(no_such_user(name));
  conn_.prepare("UPDATE users SET disabled_at = ?, password_hash = NULL WHERE id = ?")
      .bind_all(seconds(now), row->id)
      .run();
  conn_.prepare("DELETE FROM user_roles WHERE user_id = ?").bind(1, row->id).run();
  const auto [sessions, tokens] = end_sessions_and_tokens(conn_, row->id, now);
  append_audit(conn_, {now,
                       std::string(actor),
                       "user.remove",
                       detail::user_subject(name),
                       {{"sessions_ended", sessions}, {"tokens_revoked", tokens}}});
  tx.commit();
  return {};
}

Expected<void, std::string> Accounts::set_password(std::string_view name, std::string_view password,
                                                   std::string_view actor, Time now) {
  if (auto problem = new_password_problem(name, password)) return unexpected(*problem);
  return set_password_hashed(name, hash_new_password(password), actor, now);
}

Expected<void, std::string> Accounts::set_password_hashed(std::string_view name,
                                                          const std::string& hash,
                                                          std::string_view actor, Time now) {
  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return unexpected(no_such_user(name));
  conn_.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind_all(hash, row->id).run();
  // A new password is often a response to a leaked one: whoever holds a session made with the
  // old one is signed out, and a throttled account can sign in again at once.
  // Their API tokens too: a script's token made by whoever knew the old password would
  // otherwise outlive it.
  const auto [sessions, tokens] = end_sessions_and_tokens(conn_, row->id, now);
  conn_.prepare("DELETE FROM login_failures WHERE account = ?").bind(1, name).run();
  append_audit(conn_, {now,
                       std::string(actor),
                       "user.password",
                       detail::user_subject(name),
                       {{"sessions_ended", sessions}, {"tokens_revoked", tokens}}});
  tx.commit();
  return {};
}

std::optional<User> Accounts::user(std::string_view name) {
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return std::nullopt;
  return detail::load_user(conn_, row->id);
}

std::vector<User> Accounts::users() {
  std::vector<std::int64_t> ids;
  {
    Statement s = conn_.prepare("SELECT id FROM users WHERE disabled_at IS NULL ORDER BY name");
    while (s.step()) ids.push_back(s.int64(0));
  }
  std::vector<User> out;
  for (std::int64_t id : ids)
    if (auto u = detail::load_user(conn_, id)) out.push_back(std::move(*u));
  return out;
}

}  // namespace hm::store
