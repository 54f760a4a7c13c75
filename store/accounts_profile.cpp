// Accounts::update_user: a user's roles, e-mail address and digest opt-in (store/accounts.hpp).
#include <algorithm>

#include "store/accounts.hpp"
#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"

namespace hm::store {

bool valid_email(std::string_view a) noexcept {
  if (a.size() < 3 || a.size() > 254) return false;
  const auto at = a.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= a.size() ||
      a.find('@', at + 1) != std::string_view::npos)
    return false;
  if (a.substr(at + 1).find('.') == std::string_view::npos) return false;
  return std::all_of(a.begin(), a.end(), [](char c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != ',' && c != ';' &&
           c != '(' && c != ')' && c != '\\';
  });
}

Expected<User, std::string> Accounts::update_user(std::string_view name, const UserChange& change,
                                                  std::string_view actor, Time now) {
  if (change.grants)
    if (auto problem = detail::grants_problem(*change.grants)) return unexpected(*problem);
  if (change.email && !change.email->empty() && !valid_email(*change.email))
    return unexpected(std::string("'" + detail::printable(*change.email, 254) +
                                  "' is not an e-mail address like name@school.example"));

  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return unexpected("no user named '" + detail::printable(name) + "'");
  auto before = detail::load_user(conn_, row->id);
  const std::string email = change.email.value_or(before->email);
  // No address, no digest: removing the address stops the digest too.
  const bool digest = !email.empty() && change.digest.value_or(before->digest);
  if (change.digest.value_or(false) && email.empty())
    return unexpected(std::string("give an e-mail address for the daily digest"));
  nlohmann::json changed = nlohmann::json::object();
  if (change.grants && *change.grants != before->grants) {
    conn_.prepare("DELETE FROM user_roles WHERE user_id = ?").bind(1, row->id).run();
    for (const Grant& g : *change.grants)
      conn_.prepare("INSERT OR IGNORE INTO user_roles (user_id, role, school_id) VALUES (?, ?, ?)")
          .bind_all(row->id, to_string(g.role), g.school)
          .run();
    changed["roles"] = detail::grants_json(*change.grants);
  }
  if (email != before->email) {
    conn_.prepare("UPDATE users SET email = NULLIF(?, '') WHERE id = ?")
        .bind_all(email, row->id)
        .run();
    changed["email"] = email.empty() ? "removed" : "changed";
  }
  if (digest != before->digest) {
    conn_.prepare("UPDATE users SET digest = ? WHERE id = ?")
        .bind_all(digest ? 1 : 0, row->id)
        .run();
    changed["digest"] = digest;
  }
  if (!changed.empty())
    append_audit(conn_,
                 {now, std::string(actor), "user.update", detail::user_subject(name), changed});
  auto after = detail::load_user(conn_, row->id);
  tx.commit();
  return *after;
}

}  // namespace hm::store
