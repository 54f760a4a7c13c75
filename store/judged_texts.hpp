// What a backtest reads (issue 16): each comment's latest version whose text the store still
// holds, with the verdict it was given, and the schools' filter exceptions. Read-only.
//
// Error policy: SQLite failures throw StoreError; a stored verdict that cannot be read back (an
// unknown category) throws StoreError too, never a silent default.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

struct JudgedText {
  std::int64_t comment_id = 0;
  std::string school_id;
  std::string channel_id;
  std::string text;
  filters::CategorySet categories;  // as stored (empty: judged clean)
  std::vector<std::string> rules;   // the stored matches' rules
};

// Comments first seen at or after `since` (of one school, or every school), oldest first.
void for_each_judged_text(Connection& db, moderation::Time since,
                          const std::optional<std::string>& school_id,
                          const std::function<void(const JudgedText&)>& each);

// (school, exception text) pairs, as filters::exception_text folds a comment's text.
std::set<std::pair<std::string, std::string>> exception_texts(Connection& db);

}  // namespace hm::store
