// A policy that flags without acting: no hide, no deletion, no strike, for any category
// (issue 16). The learned model's review band records its verdict under it, so the comment
// waits in the queue as "flagged but still visible" and a person decides: "Hide it" or "Leave
// it up" (moderation/item_decision.hpp), and that decision becomes a training label.
//
// Error policy: pure; nothing fails.
#pragma once

#include "moderation/policy.hpp"

namespace hm::moderation {

inline SchoolPolicy look_only(SchoolPolicy policy) {
  for (auto& [category, p] : policy.categories) {
    p.hide = false;
    p.deletion = DeleteRule{};
    p.strike = false;
  }
  return policy;
}

}  // namespace hm::moderation
