// One channel's poll loop (DESIGN.md §7): fetch since the stored cursor → ingest (the whole
// moderation flow, one transaction; daemon/ingest.hpp) → report (status, metrics, log, wake
// the executor and the alert notifier) → schedule the next poll (daemon/poll_schedule.hpp).
//
// Error policy: expected failures (rate limits, transient errors, an invalid token) come from
// the connector as results and are scheduled; an unexpected exception (a bug, a full disk) is
// logged and the loop retries later. It never ends the daemon. When the schedule says stop (an
// invalid token), this channel stops until the next reload, with a critical log line.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "daemon/clock.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "daemon/school_classifier.hpp"
#include "daemon/wakeup.hpp"
#include "store/store.hpp"

namespace hm::daemon {

enum class ChannelState { starting, polling, rate_limited, backing_off, stopped };
std::string_view to_string(ChannelState s) noexcept;  // as /healthz shows it

struct ChannelStatus {
  std::string id;
  ChannelState state = ChannelState::starting;
  std::string message;  // the last problem, for /healthz and logs; never secrets
  std::int64_t polls = 0;
  bool polled_ok_once = false;
};

class ChannelPoller {
 public:
  ChannelPoller(boost::asio::any_io_executor executor, std::string channel_id,
                std::shared_ptr<connectors::Connector> connector, std::chrono::seconds interval,
                store::Store& store,
                std::function<std::shared_ptr<const SchoolClassifier>()> classifier,
                Metrics& metrics, Wakeup& executor_wakeup, Clock& clock = system_clock(),
                LogSink& log = stderr_log());

  boost::asio::awaitable<void> run();  // until stop(), or until the schedule says stop
  void stop();
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
  ChannelStatus status_;
  bool stopping_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace hm::daemon
