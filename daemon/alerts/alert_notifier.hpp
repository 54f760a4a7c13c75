// Delivers safeguarding alerts from the store's outbox (store/alert_outbox.hpp) to each school's
// designated safeguarding lead: by webhook (safeguarding.webhook_credential) and/or e-mail
// (safeguarding.email through [alerts] smtp_server), skipping a transport that already
// delivered the alert. A coroutine on the daemon's io_context; the channel pollers wake it
// after a poll that queued an alert, and otherwise it sleeps until the next retry is due.
//
// Delivery is at least once: a transport's success is committed right after it, but a crash
// between the server accepting and that commit sends that transport's message again at the
// next start. What is sent holds ids, names, categories, times and the console link, never
// the comment's text or author (alert_message.hpp).
//
// Error policy: transport failures are recorded on the alert (retry with backoff, or `failed`
// for the console to show) and logged with the school, comment id and host only, never the
// webhook URL, the password or comment text. An exception (a database error) is logged and the
// loop goes on after a pause. It never ends the daemon.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "daemon/alerts/alert_message.hpp"
#include "daemon/clock.hpp"
#include "daemon/config.hpp"
#include "daemon/credentials.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "daemon/wakeup.hpp"
#include "store/channel_alerts.hpp"
#include "store/store.hpp"

namespace hm::daemon::alerts {

// What the notifier needs to know of a channel to tell its school's admins, once, that it stopped
// (daemon/alerts/channel_alerts.cpp): read from the daemon's ChannelBoard.
struct ChannelCondition {
  std::string id;
  bool stopped = false;  // its token was refused; only a person can start it again
  bool polling = false;  // a poll succeeded since it last started: any stop is over
  std::string reason;    // the platform's answer
};

// Where the console's links point: [console] public_url, else http(s)://[daemon] listen.
std::string console_url_of(const config::Config& cfg);

class AlertNotifier {
 public:
  // Copies what it needs from `cfg` and logs, once, each school whose alerts go nowhere but
  // the console, and each alert credential that is missing.
  AlertNotifier(boost::asio::any_io_executor executor, store::Store& store,
                const config::Config& cfg, Metrics& metrics, Clock& clock = system_clock(),
                LogSink& log = stderr_log());

  boost::asio::awaitable<void> run();  // until stop()
  // Also tell each school's admins (users with the admin role and an e-mail address, and the
  // school's alert webhook) when one of its channels stops: once per stop, from a durable
  // outbox (store/channel_alerts.hpp). The source is read every few seconds.
  void watch_channels(std::function<std::vector<ChannelCondition>()> source);
  void stop();
  Wakeup& wakeup() { return wakeup_; }

 private:
  struct Route {
    std::string school_name;
    std::string webhook_credential;  // empty: no webhook
    std::filesystem::path webhook_ca_file;
    std::vector<std::string> emails;  // empty (or no [alerts] smtp_server): no e-mail
    std::vector<std::pair<std::string, std::string>> channels;  // id, platform (for the digest)
  };
  struct Attempt {
    bool ok = false;
    bool permanent = false;
    std::string error;
  };

  boost::asio::awaitable<void> deliver(const store::DueAlert& alert);
  boost::asio::awaitable<Attempt> by_webhook(const Route& route, std::string body);
  // `message` builds the e-mail from its envelope (the Message-ID is made here).
  boost::asio::awaitable<Attempt> by_email(
      std::vector<std::string> recipients, std::int64_t id, std::string_view kind,
      const std::function<std::string(const EmailEnvelope&)>& message);
  // channel_alerts.cpp
  boost::asio::awaitable<void> channels_turn();
  boost::asio::awaitable<void> deliver_channel_alert(const store::DueChannelAlert& alert);
  // digest.cpp: the daily digest to users who asked for it, once per user, school and day.
  boost::asio::awaitable<void> digest_turn();
  std::optional<std::string> read_secret(const std::string& name, std::string& error) const;
  std::chrono::milliseconds next_sleep();

  boost::asio::any_io_executor executor_;
  store::Store& store_;
  Metrics& metrics_;
  Clock& clock_;
  LogSink& log_;
  std::map<std::string, Route, std::less<>> routes_;  // by school id
  std::optional<config::Smtp> smtp_;
  CredentialSource credentials_;
  std::string console_url_;
  std::string ehlo_name_;
  std::chrono::milliseconds timeout_{30'000};
  Wakeup wakeup_;
  bool stopping_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
  std::function<std::vector<ChannelCondition>()> channel_source_;
  std::set<std::string> channels_told_;   // channels with an open "stopped" notice
  moderation::Time next_digest_check_{};  // when digest_turn next has something to do
};

}  // namespace hm::daemon::alerts
