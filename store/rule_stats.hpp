// Rule statistics (issue 16): how often each rule matched, and how often moderators reversed it
// (showed the comment again), so a rule that mostly hides innocent comments is visible in the
// console and in /metrics. Counts only; never comment text or authors.
//
// Error policy: SQLite failures throw StoreError; an empty database gives no rows.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

struct RuleStat {
  std::string rule;
  std::int64_t hits = 0;         // comments whose verdict matched it
  std::int64_t decided = 0;      // of those, decided by a moderator
  std::int64_t shown_again = 0;  // of those, shown again: the rule was wrong there
};

// Verdicts given at or after `since`, of the given schools (all when null); the most reversed
// rules first, then the most hit.
std::vector<RuleStat> rule_stats_since(Connection& db, moderation::Time since,
                                       const std::optional<std::set<std::string>>& schools);

}  // namespace hm::store
