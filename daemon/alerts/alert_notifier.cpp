#include "daemon/alerts/alert_notifier.hpp"

#include <algorithm>

#include "connectors/credentials.hpp"
#include "daemon/alerts/smtp_client.hpp"
#include "daemon/alerts/webhook_sender.hpp"
#include "daemon/credentials.hpp"

namespace hm::daemon::alerts {
namespace {

using moderation::Time;

constexpr int kBatch = 20;
constexpr std::chrono::milliseconds kChannelCheck{2000};

}  // namespace

std::string console_url_of(const config::Config& cfg) {
  if (!cfg.console.public_url.empty()) return cfg.console.public_url;
  return (cfg.console.tls_cert.empty() ? "http://" : "https://") + cfg.daemon.listen;
}

AlertNotifier::AlertNotifier(boost::asio::any_io_executor executor, store::Store& store,
                             const config::Config& cfg, Metrics& metrics, Clock& clock,
                             LogSink& log)
    : executor_(executor),
      store_(store),
      metrics_(metrics),
      clock_(clock),
      log_(log),
      smtp_(cfg.smtp),
      credentials_(credential_source(cfg)),
      console_url_(console_url_of(cfg)),
      ehlo_name_(ehlo_name()),
      wakeup_(executor) {
  for (const auto& school : cfg.schools) {
    Route r{school.name,
            school.safeguarding.webhook_credential,
            school.safeguarding.webhook_ca_file,
            {},
            {}};
    if (smtp_) r.emails = school.safeguarding.emails;
    for (const auto& ch : school.channels) r.channels.emplace_back(ch.id, ch.platform);
    if (r.webhook_credential.empty() && r.emails.empty())
      LogLine(log_, LogPriority::warning)
          << "alert: school " << school.id
          << " has no safeguarding webhook or e-mail configured: its safeguarding alerts "
             "are shown only in the console (marked failed, \"no transport configured\")";
    else
      LogLine(log_, LogPriority::info)
          << "alert: school " << school.id << ": safeguarding alerts by "
          << (r.webhook_credential.empty() ? "" : "webhook")
          << (!r.webhook_credential.empty() && !r.emails.empty() ? " and " : "")
          << (r.emails.empty() ? ""
                               : "e-mail to " + std::to_string(r.emails.size()) + " address(es)");
    routes_.emplace(school.id, std::move(r));
  }
  // The series exist from the start, so a dashboard shows 0 rather than nothing.
  for (const char* transport : {"webhook", "email"})
    metrics_.counter("hallmonitor_alerts_sent_total",
                     "Safeguarding alerts delivered, by transport.", {{"transport", transport}});
  metrics_.counter("hallmonitor_alerts_failed_total", "Safeguarding alerts given up on.");
  // Reported now so the admin sees it at start; each delivery reads the file again, so adding
  // it later needs no restart.
  for (const auto& p : missing_alert_credentials(cfg))
    LogLine(log_, LogPriority::error) << p.str() << " (alerts are retried until it is there)";
}

void AlertNotifier::stop() {
  stopping_ = true;
  wakeup_.wake();
}

std::chrono::milliseconds AlertNotifier::next_sleep() {
  const auto next = store_.next_alert_due();
  if (!next) return std::chrono::hours(1);  // nothing pending: a poll that queues one wakes us
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*next - clock_.now());
  // next_attempt_at is in whole seconds: sleep to just past it, never less than a moment.
  return std::clamp(wait + std::chrono::milliseconds(50), std::chrono::milliseconds(50),
                    std::chrono::milliseconds(std::chrono::hours(1)));
}

boost::asio::awaitable<void> AlertNotifier::run() {
  while (!stopping_) {
    auto sleep = std::chrono::milliseconds(5000);  // after an exception: pause, do not spin
    // One catch-all per turn: a database hiccup never ends the notifier.
    try {
      auto due = store_.due_alerts(clock_.now(), kBatch);
      for (const auto& alert : due) {
        if (stopping_) co_return;
        co_await deliver(alert);
      }
      co_await channels_turn();
      co_await digest_turn();
      sleep = due.size() == std::size_t(kBatch) ? std::chrono::milliseconds(0) : next_sleep();
      // Channel states are read, not pushed: look again soon.
      if (channel_source_) sleep = std::min(sleep, kChannelCheck);
      if (smtp_)
        sleep = std::min(sleep, std::max(std::chrono::milliseconds(50),
                                         std::chrono::duration_cast<std::chrono::milliseconds>(
                                             next_digest_check_ - clock_.now())));
    } catch (const std::exception& e) {
      LogLine(log_, LogPriority::error) << "alert: " << e.what();
    }
    if (stopping_) co_return;
    if (sleep > std::chrono::milliseconds(0)) co_await clock_.sleep(wakeup_, sleep);
  }
}

std::optional<std::string> AlertNotifier::read_secret(const std::string& name,
                                                      std::string& error) const {
  std::string ignored;
  auto where = credential_file(credentials_, name);
  if (!where.file) {
    error = "credential " + where.problem;
    return std::nullopt;
  }
  auto text = connectors::read_secret_file(*where.file, ignored);
  if (!text) {
    error = "credential '" + name + "' cannot be read from " + where.file->string();
    return std::nullopt;
  }
  // Editors and `echo` add a final newline; it is not part of the secret.
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  if (text->empty()) {
    error = "credential '" + name + "' is empty";
    return std::nullopt;
  }
  return text;
}

