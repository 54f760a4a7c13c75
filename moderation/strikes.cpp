#include "moderation/strikes.hpp"

namespace hm::moderation {

Time window_start(const StrikeRule& rule, Time now) noexcept {
  return now - std::chrono::duration_cast<std::chrono::seconds>(rule.window);
}

StrikeOutcome assess_strike(const StrikeRule& rule, const AuthorStanding& standing,
                            bool harmful) noexcept {
  StrikeOutcome out;
  out.add_strike = harmful && !standing.comment_has_strike && !standing.author_unknown;
  out.strikes_in_window = standing.strikes_in_window + (out.add_strike ? 1 : 0);
  // Only a new strike can trigger a proposal: re-reading an old comment must not.
  out.propose_block = out.add_strike && rule.threshold > 0 &&
                      out.strikes_in_window >= rule.threshold && !standing.block_open;
  return out;
}

}  // namespace hm::moderation
