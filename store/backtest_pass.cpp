#include "store/backtest_pass.hpp"

namespace hm::store {

BacktestResult backtest_stored(Connection& db, moderation::Time since,
                               const std::optional<std::string>& school_id,
                               const BacktestJudge& judge,
                               const std::function<void(const BacktestChange&)>& on_change) {
  BacktestResult out;
  for_each_judged_text(db, since, school_id, [&](const JudgedText& row) {
    const moderation::SchoolPolicy* policy = judge.policy(row.school_id);
    if (!policy) {
      ++out.unknown_school;  // a school since removed from the config
      return;
    }
    const moderation::Verdict candidate = judge.verdict(row.text, row.school_id);
    if (out.tally.add(*policy, row.categories, row.rules, candidate) && on_change)
      // The outcome changed: hidden now exactly when it was not before.
      on_change({row, candidate, !moderation::verdict_hides(*policy, row.categories, row.rules)});
  });
  return out;
}

}  // namespace hm::store
