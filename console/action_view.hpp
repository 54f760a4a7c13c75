// What the console shows: actions with their comment, verdict and author standing, a comment's
// whole history, an author's record and the audit log, read from the store as JSON
// (docs/api.md "Objects"). Read-only queries; the store's writes stay in store/.
//
// School scoping is applied here, in SQL, so a list never holds another school's rows; single
// lookups return the owning school and the caller checks it (console_api.cpp).
//
// Error policy: SQLite failures throw StoreError (the request answers 500); an unknown id is
// nullopt.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "store/sqlite.hpp"

namespace hm::console {

using Json = nlohmann::ordered_json;

struct ActionFilter {
  std::optional<std::string> state, kind, school, channel, category;
  int limit = 100;
  std::optional<std::int64_t> before;            // action ids below this (the next page)
  std::optional<std::set<std::string>> schools;  // visible schools; nullopt: every school
};

struct ActionPage {
  Json actions = Json::array();
  std::optional<std::int64_t> next_before;
};

// Newest first.
ActionPage list_actions(store::Connection& db, const ActionFilter& filter);

struct Owned {
  Json view;
  std::string school;
};

std::optional<Owned> action_view(store::Connection& db, std::int64_t action_id);
std::optional<Owned> comment_view(store::Connection& db, std::int64_t comment_id);
std::optional<Owned> author_view(store::Connection& db, std::string_view channel,
                                 std::string_view author_id);

// The school a channel belongs to; nullopt for an unknown channel.
std::optional<std::string> school_of_channel(store::Connection& db, std::string_view channel);

struct AuditFilter {
  int limit = 100;
  std::optional<std::int64_t> before;
  std::optional<std::string> subject;
};
Json audit_page(store::Connection& db, const AuditFilter& filter);

// A text column as JSON: null when the column is NULL (purged or never set).
Json text_or_null(const store::Statement& s, int column);

}  // namespace hm::console
