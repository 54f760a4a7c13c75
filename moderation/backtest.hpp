// Backtest arithmetic (issue 16): how a candidate rule set (and model) would have judged the
// comments the daemon stored, against how they were judged. An admin tries a list change on
// the last weeks' real comments before deploying it.
//
// "Hidden" means the school's policy hides the verdict's categories (policy_actions has a
// hide), as the daemon would: a complaint's reply is not a hide, and nor is a verdict of the
// learned model's review band alone, which only asks a person to look (look_only.hpp).
//
// Error policy: pure; nothing fails.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "moderation/plan.hpp"

namespace hm::moderation {

struct RuleHits {
  std::int64_t before = 0;  // stored verdicts it matched in
  std::int64_t after = 0;   // candidate verdicts it matched in
};

struct BacktestTally {
  std::int64_t comments = 0;
  std::int64_t newly_hidden = 0;  // the policy would hide it now, and did not
  std::int64_t newly_shown = 0;   // it was hidden by the policy, and would not be now
  std::int64_t changed = 0;       // any category gained or lost
  std::map<std::string, RuleHits> rules;

  // One comment: its stored categories and rules (each rule once), and the candidate's verdict.
  // Returns whether the hidden-or-not outcome changed.
  bool add(const SchoolPolicy& policy, const CategorySet& stored,
           const std::vector<std::string>& stored_rules, const Verdict& candidate);

  // Each rule's hits, the rules the candidate moves most first (by name among equals): what
  // an admin came to see.
  std::vector<std::pair<std::string, RuleHits>> rules_changed_first() const;
};

bool policy_hides(const SchoolPolicy& policy, const CategorySet& categories);

// Whether the daemon hid a comment with this verdict (its categories and the rules it matched).
bool verdict_hides(const SchoolPolicy& policy, const CategorySet& categories,
                   const std::vector<std::string>& rules);

}  // namespace hm::moderation
