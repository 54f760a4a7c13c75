// One channel's poll loop (DESIGN.md §7): fetch since the stored cursor → ingest (the whole
// moderation flow, one transaction; daemon/ingest.hpp) → report (status, metrics, log, wake
// the executor and the alert notifier) → schedule the next poll (daemon/poll_schedule.hpp).
//
// The channel's status is shared (daemon/channel_status.hpp): the executor stops the channel
// when an action's token is refused, and the loop ends at its next turn, as on a refused poll.
//
// Error policy: expected failures (rate limits, transient errors, an invalid token) come from
// the connector as results and are scheduled; transient errors and unexpected exceptions (a
// bug, a full disk) are logged and back off from the poll interval. It never ends the daemon.
// When the schedule says stop (an invalid token), this channel stops until a reload starts it
// again with a renewed credential, with a critical log line.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "daemon/channel_status.hpp"
#include "daemon/clock.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "daemon/school_classifier.hpp"
#include "daemon/wakeup.hpp"
#include "store/store.hpp"

namespace hm::daemon {

class ChannelPoller {
 public:
  ChannelPoller(boost::asio::any_io_executor executor, std::string channel_id,
                std::shared_ptr<connectors::Connector> connector, std::chrono::seconds interval,
                ChannelStatus& status, store::Store& store,
                std::function<std::shared_ptr<const SchoolClassifier>()> classifier,
                Metrics& metrics, Wakeup& executor_wakeup, Clock& clock = system_clock(),
                LogSink& log = stderr_log());

  // Until stop(), the schedule says stop, or the channel is stopped (its status).
  boost::asio::awaitable<void> run();
  void stop();
  // A reload starts a stopped channel again with a connector made from its renewed credential;
  // the caller spawns run() again when running() is false, else wakes the loop.
  void restart(std::shared_ptr<connectors::Connector> connector);
  bool running() const { return running_; }
  const ChannelStatus& status() const { return status_; }
  Wakeup& wakeup() { return wakeup_; }  // a reload or a test can make it poll now
  // Woken after a poll that queued a safeguarding alert (the alert notifier's).
  void wake_on_alerts(Wakeup& alerts) { alert_wakeup_ = &alerts; }

 private:
  struct Turn {
    std::chrono::milliseconds delay;
    bool stop = false;
  };
  boost::asio::awaitable<Turn> poll_once();
  void report(const connectors::FetchResult& result);
  std::chrono::milliseconds back_off();  // after a failure, from the interval

  std::string channel_id_;
  std::shared_ptr<connectors::Connector> connector_;
  std::chrono::seconds interval_;
  store::Store& store_;
  std::function<std::shared_ptr<const SchoolClassifier>()> classifier_;
  Metrics& metrics_;
  Wakeup& executor_wakeup_;
  Clock& clock_;
  LogSink& log_;
  Wakeup* alert_wakeup_ = nullptr;
  Wakeup wakeup_;
  ChannelStatus& status_;
  int failures_in_a_row_ = 0;  // transient errors and exceptions since the last good poll
  bool stopping_ = false;
  bool running_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace hm::daemon
