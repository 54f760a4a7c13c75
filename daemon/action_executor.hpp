// Runs approved actions on the platforms (DESIGN.md §4): `running` is stored before the call and
// the outcome after it, each with an audit row. Actions left `running` by a crash are finished
// first at start-up. Before re-sending one of those, or one whose last answer was unreadable or
// lost (outcome_unknown), the executor reads the platform's state (action_reconcile.hpp): an
// effect already there is recorded done with no second call, and a reply is never re-sent
// blindly.
//
// Error policy: platform failures are results (retry with backoff, or fail for the moderator to
// see); an exception is logged and the loop goes on. It never ends the daemon.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <random>
#include <string_view>

#include "connectors/connector.hpp"
#include "daemon/clock.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "daemon/wakeup.hpp"
#include "store/store.hpp"

namespace hm::daemon {

class ActionExecutor {
 public:
  using ConnectorFor = std::function<connectors::Connector*(std::string_view channel_id)>;

  ActionExecutor(boost::asio::any_io_executor executor, store::Store& store,
                 ConnectorFor connector_for, Metrics& metrics, Clock& clock = system_clock(),
                 LogSink& log = stderr_log());

  boost::asio::awaitable<void> run();  // until stop()
  void stop();
  Wakeup& wakeup() { return wakeup_; }
  std::int64_t executed() const { return executed_; }

 private:
  boost::asio::awaitable<void> execute(const moderation::Action& action, bool resuming);

  store::Store& store_;
  ConnectorFor connector_for_;
  Metrics& metrics_;
  Clock& clock_;
  LogSink& log_;
  Wakeup wakeup_;
  bool stopping_ = false;
  std::int64_t executed_ = 0;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace hm::daemon
