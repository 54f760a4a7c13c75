// Strikes: how repeat offenders are counted, per author per channel, in a sliding window.
// POLICY.md: "If users are repeatedly abusive or inappropriate, they will be blocked."
//
// Error policy: pure functions; nothing here fails.
#pragma once

#include <chrono>
#include <string>

#include "moderation/types.hpp"

namespace hm::moderation {

struct StrikeRule {
  int threshold = 3;  // strikes in the window that make a block proposal; 0: never
  std::chrono::days window{90};
};

// What the store knows about the author on this channel when a new verdict arrives.
struct AuthorStanding {
  int strikes_in_window = 0;        // strikes already counted, inside the window ending now
  bool comment_has_strike = false;  // this comment already earned one (an earlier version)
  bool block_open = false;          // a block is already proposed, approved, running or done
  // The platform did not say who wrote the comment (Facebook serves `from` only with
  // pages_read_user_content and a Page token): it is still judged and hidden, but it earns no
  // strike and proposes no block, since nobody can be counted or blocked.
  bool author_unknown = false;
};

struct StrikeOutcome {
  bool add_strike = false;
  int strikes_in_window = 0;  // after this verdict
  bool propose_block = false;
};

// The earliest strike time that still counts at `now`.
Time window_start(const StrikeRule& rule, Time now) noexcept;

// One strike per harmful comment (an edit does not add another); a block is proposed once when
// the count reaches the threshold, and not again while one is open or done. None for a comment
// whose author is unknown.
StrikeOutcome assess_strike(const StrikeRule& rule, const AuthorStanding& standing,
                            bool harmful) noexcept;

}  // namespace hm::moderation
