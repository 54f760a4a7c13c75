// The daemon's walk of the whole audit chain at each start (DESIGN.md §5): from the genesis,
// on a worker with its own reader connection, so the io thread keeps polling; the single
// writer then records the head as a signed checkpoint, from which the console's walks start.
// Checkpoints make each request cheap; this walk keeps the tamper evidence from resting on
// them alone (an edit before a checkpoint is found here, at the next start).
//
// Error policy: a broken chain is logged as an error with the first broken row and the daemon
// carries on (the evidence is the finding); a walk that fails to run (the database unreadable,
// the pool full) is logged as a warning and left to the next start.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>

#include "daemon/worker_pool.hpp"
#include "store/store.hpp"

namespace hm::daemon {

boost::asio::awaitable<void> walk_audit_chain(WorkerPool& workers, store::Store& store,
                                              std::function<moderation::Time()> clock);

}  // namespace hm::daemon
