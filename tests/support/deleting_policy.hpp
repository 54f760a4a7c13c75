// The default policy with every hidden category's deletion proposed, as the default was before
// issue 12: for tests of the store, executor and console mechanics that need deletions to exist.
// (The default itself deletes nothing: hidden is handled; tests/unit/policy_test.cpp.)
//
// Error policy: constants and a pure function; nothing fails.
#pragma once

#include <string>
#include <string_view>

#include "moderation/policy.hpp"

namespace hm::test {

inline moderation::SchoolPolicy deleting_policy(std::string complaints_reply) {
  moderation::SchoolPolicy p = moderation::default_policy(std::move(complaints_reply));
  for (auto& [category, c] : p.categories)
    if (c.hide) c.deletion = {moderation::DeleteRule::When::propose, {}};
  return p;
}

// The same as config, for the tests that run the real daemon: goes after a [[school]]'s keys.
inline constexpr std::string_view kProposeDeletionsToml =
    "[school.policy.abuse]\ndelete = \"propose\"\n"
    "[school.policy.spam]\ndelete = \"propose\"\n"
    "[school.policy.commercial]\ndelete = \"propose\"\n"
    "[school.policy.personal_data]\ndelete = \"propose\"\n"
    "[school.policy.safeguarding]\ndelete = \"propose\"\n";

}  // namespace hm::test
