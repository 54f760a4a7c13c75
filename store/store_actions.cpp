// The Store's actions: transitions through the state machine, undo, what the executor runs.
#include "store/store.hpp"

#include "moderation/plan.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;

using namespace detail;

namespace {

std::optional<std::string> outcome_after(ActionState from, ActionState to,
                                         const moderation::ActionEvent& event,
                                         std::string_view reason) {
  if (std::holds_alternative<moderation::event::AlreadyGone>(event))
    return "already gone from the platform";
  if (to == ActionState::failed)
    return reason.empty() ? std::string("the platform call failed") : std::string(reason);
  if (from == ActionState::failed && to == ActionState::done)
    return "done by hand" + (reason.empty() ? std::string() : ": " + std::string(reason));
  return std::nullopt;
}

}  // namespace

std::optional<Action> Store::load_action(std::int64_t action_id) {
  Statement s = conn_.prepare(std::string(kActionColumns) + "WHERE id = ?");
  s.bind(1, action_id);
  if (!s.step()) return std::nullopt;
  return read_action(s);
}

Expected<Action, std::string> Store::apply_transition(Action action,
                                                      const moderation::ActionEvent& event,
                                                      std::string_view actor,
                                                      std::string_view reason, Time now) {
  auto next = moderation::resume(action.progress, event, options_.retry);
  if (!next) return unexpected("action " + std::to_string(action.id) + ": " + next.error().message);
  const ActionState from = action.progress.state;
  action.progress = *next;
  action.updated_at = now;
  // The outcome says how the action ended, for a moderator: why it failed, that it was done by
  // hand instead. A retry clears it (the earlier reason stays in the transitions).
  const std::optional<std::string> outcome =
      outcome_after(from, action.progress.state, event, reason);
  const bool retried = std::holds_alternative<moderation::event::Retry>(event);
  conn_
      .prepare(
          "UPDATE actions SET state = ?, attempts = ?, next_attempt_at = ?, "
          "outcome = CASE WHEN ? THEN NULL ELSE COALESCE(?, outcome) END, updated_at = ? "
          "WHERE id = ?")
      .bind_all(moderation::to_string(action.progress.state), action.progress.attempts,
                seconds(action.progress.next_attempt_at), int(retried), outcome, seconds(now),
                action.id)
      .run();
  const std::string_view event_name = moderation::event_name(event);
  conn_
      .prepare(
          "INSERT INTO action_transitions (action_id, from_state, to_state, event, attempt, "
          "actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(action.id, moderation::to_string(from),
                moderation::to_string(action.progress.state), event_name, action.progress.attempts,
                actor, reason, seconds(now))
      .run();
  nlohmann::json detail{{"from", moderation::to_string(from)},
                        {"to", moderation::to_string(action.progress.state)},
                        {"event", event_name},
                        {"attempt", action.progress.attempts},
                        {"reason", reason}};
  if (action.progress.state == ActionState::approved && action.progress.attempts > 0)
    detail["next_attempt_at"] = seconds(action.progress.next_attempt_at);
  append_audit(
      conn_, {now, std::string(actor), "action.transition", subject("action", action.id), detail});
  // A retried action opens its comment again; a finished one may close it.
  if (moderation::is_terminal(action.progress.state) || moderation::is_terminal(from))
    update_resolution(action.comment_id, now);
  return action;
}

Expected<Action, std::string> Store::transition(std::int64_t action_id,
                                                const moderation::ActionEvent& event,
                                                std::string_view actor, std::string_view reason,
                                                Time now) {
  WriteTransaction tx(conn_);
  auto action = load_action(action_id);
  if (!action) return unexpected("no action " + std::to_string(action_id));
  auto result = apply_transition(*action, event, actor, reason, now);
  if (result) tx.commit();
  return result;
}

Expected<Action, std::string> Store::mark_done(std::int64_t action_id, std::string_view actor,
                                               std::string_view reason, Time now) {
  WriteTransaction tx(conn_);
  auto action = load_action(action_id);
  if (!action) return unexpected("no action " + std::to_string(action_id));
  if (!action->progress.manual && action->progress.state != ActionState::failed)
    return unexpected("action " + std::to_string(action_id) +
                      " is not a manual task; hallmonitor carries it out itself (only a failed "
                      "action can be marked done by hand)");
  Action current = *action;
  if (current.progress.state == ActionState::proposed) {
    auto approved = apply_transition(current, moderation::event::Approve{}, actor, reason, now);
    if (!approved) return approved;
    current = *approved;
  }
  auto result = apply_transition(current, moderation::event::DoneByHand{}, actor, reason, now);
  if (result) tx.commit();
  return result;
}

Expected<Action, std::string> Store::retry_failed(std::int64_t action_id, std::string_view actor,
                                                  std::string_view reason, Time now) {
  WriteTransaction tx(conn_);
  auto action = load_action(action_id);
  if (!action) return unexpected("no action " + std::to_string(action_id));
  if (action->progress.state == ActionState::failed) {
    // A newer action of the same kind on the comment (an edit flagged again) already does it.
    Statement s = conn_.prepare(
        "SELECT id FROM actions WHERE comment_id = ? AND kind = ? AND id != ? AND state NOT IN (" +
        sql_given_up_states() + ") AND undoes_action_id IS NULL");
    s.bind_all(action->comment_id, moderation::to_string(action->kind), action_id);
    if (s.step())
      return unexpected("action " + std::to_string(action_id) +
                        " is already taken over by action " + std::to_string(s.int64(0)));
  }
  auto result = apply_transition(*action, moderation::event::Retry{now}, actor, reason, now);
  if (result) tx.commit();
  return result;
}

