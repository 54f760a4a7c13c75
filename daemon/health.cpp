#include "daemon/health.hpp"

namespace hm::daemon {

HealthReport assess_health(const HealthInputs& in) {
  HealthReport out;
  if (!in.storage_full.empty())
    out.reasons.push_back(
        "the disk is full: new comments cannot be recorded and decisions are refused until "
        "space is freed (" +
        in.storage_full + ")");
  for (const auto& channel : in.channels)
    if (channel.state == ChannelState::stopped)
      out.reasons.push_back("channel " + channel.id + " is stopped" +
                            (channel.message.empty() ? std::string() : ": " + channel.message));
  if (in.failed_actions > 0)
    out.reasons.push_back(std::to_string(in.failed_actions) +
                          (in.failed_actions == 1 ? " action has" : " actions have") +
                          " failed: open the console's queue to try again or mark done by hand");
  if (!in.ready)
    out.state = "starting";
  else
    out.state = out.reasons.empty() ? "ok" : "degraded";
  return out;
}

}  // namespace hm::daemon
