// Which fault each channel gets in each round of the soak: every fault class the emulator offers
// (emulator/faults.hpp) rotated across the channels, aimed either at the channel's poll (matched
// by its listing path) or at the hide of one harmful comment (matched by the comment's id). Pure:
// the scenario (soak_test.cpp) injects what this says.
//
// X's `rate_limit` is not rotated here: a 429 tells the client to wait until the route's
// 15-minute window resets, so the scenario injects it only when it has moved the emulator's clock
// to a window's last seconds (the X rate-limit episode); otherwise the wait would be real minutes.
//
// Error policy: pure; nothing fails.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hm::test::soak {

inline const std::vector<std::string> kGraphFaults = {
    "server_error",   "slow",           "hang",       "expired_token",
    "malformed_json", "truncated_json", "rate_limit", "action_blocked"};
inline const std::vector<std::string> kXFaults = {
    "server_error",   "slow",           "hang",          "expired_token",
    "malformed_json", "truncated_json", "partial_errors"};

enum class FaultTarget { poll, hide };

struct FaultSpec {
  std::size_t channel = 0;  // index into the world's channels
  std::string kind;
  FaultTarget target = FaultTarget::poll;
};

// `is_x[i]`: whether channel i is an X channel. Round r gives channel i the fault
// (r + its index among its platform family) in that family's list, so over six rounds every
// class lands on several channels, once on a poll and once on a hide where both make sense.
inline std::vector<FaultSpec> faults_for_round(int round, const std::vector<bool>& is_x) {
  std::vector<FaultSpec> out;
  std::size_t graph_index = 0, x_index = 0;
  for (std::size_t i = 0; i < is_x.size(); ++i) {
    const auto& kinds = is_x[i] ? kXFaults : kGraphFaults;
    const std::size_t family_index = is_x[i] ? x_index++ : graph_index++;
    FaultSpec f;
    f.channel = i;
    f.kind = kinds[(std::size_t(round) + family_index) % kinds.size()];
    // action_blocked refuses an action, never a read; the rest alternate.
    f.target = f.kind == "action_blocked" || (std::size_t(round) + i) % 2 == 1 ? FaultTarget::hide
                                                                               : FaultTarget::poll;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace hm::test::soak
