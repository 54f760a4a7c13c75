// The database schema as numbered migrations, applied in order at open (DESIGN.md §5).
// PRAGMA user_version holds the number of the last one applied. A migration is never edited
// once released: a schema change is a new migration at the end of the list.
//
// Error policy: a failing migration rolls back and throws StoreError; a database from a newer
// hallmonitor (user_version above what this build knows) throws StoreError rather than being
// opened by code that does not understand it.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite.hpp"

namespace hm::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  // Drops and recreates tables that others refer to: foreign-key enforcement is off while it
  // runs (SQLite's own procedure for this), and every foreign key is checked before it commits.
  bool rebuilds_tables = false;
};

std::span<const Migration> migrations();
int latest_schema_version();
int schema_version(Connection& connection);

// Applies every migration above the current version, up to `up_to`, each in its own
// BEGIN IMMEDIATE transaction together with its user_version bump and an audit row.
// Returns how many were applied.
int migrate(Connection& connection, int up_to = latest_schema_version());

}  // namespace hm::store
