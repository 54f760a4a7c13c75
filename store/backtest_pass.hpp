// One backtest pass over the stored comments (issue 16), shared by `hallmonitorctl backtest`
// and the console's filter tester: each comment's latest version whose text the store still
// holds (store/judged_texts.hpp), judged again by a candidate and tallied against how it was
// judged (moderation/backtest.hpp). Read-only; it runs on a reader connection, off the
// daemon's io thread.
//
// Error policy: SQLite failures and stored verdicts that cannot be read back throw StoreError
// (as for_each_judged_text does); the judge itself never fails.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "moderation/backtest.hpp"
#include "store/judged_texts.hpp"

namespace hm::store {

// The candidate: rules (and model) and the policies they are judged by.
struct BacktestJudge {
  // The school's policy; nullptr for a school no longer configured (its comments are skipped
  // and counted as such).
  std::function<const moderation::SchoolPolicy*(std::string_view school)> policy;
  // The candidate's verdict for a comment of the school, with the school's exceptions applied.
  std::function<moderation::Verdict(std::string_view text, std::string_view school)> verdict;
};

// A comment whose hidden-or-not outcome would change.
struct BacktestChange {
  const JudgedText& stored;
  const moderation::Verdict& candidate;
  bool now_hidden = false;
};

struct BacktestResult {
  moderation::BacktestTally tally;
  std::int64_t unknown_school = 0;  // comments of schools no longer configured
};

// Comments first seen at or after `since`, of one school or every school, oldest first.
BacktestResult backtest_stored(Connection& db, moderation::Time since,
                               const std::optional<std::string>& school_id,
                               const BacktestJudge& judge,
                               const std::function<void(const BacktestChange&)>& on_change = {});

}  // namespace hm::store
