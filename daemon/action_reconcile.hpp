// Before an action is sent again after a call whose outcome is unknown (the daemon was killed
// with the action `running`, or the connector said outcome_unknown: an unreadable or lost
// answer), the executor asks the platform what it shows now and records the action done
// without a second call when the effect is already there (DESIGN.md §4). The decision is
// moderation::decide_after_unknown_outcome; this file does the read and records the result.
//
// Error policy: a failed read is a result (the action waits, still marked outcome_unknown, and
// is checked again; a refused token stops the channel in `channels` and the action waits for
// it); a reply is never sent again blindly. Store failures throw to the caller,
// as in the executor.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "connectors/connector.hpp"
#include "daemon/channel_status.hpp"
#include "daemon/clock.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "store/store.hpp"

namespace hm::daemon {

// `target` is a `running` action. Returns true when its outcome was recorded from the platform's
// state (done, already gone, waiting, or given up) with no action call; false when the effect
// is not there and the caller sends the call. `jitter` in [0, 1) spreads a retry.
boost::asio::awaitable<bool> settle_unknown_outcome(store::Store& store,
                                                    connectors::Connector& connector,
                                                    const moderation::PlatformAction& target,
                                                    ChannelBoard& channels, Metrics& metrics,
                                                    Clock& clock, LogSink& log, double jitter);

}  // namespace hm::daemon
