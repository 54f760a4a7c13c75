// What happened and what waits, per school, as the Today page and the daily digest show it:
// comments hidden since a time by category, and the decisions still waiting for a person.
// Read-only queries over the store's tables; counts only, never comment text or authors.
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

// What waits for a person in one school. Until the items of issue 12 land, counted from the
// actions: `needs` is the comments with a proposed or failed action, `safeguarding` those with an
// escalation still proposed or approved, `failed` the failed actions nobody dealt with yet.
struct Waiting {
  std::int64_t needs = 0;
  std::int64_t urgent = 0;
  std::int64_t safeguarding = 0;
  std::int64_t failed = 0;
  Waiting& operator+=(const Waiting& o) {
    needs += o.needs;
    urgent += o.urgent;
    safeguarding += o.safeguarding;
    failed += o.failed;
    return *this;
  }
};
std::map<std::string, Waiting> waiting_by_school(Connection& db);

}  // namespace hm::store
