// The Store's safeguarding alert outbox (store/alert_outbox.hpp).
#include <algorithm>
#include <cmath>

#include "store/store.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

using namespace detail;

std::string_view to_string(AlertState s) noexcept {
  switch (s) {
    case AlertState::pending:
      return "pending";
    case AlertState::sent:
      return "sent";
    case AlertState::failed:
      return "failed";
  }
  return "pending";
}

std::string_view to_string(AlertTransport t) noexcept {
  return t == AlertTransport::webhook ? "webhook" : "email";
}

std::chrono::seconds alert_retry_delay(const AlertRetryPolicy& policy, int attempts,
                                       double jitter) noexcept {
  const double base = double(policy.base_delay.count());
  const double cap = double(policy.max_delay.count());
  // 3^(attempts-1) overflows nothing here: the exponent is clamped long before it matters.
  const double full = std::min(cap, base * std::pow(3.0, std::clamp(attempts - 1, 0, 30)));
  const double scaled = full * (0.75 + 0.25 * std::clamp(jitter, 0.0, 1.0));
  return std::chrono::seconds(std::max<std::int64_t>(1, std::int64_t(scaled)));
}

namespace {

AlertState parse_state(const std::string& s) {
  if (s == "sent") return AlertState::sent;
  if (s == "failed") return AlertState::failed;
  return AlertState::pending;
}

// The transports that have delivered an alert, for audit rows.
nlohmann::json delivered(Connection& conn, std::int64_t alert_id) {
  Statement s = conn.prepare(
      "SELECT webhook_sent_at IS NOT NULL, email_sent_at IS NOT NULL FROM safeguarding_alerts "
      "WHERE id = ?");
  s.bind(1, alert_id);
  nlohmann::json out = nlohmann::json::array();
  if (s.step()) {
    if (s.int64(0)) out.push_back("webhook");
    if (s.int64(1)) out.push_back("email");
  }
  return out;
}

struct AlertHeader {
  std::int64_t comment_id = 0;
  std::string school_id;
  std::string state;
  int attempts = 0;
};

std::optional<AlertHeader> alert_header(Connection& conn, std::int64_t alert_id) {
  Statement s = conn.prepare(
      "SELECT comment_id, school_id, state, attempts FROM safeguarding_alerts WHERE id = ?");
  s.bind(1, alert_id);
  if (!s.step()) return std::nullopt;
  return AlertHeader{s.int64(0), s.text(1), s.text(2), int(s.int64(3))};
}

}  // namespace

bool Store::queue_alert(std::int64_t comment_id, std::string_view channel_id, Time now) {
  // Called inside record's transaction. UNIQUE(comment_id): an edit that is flagged
  // again does not alert twice.
  conn_
      .prepare(
          "INSERT OR IGNORE INTO safeguarding_alerts (comment_id, school_id, created_at, "
          "next_attempt_at) SELECT ?, school_id, ?, ? FROM channels WHERE id = ?")
      .bind_all(comment_id, seconds(now), seconds(now), channel_id)
      .run();
  return conn_.changes() > 0;
}

std::vector<DueAlert> Store::due_alerts(Time now, int limit) {
  // The categories are those of the newest safeguarding verdict on the comment (a later edit
  // may have changed them; the alert is about the version that was flagged).
  Statement s = conn_.prepare(
      "SELECT a.id, a.comment_id, a.school_id, c.channel_id, ch.platform, "
      "COALESCE((SELECT v.categories FROM verdicts v JOIN comment_versions cv "
      "ON cv.id = v.version_id WHERE cv.comment_id = a.comment_id "
      "AND (',' || v.categories || ',') LIKE '%,safeguarding,%' "
      "ORDER BY cv.version DESC LIMIT 1), 'safeguarding'), "
      "a.created_at, c.created_at, a.attempts, a.webhook_sent_at IS NOT NULL, "
      "a.email_sent_at IS NOT NULL, EXISTS (SELECT 1 FROM verdicts v JOIN comment_versions cv "
      "ON cv.id = v.version_id WHERE cv.comment_id = a.comment_id "
      "AND v.urgency = 'risk_to_life') "
      "FROM safeguarding_alerts a JOIN comments c ON c.id = a.comment_id "
      "JOIN channels ch ON ch.id = c.channel_id "
      "WHERE a.state = 'pending' AND a.next_attempt_at <= ? "
      "ORDER BY a.next_attempt_at, a.id LIMIT ?");
  s.bind_all(seconds(now), std::int64_t(limit));
  std::vector<DueAlert> out;
  while (s.step()) {
    DueAlert a;
    a.id = s.int64(0);
    a.comment_id = s.int64(1);
    a.school_id = s.text(2);
    a.channel_id = s.text(3);
    a.platform = stored_platform(s.text(4));
    a.categories = split_categories(s.text(5));
    std::sort(a.categories.begin(), a.categories.end());
    a.created_at = from_seconds(s.int64(6));
    a.comment_created_at = from_seconds(s.int64(7));
    a.attempts = int(s.int64(8));
    a.webhook_sent = s.int64(9) != 0;
    a.email_sent = s.int64(10) != 0;
    a.urgent = s.int64(11) != 0;
    out.push_back(std::move(a));
  }
  return out;
}

