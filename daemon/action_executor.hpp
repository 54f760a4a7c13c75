// Runs approved actions on the platforms (DESIGN.md §4, §7): `running` is stored before the
// call and the outcome after it, each with an audit row.
//
// Channels never wait for each other: one worker coroutine per channel runs that channel's due
// actions in order, and a dispatcher (woken when actions are created or approved, else once a
// second) starts a worker for each channel that has due actions and none running. A platform
// call that hangs on one channel holds up only that channel's later actions.
//
// Actions left `running` by a crash are finished first, each by its channel's worker. Before
// re-sending one of those, or one whose last answer was unreadable or lost (outcome_unknown), the
// executor reads the platform's state (action_reconcile.hpp): an effect already there is
// recorded done with no second call, and a reply is never re-sent blindly.
//
// A token refused on an action stops the channel as a refused poll does (ChannelBoard,
// daemon/channel_status.hpp): the action goes back to `approved` without using an attempt, and
// nothing more runs on that channel until a reload starts it again.
//
// Error policy: platform failures are results (retry with backoff, wait for the channel, or fail
// for the moderator to see); an exception is logged and the worker or dispatcher goes on at the
// next tick. It never ends the daemon. stop() lets each worker finish the call in flight.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector.hpp"
#include "daemon/channel_status.hpp"
#include "daemon/clock.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "daemon/wakeup.hpp"
#include "store/store.hpp"

namespace hm::daemon {

class ActionExecutor {
 public:
  // The channel's running connector, or null; shared, so that a reload replacing it cannot
  // free it under a call in flight.
  using ConnectorFor =
      std::function<std::shared_ptr<connectors::Connector>(std::string_view channel_id)>;

  ActionExecutor(boost::asio::any_io_executor executor, store::Store& store,
                 ConnectorFor connector_for, ChannelBoard& channels, Metrics& metrics,
                 Clock& clock = system_clock(), LogSink& log = stderr_log());

  boost::asio::awaitable<void> run();  // the dispatcher, until stop()
  void stop();
  Wakeup& wakeup() { return wakeup_; }  // new or approved actions: look now
  std::int64_t executed() const { return executed_; }
  std::size_t busy_channels() const { return busy_.size(); }
  // A worker runs on the channel (a reload waits for it to end before replacing the channel).
  bool busy(std::string_view channel_id) const { return busy_.contains(channel_id); }

 private:
  // Runs `resuming` (left running by a crash), then the channel's due actions until none is due,
  // the channel stops, or the executor stops.
  boost::asio::awaitable<void> work(std::string channel_id,
                                    std::vector<moderation::Action> resuming);
  void resume_interrupted();
  bool can_start_worker(const std::string& channel_id);
  void start_worker(const std::string& channel_id, std::vector<moderation::Action> resuming);
  // False when nothing was started (the channel is not running, or another writer moved it).
  boost::asio::awaitable<bool> execute(const moderation::Action& action, bool resuming);
  void report(const moderation::Action& action, const moderation::PlatformAction& target,
              const connectors::ActionResult& result, const moderation::Action& after);

  boost::asio::any_io_executor io_;
  store::Store& store_;
  ConnectorFor connector_for_;
  ChannelBoard& channels_;
  Metrics& metrics_;
  Clock& clock_;
  LogSink& log_;
  Wakeup wakeup_;
  std::set<std::string, std::less<>> busy_;  // channels with a worker running
  bool stopping_ = false;
  std::int64_t executed_ = 0;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace hm::daemon
