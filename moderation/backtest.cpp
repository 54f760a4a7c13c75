#include "moderation/backtest.hpp"

#include <algorithm>
#include <set>

namespace hm::moderation {

bool policy_hides(const SchoolPolicy& policy, const CategorySet& categories) {
  const auto actions = policy_actions(policy, categories);
  return std::find(actions.begin(), actions.end(), ActionKind::hide) != actions.end();
}

bool BacktestTally::add(const SchoolPolicy& policy, const CategorySet& stored,
                        const std::vector<std::string>& stored_rules, const Verdict& candidate) {
  ++comments;
  const bool was = policy_hides(policy, stored);
  const bool now = policy_hides(policy, candidate.categories);
  newly_hidden += now && !was;
  newly_shown += was && !now;
  changed += !(stored == candidate.categories);
  for (const auto& r : std::set<std::string>(stored_rules.begin(), stored_rules.end()))
    ++rules[r].before;
  std::set<std::string> after;
  for (const auto& m : candidate.matches) after.insert(m.rule);
  for (const auto& r : after) ++rules[r].after;
  return was != now;
}

}  // namespace hm::moderation