Expected<Action, std::string> Store::undo_hide(std::int64_t hide_action_id, std::string_view actor,
                                               std::string_view reason, Time now) {
  WriteTransaction tx(conn_);
  auto hide = load_action(hide_action_id);
  if (!hide) return unexpected("no action " + std::to_string(hide_action_id));
  if (hide->kind != ActionKind::hide || hide->progress.state != ActionState::done)
    return unexpected("action " + std::to_string(hide_action_id) +
                      " is not a completed hide, so there is nothing to undo");
  {
    Statement s =
        conn_.prepare("SELECT id FROM actions WHERE undoes_action_id = ? AND state NOT IN (" +
                      sql_given_up_states() + ")");
    s.bind(1, hide_action_id);
    if (s.step())
      return unexpected("action " + std::to_string(hide_action_id) +
                        " is already undone by action " + std::to_string(s.int64(0)));
  }
  moderation::Platform platform;
  {
    Statement s = conn_.prepare(
        "SELECT ch.platform FROM comments c JOIN channels ch ON ch.id = c.channel_id "
        "WHERE c.id = ?");
    s.bind(1, hide->comment_id);
    if (!s.step())
      return unexpected("action " + std::to_string(hide_action_id) + " has no comment");
    platform = stored_platform(s.text(0));
  }
  const moderation::ProposedAction unhide =
      moderation::propose_unhide(platform, std::string(reason));
  const std::int64_t id =
      insert_action(hide->comment_id, std::nullopt, hide_action_id, unhide, actor, now);
  update_resolution(hide->comment_id, now);
  auto created = load_action(id);
  tx.commit();
  return *created;
}

std::optional<Action> Store::action(std::int64_t action_id) {
  return load_action(action_id);
}

std::vector<Action> Store::actions_for_comment(std::int64_t comment_id) {
  Statement s = conn_.prepare(std::string(kActionColumns) + "WHERE comment_id = ? ORDER BY id");
  s.bind(1, comment_id);
  return read_actions(s);
}

std::vector<Action> Store::actions_in_state(ActionState state, int limit) {
  Statement s = conn_.prepare(std::string(kActionColumns) + "WHERE state = ? ORDER BY id LIMIT ?");
  s.bind_all(moderation::to_string(state), limit);
  return read_actions(s);
}

std::vector<Action> Store::due_actions(Time now, int limit) {
  Statement s = conn_.prepare(std::string(kActionColumns) +
                              "WHERE state = ? AND manual = 0 AND next_attempt_at <= ? "
                              "ORDER BY next_attempt_at, id LIMIT ?");
  s.bind_all(moderation::to_string(ActionState::approved), seconds(now), limit);
  return read_actions(s);
}

std::vector<Action> Store::due_actions(Time now, int limit, std::string_view channel_id) {
  Statement s = conn_.prepare(std::string(kActionColumns) +
                              "WHERE state = ? AND manual = 0 AND next_attempt_at <= ? "
                              "AND comment_id IN (SELECT id FROM comments WHERE channel_id = ?) "
                              "ORDER BY next_attempt_at, id LIMIT ?");
  s.bind_all(moderation::to_string(ActionState::approved), seconds(now), channel_id, limit);
  return read_actions(s);
}

std::vector<std::string> Store::channels_with_due_actions(Time now) {
  Statement s = conn_.prepare(
      "SELECT DISTINCT c.channel_id FROM actions a JOIN comments c ON c.id = a.comment_id "
      "WHERE a.state = ? AND a.manual = 0 AND a.next_attempt_at <= ? ORDER BY c.channel_id");
  s.bind_all(moderation::to_string(ActionState::approved), seconds(now));
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::optional<moderation::PlatformAction> Store::platform_action(std::int64_t action_id) {
  Statement s = conn_.prepare(
      "SELECT a.kind, a.attempts, ch.platform, c.channel_id, c.platform_comment_id, c.author_id, "
      "COALESCE(a.text, '') FROM actions a JOIN comments c ON c.id = a.comment_id "
      "JOIN channels ch ON ch.id = c.channel_id WHERE a.id = ?");
  s.bind(1, action_id);
  if (!s.step()) return std::nullopt;
  moderation::PlatformAction p;
  p.action_id = action_id;
  p.kind = stored_action_kind(s.text(0));
  p.attempt = int(s.int64(1));
  p.platform = stored_platform(s.text(2));
  p.channel_id = s.text(3);
  p.comment_id = s.text(4);
  p.author_id = s.text(5);
  p.text = s.text(6);
  return p;
}

bool Store::last_call_outcome_unknown(std::int64_t action_id) {
  namespace ev = moderation::event;
  ev::FailedRetryable unknown{};
  unknown.outcome_unknown = true;
  // A start and the held-back answer that undoes it leave the platform as it was: skipped.
  Statement s = conn_.prepare(
      "SELECT event FROM action_transitions WHERE action_id = ? AND event NOT IN (?, ?) "
      "ORDER BY id DESC LIMIT 1");
  s.bind_all(action_id, moderation::event_name(ev::Start{}),
             moderation::event_name(ev::HeldBack{}));
  return s.step() && s.text(0) == moderation::event_name(unknown);
}

std::optional<Time> Store::comment_created_at(std::int64_t comment_id) {
  Statement s = conn_.prepare("SELECT created_at FROM comments WHERE id = ?");
  s.bind(1, comment_id);
  if (!s.step()) return std::nullopt;
  return from_seconds(s.int64(0));
}

std::vector<std::pair<ActionState, std::int64_t>> Store::action_counts() {
  std::vector<std::pair<ActionState, std::int64_t>> out;
  Statement s = conn_.prepare("SELECT state, COUNT(*) FROM actions GROUP BY state ORDER BY state");
  while (s.step()) out.emplace_back(stored_action_state(s.text(0)), s.int64(1));
  return out;
}

}  // namespace hm::store
