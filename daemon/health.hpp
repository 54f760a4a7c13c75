// What /healthz says, as one pure function: `starting` until the daemon is ready, `degraded`
// with plain reasons when something needs a person, `ok` otherwise. A monitor alerts on any
// answer but 200; the reasons say what to do.
//   degraded when: a channel is stopped (its token was refused, or an X refresh token was lost
//   and the channel must be re-authorised); actions failed and nobody has retried them or
//   marked them done yet; the last write found the disk full.
// A rate-limited or backing-off channel is normal operation, not degraded: it recovers alone.
//
// Error policy: pure; nothing fails.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/channel_poller.hpp"

namespace hm::daemon {

struct HealthInputs {
  bool ready = false;
  std::vector<ChannelStatus> channels;
  std::int64_t failed_actions = 0;  // actions in state `failed`
  std::string storage_full;         // the store's last refused write; empty when writes succeed
};

struct HealthReport {
  std::string state;  // "starting", "ok" or "degraded"
  std::vector<std::string> reasons;
  bool healthy() const { return state == "ok"; }
};

HealthReport assess_health(const HealthInputs& in);

}  // namespace hm::daemon
