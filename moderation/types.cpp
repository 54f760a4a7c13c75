#include "moderation/types.hpp"

#include <array>

namespace hm::moderation {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> parse_by_name(std::string_view name, const std::array<Enum, N>& all) {
  for (Enum e : all)
    if (to_string(e) == name) return e;
  return std::nullopt;
}

}  // namespace

// Both tables follow the enum's order (facebook, instagram, x).
std::string_view to_string(Platform p) noexcept {
  static constexpr std::string_view kNames[] = {"facebook", "instagram", "x"};
  const auto i = static_cast<std::size_t>(p);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

std::string_view display_name(Platform p) noexcept {
  static constexpr std::string_view kNames[] = {"Facebook", "Instagram", "X"};
  const auto i = static_cast<std::size_t>(p);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

Expected<Platform, std::string> parse_platform(std::string_view name) {
  if (auto p =
          parse_by_name(name, std::array{Platform::facebook, Platform::instagram, Platform::x}))
    return *p;
  return unexpected("unknown platform \"" + std::string(name) +
                    "\" (expected facebook, instagram or x)");
}

std::string_view to_string(ActionKind k) noexcept {
  switch (k) {
    case ActionKind::hide:
      return "hide";
    case ActionKind::unhide:
      return "unhide";
    case ActionKind::delete_comment:
      return "delete";
    case ActionKind::block:
      return "block";
    case ActionKind::reply:
      return "reply";
    case ActionKind::escalate:
      return "escalate";
  }
  return "unknown";
}

std::optional<ActionKind> parse_action_kind(std::string_view name) noexcept {
  return parse_by_name(name,
                       std::array{ActionKind::hide, ActionKind::unhide, ActionKind::delete_comment,
                                  ActionKind::block, ActionKind::reply, ActionKind::escalate});
}

std::string_view to_string(ActionState s) noexcept {
  switch (s) {
    case ActionState::proposed:
      return "proposed";
    case ActionState::approved:
      return "approved";
    case ActionState::running:
      return "running";
    case ActionState::done:
      return "done";
    case ActionState::failed:
      return "failed";
    case ActionState::rejected:
      return "rejected";
  }
  return "unknown";
}

std::optional<ActionState> parse_action_state(std::string_view name) noexcept {
  return parse_by_name(name, kAllActionStates);
}

bool is_given_up(ActionState s) noexcept {
  return s == ActionState::failed || s == ActionState::rejected;
}

bool is_terminal(ActionState s) noexcept {
  return s == ActionState::done || s == ActionState::failed || s == ActionState::rejected;
}

}  // namespace hm::moderation
