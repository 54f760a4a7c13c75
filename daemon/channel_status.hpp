// A channel's state as the daemon's loops share it: its poll loop writes how polling goes, its
// executor worker writes that the channel's token was refused on an action, the service resets
// it when a reload starts the channel again, and /healthz reads it.
//
// Why a shared object and not a call: the flow reads connectors → … → store → executor →
// connectors, and nothing calls back up, so the executor must not call into the poller (nor the
// poller into the executor). Both read and write this small record instead: a token refused on
// a hide stops the channel exactly as a token refused on a poll does (`stopped`, with the
// reason), the poller ends at its next turn, the executor starts nothing more there, and the
// actions wait, `approved`, until a reload with a renewed credential starts the channel again.
//
// Error policy: nothing here fails. The loops run on one io_context thread, so there is no
// locking; a channel the board has never seen reads as not stopped.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "moderation/types.hpp"

namespace hm::daemon {

enum class ChannelState { starting, polling, rate_limited, backing_off, stopped };
std::string_view to_string(ChannelState s) noexcept;  // as /healthz shows it

struct ChannelStatus {
  std::string id;
  ChannelState state = ChannelState::starting;
  std::string message;  // the last problem, for /healthz and logs; never secrets
  std::int64_t polls = 0;
  bool polled_ok_once = false;
  std::optional<moderation::Time> last_ok_at{};    // the last poll that succeeded (this run)
  std::optional<moderation::Time> next_poll_at{};  // when the loop polls next; none when stopped
};

// Every channel's status by id. References stay valid for the board's life (std::map nodes),
// so a poller can keep its own entry.
class ChannelBoard {
 public:
  ChannelStatus& of(std::string_view channel_id);  // made, `starting`, on first use
  const ChannelStatus* find(std::string_view channel_id) const;
  bool stopped(std::string_view channel_id) const;
  // The channel's token was refused: stop it until a reload starts it again.
  void stop(std::string_view channel_id, std::string why);
  // A reload starts the channel again: back to `starting`, the old problem cleared.
  void restart(std::string_view channel_id);

 private:
  std::map<std::string, ChannelStatus, std::less<>> by_id_;
};

}  // namespace hm::daemon
