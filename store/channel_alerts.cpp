#include "store/channel_alerts.hpp"

#include "store/audit_log.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

using detail::from_seconds;
using detail::seconds;

std::set<std::string> channels_with_open_alert(Connection& db) {
  Statement s = db.prepare("SELECT channel_id FROM channel_alerts WHERE cleared_at IS NULL");
  std::set<std::string> out;
  while (s.step()) out.insert(s.text(0));
  return out;
}

bool open_channel_alert(Connection& db, std::string_view channel_id, std::string_view reason,
                        moderation::Time now) {
  WriteTransaction tx(db);
  // The partial UNIQUE index (one row per channel WHERE cleared_at IS NULL) makes this once.
  db.prepare(
        "INSERT OR IGNORE INTO channel_alerts (channel_id, school_id, reason, created_at, "
        "next_attempt_at) SELECT id, school_id, ?, ?, ? FROM channels WHERE id = ?")
      .bind_all(reason, seconds(now), seconds(now), channel_id)
      .run();
  const bool written = db.changes() > 0;
  if (written)
    append_audit(db, {now,
                      "system",
                      "channel.stopped",
                      "channel:" + std::string(channel_id),
                      {{"alert", db.last_insert_rowid()}}});
  tx.commit();
  return written;
}

void clear_channel_alert(Connection& db, std::string_view channel_id, moderation::Time now) {
  WriteTransaction tx(db);
  db.prepare("UPDATE channel_alerts SET cleared_at = ? WHERE channel_id = ? AND cleared_at IS NULL")
      .bind_all(seconds(now), channel_id)
      .run();
  if (db.changes() > 0)
    append_audit(db, {now, "system", "channel.running", "channel:" + std::string(channel_id), {}});
  tx.commit();
}

std::vector<DueChannelAlert> due_channel_alerts(Connection& db, moderation::Time now, int limit) {
  Statement s = db.prepare(
      "SELECT a.id, a.channel_id, a.school_id, ch.platform, a.reason, a.created_at, a.attempts, "
      "a.webhook_sent_at IS NOT NULL, a.email_sent_at IS NOT NULL FROM channel_alerts a "
      "JOIN channels ch ON ch.id = a.channel_id "
      "WHERE a.state = 'pending' AND a.next_attempt_at <= ? ORDER BY a.next_attempt_at, a.id "
      "LIMIT ?");
  s.bind_all(seconds(now), std::int64_t(limit));
  std::vector<DueChannelAlert> out;
  while (s.step())
    out.push_back({s.int64(0), s.text(1), s.text(2), stored_platform(s.text(3)), s.text(4),
                   from_seconds(s.int64(5)), int(s.int64(6)), s.int64(7) != 0, s.int64(8) != 0});
  return out;
}

void mark_channel_alert_transport_sent(Connection& db, std::int64_t id, AlertTransport transport,
                                       moderation::Time now) {
  WriteTransaction tx(db);
  db.prepare(transport == AlertTransport::webhook
                 ? "UPDATE channel_alerts SET webhook_sent_at = ? WHERE id = ? AND "
                   "webhook_sent_at IS NULL"
                 : "UPDATE channel_alerts SET email_sent_at = ? WHERE id = ? AND "
                   "email_sent_at IS NULL")
      .bind_all(seconds(now), id)
      .run();
  tx.commit();
}

void mark_channel_alert_sent(Connection& db, std::int64_t id, moderation::Time now) {
  WriteTransaction tx(db);
  db.prepare(
        "UPDATE channel_alerts SET state = 'sent', sent_at = ?, last_error = NULL "
        "WHERE id = ? AND state = 'pending'")
      .bind_all(seconds(now), id)
      .run();
  tx.commit();
}

std::optional<AlertState> channel_alert_state(Connection& db, std::int64_t id) {
  Statement s = db.prepare("SELECT state FROM channel_alerts WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  const std::string state = s.text(0);
  return state == "sent"     ? AlertState::sent
         : state == "failed" ? AlertState::failed
                             : AlertState::pending;
}

AlertState record_channel_alert_failure(Connection& db, std::int64_t id,
                                        const AlertFailure& failure, moderation::Time now,
                                        const AlertRetryPolicy& retry) {
  WriteTransaction tx(db);
  Statement s = db.prepare("SELECT state, attempts FROM channel_alerts WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return AlertState::failed;
  if (s.text(0) != "pending") return s.text(0) == "sent" ? AlertState::sent : AlertState::failed;
  const int attempts = int(s.int64(1)) + 1;
  const bool give_up = failure.permanent || attempts >= retry.max_attempts;
  const moderation::Time next = now + alert_retry_delay(retry, attempts, failure.jitter);
  db.prepare(
        "UPDATE channel_alerts SET attempts = ?, state = ?, next_attempt_at = ?, last_error = ? "
        "WHERE id = ?")
      .bind_all(attempts, give_up ? "failed" : "pending", seconds(give_up ? now : next),
                failure.error, id)
      .run();
  tx.commit();
  return give_up ? AlertState::failed : AlertState::pending;
}

std::vector<std::string> admin_emails(Connection& db, std::string_view school_id) {
  Statement s = db.prepare(
      "SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id "
      "WHERE u.disabled_at IS NULL AND u.email IS NOT NULL AND r.role = 'admin' "
      "AND r.school_id IN (?, '*') ORDER BY u.email");
  s.bind(1, school_id);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

}  // namespace hm::store
