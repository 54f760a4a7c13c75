#include "moderation/decision.hpp"

namespace hm::moderation {

std::string_view to_string(ModeratorDecision d) noexcept {
  switch (d) {
    case ModeratorDecision::approve:
      return "approve";
    case ModeratorDecision::reject:
      return "reject";
    case ModeratorDecision::done:
      return "done";
    case ModeratorDecision::retry:
      return "retry";
  }
  return "unknown";
}

std::optional<ModeratorDecision> parse_moderator_decision(std::string_view name) noexcept {
  for (ModeratorDecision d : kAllModeratorDecisions)
    if (to_string(d) == name) return d;
  return std::nullopt;
}

std::string moderator_decision_names() {
  std::string out;
  for (std::size_t i = 0; i < kAllModeratorDecisions.size(); ++i) {
    if (i > 0) out += i + 1 == kAllModeratorDecisions.size() ? " or " : ", ";
    out += "\"" + std::string(to_string(kAllModeratorDecisions[i])) + "\"";
  }
  return out;
}

}  // namespace hm::moderation
