// What happened, per school, as the Today page and the daily digest show it: comments hidden
// since a time, by category (what waits is the items' summary, console/item_view.hpp).
// A read-only query; counts only, never comment text or authors.
//
// Error policy: SQLite failures throw StoreError; an empty database gives empty counts.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

// Category name → count (a comment in two categories counts in both).
using CategoryCounts = std::map<std::string, std::int64_t>;

// Comments hidden on the platform (hide actions done) at or after `since`, by school.
std::map<std::string, CategoryCounts> hidden_since(Connection& db, moderation::Time since);

// How the learned spam model (issue 16) did against the moderators since a time, per school,
// so an admin can switch it from shadow to active on evidence. A decision counts when it is
// about spam: the rules said spam or an advert, or the model flagged the comment.
struct ModelAgreement {
  std::int64_t decided = 0;     // such comments a moderator decided on
  std::int64_t agreed = 0;      // the model flagged what they kept hidden or deleted, or did
                                // not flag what they showed again
  std::int64_t only_model = 0;  // comments the model flagged that the rules left visible
};
std::map<std::string, ModelAgreement> model_agreement_since(Connection& db, moderation::Time since);

}  // namespace hm::store
