// The moderation domain: a comment as the platforms give it, the actions hallmonitor takes on
// it, and the request an action becomes for a platform connector.
//
// Error policy: pure value types. Parsing a platform name returns an error message for an
// unknown one; parsing the other names returns std::nullopt for an unknown one.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "filters/verdict.hpp"
#include "moderation/expected.hpp"

namespace hm::moderation {

using Time = std::chrono::sys_seconds;
using filters::Category;
using filters::CategorySet;
using filters::Verdict;

enum class Platform : std::uint8_t { facebook, instagram, x };
std::string_view to_string(Platform p) noexcept;
std::string_view display_name(Platform p) noexcept;  // "Facebook", "Instagram", "X": for people
// The one parser for a platform's name (config, CLI, console, emulator): "facebook",
// "instagram" or "x"; anything else is an error saying so, never a silent default.
Expected<Platform, std::string> parse_platform(std::string_view name);

// One version of a comment as fetched from a platform. An edit arrives as the same
// platform_comment_id with new text and is stored (and classified) as a new version.
struct Comment {
  Platform platform = Platform::facebook;
  std::string channel_id;           // hallmonitor's channel id from the config
  std::string platform_comment_id;  // the platform's own id
  std::string parent_platform_id;   // empty for a top-level comment
  std::string author_id;            // the platform's user id
  std::string author_name;
  std::string text;
  std::string permalink;
  Time created_at{};
  std::optional<Time> edited_at;
};

enum class ActionKind : std::uint8_t { hide, unhide, delete_comment, block, reply, escalate };
std::string_view to_string(ActionKind k) noexcept;
std::optional<ActionKind> parse_action_kind(std::string_view name) noexcept;

enum class ActionState : std::uint8_t { proposed, approved, running, done, failed, rejected };
inline constexpr std::array<ActionState, 6> kAllActionStates = {
    ActionState::proposed, ActionState::approved, ActionState::running,
    ActionState::done,     ActionState::failed,   ActionState::rejected};
std::string_view to_string(ActionState s) noexcept;
std::optional<ActionState> parse_action_state(std::string_view name) noexcept;
bool is_terminal(ActionState s) noexcept;  // done, failed, rejected: history only
bool is_given_up(ActionState s) noexcept;  // failed, rejected: the step will not happen

// Where an action is in its life, with what the retry logic needs. This is the whole input of
// the state machine besides the event.
struct ActionProgress {
  ActionState state = ActionState::proposed;
  int attempts = 0;        // platform calls started so far
  Time next_attempt_at{};  // an approved action is not started before this
  bool manual = false;     // a moderator does it by hand; the executor never runs it
  bool operator==(const ActionProgress&) const = default;
};

// An action stored against a comment.
struct Action {
  std::int64_t id = 0;
  std::int64_t comment_id = 0;
  ActionKind kind = ActionKind::hide;
  ActionProgress progress;
  std::string text;          // the reply to post (reply actions)
  std::string instructions;  // what the moderator does by hand (manual tasks)
  std::string reason;        // why it was proposed, for the moderator and the audit log
  Time updated_at{};         // its last transition (a failure older than a decision is dealt with)
};

// What the executor asks a connector to do. Targets are the platform's own ids.
struct PlatformAction {
  std::int64_t action_id = 0;
  int attempt = 0;  // lets a connector or an emulator recognise a retried call
  ActionKind kind = ActionKind::hide;
  Platform platform = Platform::facebook;
  std::string channel_id;
  std::string comment_id;  // hide, unhide, delete, reply
  std::string author_id;   // block
  std::string text;        // reply
};

}  // namespace hm::moderation
