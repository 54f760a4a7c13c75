// The decisions a moderator takes on an action, named in one place: the console's routes
// (POST /api/v1/actions/{id}/{decision}), its bulk endpoint and its messages use these names.
//   approve  proposed → approved (the executor runs it, or a moderator does it by hand)
//   reject   proposed → rejected
//   done     a manual task was done by hand (approved, or proposed and approved at once), or a
//            failed action was dealt with by hand on the platform
//   retry    a failed action is tried again (back to approved, a fresh attempt budget)
//
// Error policy: parsing an unknown name returns std::nullopt.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace hm::moderation {

enum class ModeratorDecision { approve, reject, done, retry };
inline constexpr std::array<ModeratorDecision, 4> kAllModeratorDecisions = {
    ModeratorDecision::approve, ModeratorDecision::reject, ModeratorDecision::done,
    ModeratorDecision::retry};

std::string_view to_string(ModeratorDecision d) noexcept;
std::optional<ModeratorDecision> parse_moderator_decision(std::string_view name) noexcept;
// "\"approve\", \"reject\", \"done\" or \"retry\"", for error messages.
std::string moderator_decision_names();

}  // namespace hm::moderation