boost::asio::awaitable<AlertNotifier::Attempt> AlertNotifier::by_webhook(const Route& route,
                                                                         std::string body) {
  Attempt a;
  std::string error;
  auto url = read_secret(route.webhook_credential, error);
  if (!url) {
    a.error = "webhook: " + error;
    co_return a;  // retryable: the admin may be about to install it
  }
  WebhookOutcome r = co_await post_webhook(executor_, std::move(*url), route.webhook_ca_file,
                                           std::move(body), timeout_);
  a.ok = r.result == Delivery::sent;
  a.permanent = r.result == Delivery::permanent;
  a.error = r.error;
  co_return a;
}

boost::asio::awaitable<AlertNotifier::Attempt> AlertNotifier::by_email(
    std::vector<std::string> recipients, std::int64_t id, std::string_view kind,
    const std::function<std::string(const EmailEnvelope&)>& message) {
  Attempt a;
  SmtpJob job;
  job.ehlo_name = ehlo_name_;
  job.from = smtp_->from;
  job.recipients = recipients;
  if (!smtp_->username.empty()) {
    std::string error;
    auto password = read_secret(smtp_->credential, error);
    if (!password) {
      a.error = "email: " + error;
      co_return a;
    }
    job.username = smtp_->username;
    job.password = std::move(*password);
  }
  EmailEnvelope envelope{smtp_->from, std::move(recipients),
                         message_id(id, smtp_->from, rng_(), kind), clock_.now()};
  job.message = message(envelope);
  SmtpServer server{smtp_->host, smtp_->port, smtp_->ca_file, timeout_};
  SmtpOutcome r = co_await send_mail(executor_, std::move(server), std::move(job));
  a.ok = r.sent;
  a.permanent = !r.sent && !r.retryable;
  a.error = r.sent ? "" : "email: " + r.error;
  co_return a;
}

boost::asio::awaitable<void> AlertNotifier::deliver(const store::DueAlert& alert) {
  const std::string who =
      "alert: school " + alert.school_id + " comment " + std::to_string(alert.comment_id);
  auto route = routes_.find(alert.school_id);
  const bool webhook = route != routes_.end() && !route->second.webhook_credential.empty();
  const bool email = route != routes_.end() && !route->second.emails.empty();
  auto failed_metric = [&] {
    metrics_.counter("hallmonitor_alerts_failed_total", "Safeguarding alerts given up on.").add();
  };
  if (!webhook && !email) {
    // The console shows it; there is no one else to tell.
    store_.record_alert_failure(alert.id, {"no transport configured", true, 0.0}, clock_.now());
    failed_metric();
    LogLine(log_, LogPriority::warning)
        << who << ": no webhook or e-mail configured; shown in the console only";
    co_return;
  }
  const AlertFacts facts = facts_of(alert, route->second.school_name, console_url_);
  std::vector<Attempt> failures;
  auto attempt = [&](store::AlertTransport transport, Attempt a) {
    const std::string name(store::to_string(transport));
    if (a.ok) {
      store_.mark_alert_transport_sent(alert.id, transport, clock_.now());
      metrics_
          .counter("hallmonitor_alerts_sent_total", "Safeguarding alerts delivered, by transport.",
                   {{"transport", name}})
          .add();
      LogLine(log_, LogPriority::info) << who << " sent by " << name;
    } else {
      metrics_
          .counter("hallmonitor_alert_errors_total",
                   "Failed attempts to deliver a safeguarding alert, by transport.",
                   {{"transport", name}})
          .add();
      failures.push_back(std::move(a));
    }
  };
  if (webhook && !alert.webhook_sent) {
    Attempt a = co_await by_webhook(route->second, webhook_body(facts));
    attempt(store::AlertTransport::webhook, std::move(a));
  }
  if (email && !alert.email_sent) {
    Attempt a = co_await by_email(route->second.emails, alert.id, "alert",
                                  [&](const EmailEnvelope& e) { return email_message(facts, e); });
    attempt(store::AlertTransport::email, std::move(a));
  }

  if (failures.empty()) {
    store_.mark_alert_sent(alert.id, clock_.now());
    co_return;
  }
  std::string error;
  bool permanent = true;  // only when no transport could succeed on a retry
  for (const auto& f : failures) {
    if (!error.empty()) error += "; ";
    error += f.error;
    permanent = permanent && f.permanent;
  }
  const double jitter = std::uniform_real_distribution<double>(0, 1)(rng_);
  const auto state =
      store_.record_alert_failure(alert.id, {error, permanent, jitter}, clock_.now());
  if (state == store::AlertState::failed) {
    failed_metric();
    LogLine(log_, LogPriority::error)
        << who << ": not delivered, gave up after " << alert.attempts + 1
        << " attempt(s): " << error << " (the console shows it)";
  } else {
    LogLine(log_, LogPriority::warning) << who << ": not delivered (" << error << "); will retry";
  }
}

}  // namespace hm::daemon::alerts
