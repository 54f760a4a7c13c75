#include "store/digest_log.hpp"

#include "store/store_rows.hpp"

namespace hm::store {

std::vector<DigestRecipient> digest_recipients(Connection& db, std::string_view school_id) {
  Statement s = db.prepare(
      "SELECT DISTINCT u.id, u.name, u.email FROM users u JOIN user_roles r ON r.user_id = u.id "
      "WHERE u.disabled_at IS NULL AND u.digest = 1 AND u.email IS NOT NULL "
      "AND r.school_id IN (?, '*') ORDER BY u.name");
  s.bind(1, school_id);
  std::vector<DigestRecipient> out;
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2)});
  return out;
}

bool digest_sent(Connection& db, std::int64_t user_id, std::string_view school_id,
                 std::string_view day) {
  Statement s =
      db.prepare("SELECT 1 FROM digest_sends WHERE user_id = ? AND school_id = ? AND day = ?");
  s.bind_all(user_id, school_id, day);
  return s.step();
}

void record_digest_sent(Connection& db, std::int64_t user_id, std::string_view school_id,
                        std::string_view day, moderation::Time now) {
  WriteTransaction tx(db);
  db.prepare(
        "INSERT OR IGNORE INTO digest_sends (user_id, school_id, day, sent_at) "
        "VALUES (?, ?, ?, ?)")
      .bind_all(user_id, school_id, day, detail::seconds(now))
      .run();
  tx.commit();
}

}  // namespace hm::store
