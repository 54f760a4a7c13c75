#include "daemon/channel_status.hpp"

namespace hm::daemon {

std::string_view to_string(ChannelState s) noexcept {
  switch (s) {
    case ChannelState::starting:
      return "starting";
    case ChannelState::polling:
      return "polling";
    case ChannelState::rate_limited:
      return "rate_limited";
    case ChannelState::backing_off:
      return "backing_off";
    case ChannelState::stopped:
      return "stopped";
  }
  return "unknown";
}

ChannelStatus& ChannelBoard::of(std::string_view channel_id) {
  auto it = by_id_.find(channel_id);
  if (it == by_id_.end()) {
    it = by_id_.emplace(std::string(channel_id), ChannelStatus{}).first;
    it->second.id = std::string(channel_id);
  }
  return it->second;
}

const ChannelStatus* ChannelBoard::find(std::string_view channel_id) const {
  auto it = by_id_.find(channel_id);
  return it == by_id_.end() ? nullptr : &it->second;
}

bool ChannelBoard::stopped(std::string_view channel_id) const {
  const ChannelStatus* s = find(channel_id);
  return s && s->state == ChannelState::stopped;
}

void ChannelBoard::stop(std::string_view channel_id, std::string why) {
  ChannelStatus& s = of(channel_id);
  s.state = ChannelState::stopped;
  s.message = std::move(why);
  s.next_poll_at.reset();
}

void ChannelBoard::restart(std::string_view channel_id) {
  ChannelStatus& s = of(channel_id);
  s.state = ChannelState::starting;
  s.message.clear();
}

}  // namespace hm::daemon
