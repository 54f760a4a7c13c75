#include "moderation/backtest.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "filters/learned/model_rules.hpp"

namespace hm::moderation {

bool policy_hides(const SchoolPolicy& policy, const CategorySet& categories) {
  const auto actions = policy_actions(policy, categories);
  return std::find(actions.begin(), actions.end(), ActionKind::hide) != actions.end();
}

bool verdict_hides(const SchoolPolicy& policy, const CategorySet& categories,
                   const std::vector<std::string>& rules) {
  const bool review_only =
      !rules.empty() && std::all_of(rules.begin(), rules.end(), [](const std::string& r) {
        return r == filters::learned::kModelReviewRule;
      });
  return !review_only && policy_hides(policy, categories);
}

bool BacktestTally::add(const SchoolPolicy& policy, const CategorySet& stored,
                        const std::vector<std::string>& stored_rules, const Verdict& candidate) {
  ++comments;
  std::vector<std::string> candidate_rules;
  for (const auto& m : candidate.matches) candidate_rules.push_back(m.rule);
  const bool was = verdict_hides(policy, stored, stored_rules);
  const bool now = verdict_hides(policy, candidate.categories, candidate_rules);
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

std::vector<std::pair<std::string, RuleHits>> BacktestTally::rules_changed_first() const {
  std::vector<std::pair<std::string, RuleHits>> out(rules.begin(), rules.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::llabs(a.second.after - a.second.before) >
           std::llabs(b.second.after - b.second.before);
  });
  return out;
}

}  // namespace hm::moderation