std::optional<Time> Store::next_alert_due() {
  Statement s =
      conn_.prepare("SELECT MIN(next_attempt_at) FROM safeguarding_alerts WHERE state = 'pending'");
  if (s.step() && !s.is_null(0)) return from_seconds(s.int64(0));
  return std::nullopt;
}

void Store::mark_alert_transport_sent(std::int64_t alert_id, AlertTransport transport, Time now) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(transport == AlertTransport::webhook
                   ? "UPDATE safeguarding_alerts SET webhook_sent_at = ? WHERE id = ? "
                     "AND webhook_sent_at IS NULL"
                   : "UPDATE safeguarding_alerts SET email_sent_at = ? WHERE id = ? "
                     "AND email_sent_at IS NULL")
      .bind_all(seconds(now), alert_id)
      .run();
  tx.commit();
}

void Store::mark_alert_sent(std::int64_t alert_id, Time now) {
  WriteTransaction tx(conn_);
  auto header = alert_header(conn_, alert_id);
  if (!header || header->state != "pending") return;  // another writer finished it
  conn_
      .prepare(
          "UPDATE safeguarding_alerts SET state = 'sent', sent_at = ?, last_error = NULL "
          "WHERE id = ?")
      .bind_all(seconds(now), alert_id)
      .run();
  append_audit(conn_, {now,
                       "notifier",
                       "alert.sent",
                       subject("comment", header->comment_id),
                       {{"alert", alert_id},
                        {"school", header->school_id},
                        {"attempts", header->attempts + 1},
                        {"transports", delivered(conn_, alert_id)}}});
  tx.commit();
}

AlertState Store::record_alert_failure(std::int64_t alert_id, const AlertFailure& failure, Time now,
                                       const AlertRetryPolicy& retry) {
  WriteTransaction tx(conn_);
  auto header = alert_header(conn_, alert_id);
  if (!header) throw StoreError("record_alert_failure: no alert " + std::to_string(alert_id));
  if (header->state != "pending") return parse_state(header->state);
  const int attempts = header->attempts + 1;
  const bool give_up = failure.permanent || attempts >= retry.max_attempts;
  const Time next = now + alert_retry_delay(retry, attempts, failure.jitter);
  conn_
      .prepare(
          "UPDATE safeguarding_alerts SET attempts = ?, state = ?, next_attempt_at = ?, "
          "last_error = ? WHERE id = ?")
      .bind_all(attempts, give_up ? "failed" : "pending", seconds(give_up ? now : next),
                failure.error, alert_id)
      .run();
  if (give_up)
    append_audit(conn_, {now,
                         "notifier",
                         "alert.failed",
                         subject("comment", header->comment_id),
                         {{"alert", alert_id},
                          {"school", header->school_id},
                          {"attempts", attempts},
                          {"permanent", failure.permanent},
                          {"delivered", delivered(conn_, alert_id)},
                          {"error", failure.error}}});
  tx.commit();
  return give_up ? AlertState::failed : AlertState::pending;
}

std::optional<AlertRow> Store::alert_for_comment(std::int64_t comment_id) {
  Statement s = conn_.prepare(
      "SELECT id, comment_id, school_id, state, attempts, next_attempt_at, webhook_sent_at, "
      "email_sent_at, sent_at, COALESCE(last_error, '') FROM safeguarding_alerts "
      "WHERE comment_id = ?");
  s.bind(1, comment_id);
  if (!s.step()) return std::nullopt;
  AlertRow r;
  r.id = s.int64(0);
  r.comment_id = s.int64(1);
  r.school_id = s.text(2);
  r.state = parse_state(s.text(3));
  r.attempts = int(s.int64(4));
  r.next_attempt_at = from_seconds(s.int64(5));
  auto time_of = [&](int column) -> std::optional<Time> {
    if (auto v = s.optional_int64(column)) return from_seconds(*v);
    return std::nullopt;
  };
  r.webhook_sent_at = time_of(6);
  r.email_sent_at = time_of(7);
  r.sent_at = time_of(8);
  r.last_error = s.text(9);
  return r;
}

}  // namespace hm::store
