// The channels hallmonitord runs (DESIGN.md §7): each one's connector, poll loop and the setup
// it was made from (daemon/channel_diff.hpp). At start every channel whose connector can be made
// starts; on a reload the new config's channels are compared with the running ones, and only
// the difference is applied: removed channels stop, changed ones and stopped ones start again
// with their new setup, new ones start, the others are not touched.
//
// The slow half (reading every credential file, making connectors: CA files, TLS contexts) is
// prepare_channels(), which touches nothing of the running set and runs on the reload thread;
// apply() then swaps the channels on the io thread. A channel is replaced cleanly: it is taken
// off the executor (which then starts nothing new there) and its poll loop is told to stop, and
// the new connector starts only once the poll and the action call in flight have finished and
// recorded their outcome. No call is cut short, two connectors never act for one channel at
// once, and an action whose outcome is unknown is settled by the new connector with a read
// (daemon/action_reconcile.hpp) before anything is sent again. A removed channel's comments and
// actions stay in the store; its approved actions stay `approved` and wait.
//
// Error policy: a channel whose credential cannot be read or whose connector cannot be made is
// not started (or, when running, keeps running as it was), with an error line naming the file;
// the other channels go on. Store errors (the channel row) throw to the caller.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector.hpp"
#include "daemon/action_executor.hpp"
#include "daemon/channel_diff.hpp"
#include "daemon/channel_poller.hpp"
#include "daemon/channel_status.hpp"
#include "daemon/config.hpp"
#include "daemon/metrics.hpp"
#include "daemon/school_classifier.hpp"
#include "store/store.hpp"

namespace hm::daemon {

// What prepare_channels() found: the new config's setups, what to do, and the connectors made.
struct PreparedChannels {
  ChannelSetups wanted;
  ChannelSetDiff diff;
  std::map<std::string, std::shared_ptr<connectors::Connector>> made;  // added, changed, retried
  std::vector<std::string> problems;  // unreadable credentials, connectors that could not be made
};

// Reads `cfg`'s credential files, compares with `running` (and `stopped`), and makes a connector
// for every channel to start; X token files go under `state_dir`. Slow: never on the io thread
// once the daemon runs. The connectors are bound to `io` but do nothing until used.
PreparedChannels prepare_channels(boost::asio::any_io_executor io, const config::Config& cfg,
                                  const ChannelSetups& running,
                                  const std::set<std::string, std::less<>>& stopped,
                                  const std::filesystem::path& state_dir);

class ChannelSet {
 public:
  ChannelSet(boost::asio::any_io_executor io, store::Store& store, ChannelBoard& board,
             Metrics& metrics, std::function<std::shared_ptr<const SchoolClassifier>()> classifier);

  // Set once, before the first apply(): whom a poll wakes, and who acts on the channels.
  void wire(ActionExecutor& executor, Wakeup& alerts);

  // Applies what prepare_channels() found, with `cfg` the config it read. At start nothing runs
  // and every channel is new. Returns once every replaced channel has handed over.
  boost::asio::awaitable<void> apply(PreparedChannels prepared, const config::Config& cfg);

  // The channel's running connector, or null (not running, removed, or being replaced).
  std::shared_ptr<connectors::Connector> connector(std::string_view id) const;
  const ChannelSetups& running() const { return setups_; }
  std::set<std::string, std::less<>> stopped() const;
  std::vector<ChannelStatus> statuses() const;  // the channels with a poll loop, by id
  std::size_t size() const { return pollers_.size(); }
  void stop();  // every poll loop ends at its next turn (the daemon stops)

 private:
  void start(const std::string& id, const ChannelSetup& setup,
             std::shared_ptr<connectors::Connector> connector);
  void detach(const std::string& id);
  boost::asio::awaitable<void> until_quiet(const std::string& id);

  boost::asio::any_io_executor io_;
  store::Store& store_;
  ChannelBoard& board_;
  Metrics& metrics_;
  std::function<std::shared_ptr<const SchoolClassifier>()> classifier_;
  ActionExecutor* executor_ = nullptr;
  Wakeup* alerts_ = nullptr;
  ChannelSetups setups_;  // the running channels' setups
  std::map<std::string, std::shared_ptr<connectors::Connector>, std::less<>> connectors_;
  std::map<std::string, std::unique_ptr<ChannelPoller>, std::less<>> pollers_;
  bool applied_once_ = false;  // the first apply() is the start, not a reload
};

}  // namespace hm::daemon
