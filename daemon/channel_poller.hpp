// One channel's poll loop (DESIGN.md §7): fetch since the stored cursor, then ingest, classify,
// decide and store in ONE transaction, and only then advance the cursor; sleep as the platform
// and the channel's interval say.
//
// Error policy: expected failures (rate limits, transient errors, an invalid token) come from
// the connector as results and are scheduled; an unexpected exception (a bug, a full disk) is
// logged and the loop retries later. It never ends the daemon. An invalid token stops this
// channel only, with an alert on stderr, until the next reload.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <random>
#include <string>

#include "connectors/connector.hpp"
#include "daemon/metrics.hpp"
#include "daemon/school_classifier.hpp"
#include "daemon/wakeup.hpp"
#include "store/store.hpp"

namespace hm::daemon {

struct ChannelStatus {
  std::string id;
  std::string state = "starting";  // polling | rate_limited | backing_off | stopped
  std::string message;             // the last problem, for /healthz and logs; never secrets
  std::int64_t polls = 0;
  bool polled_ok_once = false;
};

class ChannelPoller {
 public:
  ChannelPoller(boost::asio::any_io_executor executor, std::string channel_id,
                std::shared_ptr<connectors::Connector> connector, std::chrono::seconds interval,
                store::Store& store,
                std::function<std::shared_ptr<const SchoolClassifier>()> classifier,
                Metrics& metrics, Wakeup& executor_wakeup);

  boost::asio::awaitable<void> run();  // until stop()
  void stop();
  const ChannelStatus& status() const { return status_; }
  Wakeup& wakeup() { return wakeup_; }  // a reload or a test can make it poll now
  // Woken after a poll that queued a safeguarding alert (the alert notifier's).
  void wake_on_alerts(Wakeup& alerts) { alert_wakeup_ = &alerts; }

 private:
  boost::asio::awaitable<std::chrono::milliseconds> poll_once();

  std::string channel_id_;
  std::shared_ptr<connectors::Connector> connector_;
  std::chrono::seconds interval_;
  store::Store& store_;
  std::function<std::shared_ptr<const SchoolClassifier>()> classifier_;
  Metrics& metrics_;
  Wakeup& executor_wakeup_;
  Wakeup* alert_wakeup_ = nullptr;
  Wakeup wakeup_;
  ChannelStatus status_;
  bool stopping_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace hm::daemon
