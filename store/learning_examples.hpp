// Training examples from moderators' decisions (issue 16): every closing decision on a comment is
// a label for the learned spam model. "Keep hidden" or "delete" says the verdict was right (spam
// if it said spam or an advert); "show it again" says it was wrong (not spam). One example per
// comment, the latest decision's.
//
// Only the comment's hashed features are kept (filters/learned/text_features.hpp), never its
// text, so an example outlives the retention purge of the text it came from; an erasure request
// removes the author's examples with the rest of their data.
//
// Error policy: SQLite failures throw StoreError. A comment whose text is already purged records
// no example (there is nothing left to learn from).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "moderation/item_decision.hpp"
#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

struct LearningExample {
  std::string school_id;
  bool spam = false;
  std::vector<std::uint32_t> slots;  // sorted feature slots
  moderation::Time decided_at{};
};

// School id → the links its model reads as trusted (Store::set_trusted_links).
using TrustedLinks = std::map<std::string, std::vector<std::string>, std::less<>>;

// In the decision's transaction: the example the closing `outcome` makes of the comment, from
// its latest version's text (its links trusted as `trusted` says) and verdict. Nothing for an
// outcome that says nothing (none yet).
void record_learning_example(Connection& db, std::int64_t comment_id,
                             std::optional<moderation::ItemOutcome> outcome, moderation::Time at,
                             const std::vector<std::string>& trusted = {});

// The examples of one school, or of every school; oldest first.
std::vector<LearningExample> learning_examples(Connection& db,
                                               const std::optional<std::string>& school_id);

// How many examples there are and when the latest was decided: whether anything is new to
// learn since a model was trained (daemon/retrain_schedule.hpp).
struct LearningTally {
  std::int64_t examples = 0;
  std::int64_t latest_decided_at = 0;  // Unix seconds; 0 when there are none
  bool operator==(const LearningTally&) const = default;
};
LearningTally learning_tally(Connection& db);

// Erasure: the examples made from these comments go with the author's data.
void erase_learning_examples(Connection& db, std::int64_t comment_id);

}  // namespace hm::store
