// AlertNotifier's second duty: telling a school's admins, once per stop, that one of its channels
// stopped (its token refused, its permissions gone), with what to do. The channel's state is
// read from the daemon's ChannelBoard through the source given to watch_channels(); the notice
// is written to the store's outbox (store/channel_alerts.hpp) before anything is sent, so a
// crash neither loses it nor sends it again once it went; it is delivered by e-mail to every
// admin of the school (or of every school) with an address, and by the school's alert webhook
// (while a channel is stopped its safeguarding alerts stop too, so that channel hears it).
#include "daemon/alerts/alert_notifier.hpp"
#include "daemon/alerts/channel_alert_message.hpp"

namespace hm::daemon::alerts {

void AlertNotifier::watch_channels(std::function<std::vector<ChannelCondition>()> source) {
  channel_source_ = std::move(source);
  channels_told_ = store::channels_with_open_alert(store_.connection());
  wakeup_.wake();
}

boost::asio::awaitable<void> AlertNotifier::channels_turn() {
  if (!channel_source_) co_return;
  auto& db = store_.connection();
  for (const auto& c : channel_source_()) {
    const bool told = channels_told_.contains(c.id);
    if (c.stopped && !told) {
      if (store::open_channel_alert(db, c.id, c.reason, clock_.now()))
        LogLine(log_, LogPriority::warning)
            << "alert: channel " << c.id << " stopped: telling its school's admins";
      channels_told_.insert(c.id);
    } else if (c.polling && told) {
      store::clear_channel_alert(db, c.id, clock_.now());
      channels_told_.erase(c.id);
    }
  }
  for (const auto& alert : store::due_channel_alerts(db, clock_.now(), 20)) {
    if (stopping_) co_return;
    co_await deliver_channel_alert(alert);
  }
}

boost::asio::awaitable<void> AlertNotifier::deliver_channel_alert(
    const store::DueChannelAlert& alert) {
  auto& db = store_.connection();
  const std::string who = "alert: school " + alert.school_id + " channel " + alert.channel_id;
  auto route = routes_.find(alert.school_id);
  const bool webhook = route != routes_.end() && !route->second.webhook_credential.empty();
  const auto admins = smtp_ ? store::admin_emails(db, alert.school_id) : std::vector<std::string>{};
  if (!webhook && admins.empty()) {
    store::record_channel_alert_failure(
        db, alert.id, {"no admin with an e-mail address, and no webhook", true, 0.0}, clock_.now());
    LogLine(log_, LogPriority::warning)
        << who << " stopped: no admin of the school has an e-mail address (and no webhook or "
        << "no [alerts] smtp_server): shown on the console's Today page only";
    co_return;
  }
  ChannelAlertFacts facts{alert.id,
                          alert.school_id,
                          route != routes_.end() ? route->second.school_name : alert.school_id,
                          alert.channel_id,
                          alert.platform,
                          alert.reason,
                          alert.stopped_at,
                          console_url_};
  while (!facts.console_url.empty() && facts.console_url.back() == '/')
    facts.console_url.pop_back();
  std::string error;
  bool permanent = true;
  auto attempt = [&](store::AlertTransport transport, const Attempt& a) {
    if (a.ok) {
      store::mark_channel_alert_transport_sent(db, alert.id, transport, clock_.now());
      LogLine(log_, LogPriority::info)
          << who << " stopped: told by " << store::to_string(transport);
      return;
    }
    error += (error.empty() ? "" : "; ") + a.error;
    permanent = permanent && a.permanent;
  };
  if (webhook && !alert.webhook_sent)
    attempt(store::AlertTransport::webhook,
            co_await by_webhook(route->second, channel_alert_webhook_body(facts)));
  if (!admins.empty() && !alert.email_sent)
    attempt(store::AlertTransport::email,
            co_await by_email(admins, alert.id, "channel", [&](const EmailEnvelope& e) {
              return channel_alert_email(facts, e);
            }));
  if (error.empty()) {
    store::mark_channel_alert_sent(db, alert.id, clock_.now());
    co_return;
  }
  const double jitter = std::uniform_real_distribution<double>(0, 1)(rng_);
  const auto state =
      store::record_channel_alert_failure(db, alert.id, {error, permanent, jitter}, clock_.now());
  LogLine(log_, state == store::AlertState::failed ? LogPriority::error : LogPriority::warning)
      << who << " stopped: not told (" << error << ")"
      << (state == store::AlertState::failed ? "; gave up" : "; will retry");
}

}  // namespace hm::daemon::alerts
