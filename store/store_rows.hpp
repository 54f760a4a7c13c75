// Helpers shared by the store's implementation files: time and row conversions, the audit
// subject format. Internal to store/; not part of the Store API.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/types.hpp"
#include "store/sqlite.hpp"
#include "store/stored_enums.hpp"
#include "store/stored_verdict.hpp"

namespace hm::store::detail {

using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;
using moderation::Time;

inline std::int64_t seconds(Time t) {
  return t.time_since_epoch().count();
}
inline Time from_seconds(std::int64_t s) {
  return Time(std::chrono::seconds(s));
}

// An SQL list of the action states that satisfy `pred`, from the one definition in
// moderation/types.hpp: "'done', 'failed', 'rejected'". Only enum names, never outside input.
template <class Pred>
std::string sql_states(Pred pred) {
  std::string out;
  for (ActionState s : moderation::kAllActionStates)
    if (pred(s)) out += (out.empty() ? "'" : ", '") + std::string(moderation::to_string(s)) + "'";
  return out;
}
// Finished: no further transition (done, failed, rejected).
inline const std::string& sql_terminal_states() {
  static const std::string list = sql_states(moderation::is_terminal);
  return list;
}
// Given up: the step will not happen (failed, rejected); a live action is in any other state.
inline const std::string& sql_given_up_states() {
  static const std::string list = sql_states(moderation::is_given_up);
  return list;
}

inline constexpr std::string_view kActionColumns =
    "SELECT id, comment_id, kind, state, attempts, next_attempt_at, manual, "
    "COALESCE(text, ''), COALESCE(instructions, ''), reason, updated_at FROM actions ";

inline Action read_action(const Statement& s) {
  Action a;
  a.id = s.int64(0);
  a.comment_id = s.int64(1);
  a.kind = stored_action_kind(s.text(2));
  a.progress.state = stored_action_state(s.text(3));
  a.progress.attempts = int(s.int64(4));
  a.progress.next_attempt_at = from_seconds(s.int64(5));
  a.progress.manual = s.int64(6) != 0;
  a.text = s.text(7);
  a.instructions = s.text(8);
  a.reason = s.text(9);
  a.updated_at = from_seconds(s.int64(10));
  return a;
}

inline std::vector<Action> read_actions(Statement& s) {
  std::vector<Action> out;
  while (s.step()) out.push_back(read_action(s));
  return out;
}

inline std::string subject(std::string_view kind, std::int64_t id) {
  return std::string(kind) + ":" + std::to_string(id);
}

}  // namespace hm::store::detail
