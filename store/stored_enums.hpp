// Enum text read back from the database (platform, action kind, action state), parsed in this
// one place for the store and its readers (console, hallmonitorctl).
//
// Error policy: an unknown value means a damaged or foreign database and throws StoreError,
// never a silent default.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

template <class Enum>
Enum parse_stored(std::optional<Enum> parsed, std::string_view column, std::string_view text) {
  if (!parsed)
    throw StoreError("unknown " + std::string(column) + " '" + std::string(text) +
                     "' in the database");
  return *parsed;
}
inline moderation::Platform stored_platform(std::string_view text) {
  auto parsed = moderation::parse_platform(text);
  return parse_stored(parsed ? std::optional(*parsed) : std::nullopt, "platform", text);
}
inline moderation::ActionKind stored_action_kind(std::string_view text) {
  return parse_stored(moderation::parse_action_kind(text), "action kind", text);
}
inline moderation::ActionState stored_action_state(std::string_view text) {
  return parse_stored(moderation::parse_action_state(text), "action state", text);
}

}  // namespace hm::store
