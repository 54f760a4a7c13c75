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

}  // namespace hm::store
