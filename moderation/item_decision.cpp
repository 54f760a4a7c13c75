#include "moderation/item_decision.hpp"

#include <algorithm>
#include <array>

#include "moderation/capabilities.hpp"
#include "moderation/plan.hpp"

namespace hm::moderation {
namespace {

using S = ActionState;
using D = ItemDecision;

constexpr std::array<std::string_view, 10> kDecisionNames = {
    "keep_hidden", "delete", "undo_delete", "show_again", "post_reply",
    "no_reply",    "block",  "dont_block",  "dealt_with", "not_a_concern"};
constexpr std::array<std::string_view, 3> kOutcomeNames = {"kept_hidden", "deleted", "shown_again"};
constexpr std::array<std::string_view, 5> kNeedNames = {"safeguarding", "failed", "reply", "block",
                                                        "delete"};

bool pending(const Action& a) {
  return a.progress.state == S::proposed || a.progress.state == S::approved;
}

// The newest action of `kind`, or nullptr.
const Action* latest(const std::vector<Action>& actions, ActionKind kind) {
  const Action* found = nullptr;
  for (const auto& a : actions)
    if (a.kind == kind) found = &a;
  return found;
}

const Action* latest_in(const std::vector<Action>& actions, ActionKind kind, S state) {
  const Action* found = nullptr;
  for (const auto& a : actions)
    if (a.kind == kind && a.progress.state == state) found = &a;
  return found;
}

bool any_in(const std::vector<Action>& actions, ActionKind kind, S state) {
  return latest_in(actions, kind, state) != nullptr;
}

Refusal refuse(int status, std::string message) {
  return {status, std::move(message)};
}

// The actions as they will be once `steps` are applied (new ones get ids past the last).
std::vector<Action> after(const ItemFacts& facts, const ItemSteps& steps) {
  std::vector<Action> out = facts.actions;
  for (const auto& step : steps.events)
    for (auto& a : out)
      if (a.id == step.action_id)
        if (auto next = resume(a.progress, step.event)) a.progress = *next;
  std::int64_t id = out.empty() ? 0 : out.back().id;
  for (const auto& n : steps.create) {
    Action a;
    a.id = ++id;
    a.comment_id = out.empty() ? 0 : out.front().comment_id;
    a.kind = n.action.kind;
    a.progress = {n.action.initial_state, 0, n.due_at, n.action.manual};
    out.push_back(a);
  }
  return out;
}

// Sets the outcome (when given) and closes the review when nothing is left to decide.
void settle(const ItemFacts& facts, ItemSteps& steps, std::optional<ItemOutcome> outcome,
            Time now) {
  steps.review = facts.review;
  if (outcome) steps.review.outcome = outcome;
  steps.review.decided_at = now;
  ItemFacts later = facts;
  later.actions = after(facts, steps);
  later.review = steps.review;
  const bool never_hidden = latest(later.actions, ActionKind::hide) == nullptr;
  steps.review.open =
      !item_needs(later).empty() || (!steps.review.outcome.has_value() && !never_hidden);
}

std::string who_may_delete(D d) {
  switch (d) {
    case D::show_again:
      return "only the safeguarding lead can show this comment again while the concern is open";
    case D::undo_delete:
      return "only the safeguarding lead can undo this deletion while the concern is open";
    default:
      return "only the safeguarding lead can delete this comment while the concern is open";
  }
}

Expected<ItemSteps, Refusal> keep_hidden(const ItemFacts& f, Time now) {
  ItemSteps steps;
  if (!f.review.open && f.review.outcome == ItemOutcome::kept_hidden)
    return unexpected(refuse(409, "this comment is already kept hidden"));
  if (any_in(f.actions, ActionKind::delete_comment, S::running))
    return unexpected(refuse(409, "the comment is being deleted on the platform right now"));
  if (any_in(f.actions, ActionKind::delete_comment, S::done))
    return unexpected(refuse(409, "the comment has already been deleted"));
  const bool hiding = is_hidden(f.actions) || [&] {
    const Action* hide = latest(f.actions, ActionKind::hide);
    return hide && (pending(*hide) || hide->progress.state == S::running);
  }();
  // Never hidden at all: the school's policy flags this category without hiding it (hide =
  // false, e.g. on a trial run). Keeping it hidden means hiding it now, as a moderator asked.
  const bool never_hidden = latest(f.actions, ActionKind::hide) == nullptr;
  if (!hiding && never_hidden)
    steps.create.push_back(
        {propose_hide(f.platform, "hidden by a moderator: the policy flags but does not hide this"),
         now});
  else if (!hiding)
    return unexpected(refuse(409, "the comment is not hidden, so it cannot be kept hidden"));
  for (const auto& a : f.actions)
    if (a.kind == ActionKind::delete_comment && pending(a))
      steps.events.push_back({a.id,
                              a.progress.state == S::proposed ? ActionEvent{event::Reject{}}
                                                              : ActionEvent{event::Withdrawn{}},
                              std::nullopt});
  settle(f, steps, ItemOutcome::kept_hidden, now);
  return steps;
}

Expected<ItemSteps, Refusal> delete_comment(const ItemFacts& f, Time now,
                                            std::chrono::seconds window) {
  ItemSteps steps;
  if (any_in(f.actions, ActionKind::delete_comment, S::done))
    return unexpected(refuse(409, "the comment has already been deleted"));
  if (any_in(f.actions, ActionKind::delete_comment, S::running))
    return unexpected(refuse(409, "the comment is being deleted on the platform right now"));
  if (any_in(f.actions, ActionKind::delete_comment, S::approved))
    return unexpected(refuse(409, "the comment is already set to be deleted"));
  const Time due = now + window;
  if (const Action* proposed = latest_in(f.actions, ActionKind::delete_comment, S::proposed)) {
    const bool manual = proposed->progress.manual;
    steps.events.push_back({proposed->id, event::Approve{manual ? Time{} : due}, std::nullopt});
    if (!manual) steps.undo_until = due;
  } else {
    ProposedAction del;
    del.kind = ActionKind::delete_comment;
    del.initial_state = S::approved;
    del.reason = "a moderator chose to delete the comment";
    if (!can_automate(f.platform, ActionKind::delete_comment)) {
      del.manual = true;
      del.instructions = manual_instructions(f.platform, ActionKind::delete_comment);
    } else {
      steps.undo_until = due;
    }
    steps.create.push_back({del, del.manual ? Time{} : due});
  }
  settle(f, steps, ItemOutcome::deleted, now);
  return steps;
}

Expected<ItemSteps, Refusal> undo_delete(const ItemFacts& f, Time now) {
  ItemSteps steps;
  const Action* del = latest(f.actions, ActionKind::delete_comment);
  if (del && del->progress.state == S::running)
    return unexpected(
        refuse(409, "too late to undo: the comment is being deleted on the platform now"));
  if (del && del->progress.state == S::done)
    return unexpected(refuse(409, "too late to undo: the comment has been deleted"));
  if (!del || del->progress.state != S::approved)
    return unexpected(refuse(409, "there is no deletion to undo"));
  steps.events.push_back({del->id, event::Withdrawn{}, std::nullopt});
  settle(f, steps, std::nullopt, now);
  steps.review.outcome.reset();
  steps.review.open = true;
  return steps;
}

Expected<ItemSteps, Refusal> show_again(const ItemFacts& f, Time now) {
  ItemSteps steps;
  const Action* del = latest(f.actions, ActionKind::delete_comment);
  if (del && (del->progress.state == S::running || del->progress.state == S::done))
    return unexpected(refuse(409, "the comment has been deleted, so it cannot be shown again"));
  const Action* hide = latest(f.actions, ActionKind::hide);
  if (hide && hide->progress.state == S::running)
    return unexpected(refuse(409, "the comment is being hidden right now; try again in a moment"));
  for (const auto& a : f.actions)
    if (a.kind == ActionKind::unhide && (pending(a) || a.progress.state == S::running))
      return unexpected(refuse(409, "the comment is already being shown again"));
  const bool hidden = is_hidden(f.actions);
  // A comment the policy flagged but never hid may be judged fine too ("Leave it up").
  if (!hidden && hide && !pending(*hide))
    return unexpected(refuse(409, "the comment is not hidden"));
  // The escalation stays: the safeguarding lead closes the concern with a note. On a comment
  // that was never hidden (a complaint, a category the policy does not hide) the reply waiting
  // for approval stays too: leaving the comment up is no answer to whether to reply.
  const bool never_hidden = hide == nullptr;
  for (const auto& a : f.actions)
    if (pending(a) && a.kind != ActionKind::escalate &&
        !(never_hidden && a.kind == ActionKind::reply))
      steps.events.push_back({a.id, event::Withdrawn{}, std::nullopt});
  if (hidden)
    steps.create.push_back(
        {propose_unhide(f.platform, "shown again: a person judged the comment fine"), now});
  steps.withdraw_strike = f.has_strike;
  steps.offer_exception = true;
  settle(f, steps, ItemOutcome::shown_again, now);
  return steps;
}

Expected<ItemSteps, Refusal> answer_proposal(const ItemFacts& f, ActionKind kind, bool approve,
                                             std::optional<std::string> text, Time now) {
  ItemSteps steps;
  const Action* proposed = latest_in(f.actions, kind, S::proposed);
  if (!proposed)
    return unexpected(refuse(409, kind == ActionKind::reply
                                      ? "there is no reply waiting to be posted"
                                      : "there is no block waiting for a decision"));
  if (text) {
    const auto first = text->find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return unexpected(refuse(400, "the reply is empty"));
    if (*text == proposed->text) text.reset();
  }
  steps.events.push_back({proposed->id,
                          approve ? ActionEvent{event::Approve{}} : ActionEvent{event::Reject{}},
                          std::move(text)});
  settle(f, steps, std::nullopt, now);
  return steps;
}

Expected<ItemSteps, Refusal> close_concern(const ItemFacts& f, D d, const std::string& note,
                                           Time now) {
  ItemSteps steps;
  if (note.find_first_not_of(" \t\r\n") == std::string::npos)
    return unexpected(
        refuse(400, "a note is required: say what was done or why it is not a concern"));
  const Action* esc = nullptr;
  for (const auto& a : f.actions)
    if (a.kind == ActionKind::escalate && pending(a)) esc = &a;
  if (!esc) return unexpected(refuse(409, "there is no open safeguarding concern on this comment"));
  if (esc->progress.state == S::proposed)
    steps.events.push_back({esc->id, event::Approve{}, std::nullopt});
  steps.events.push_back({esc->id, event::DoneByHand{}, std::nullopt});
  settle(f, steps, std::nullopt, now);
  steps.review.note = std::string(d == D::dealt_with ? "dealt with: " : "not a concern: ") + note;
  return steps;
}

}  // namespace

std::string_view to_string(ItemDecision d) noexcept {
  return kDecisionNames[std::size_t(d)];
}
std::optional<ItemDecision> parse_item_decision(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kDecisionNames.size(); ++i)
    if (kDecisionNames[i] == name) return ItemDecision(i);
  return std::nullopt;
}
std::string_view to_string(ItemOutcome o) noexcept {
  return kOutcomeNames[std::size_t(o)];
}
std::optional<ItemOutcome> parse_item_outcome(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kOutcomeNames.size(); ++i)
    if (kOutcomeNames[i] == name) return ItemOutcome(i);
  return std::nullopt;
}
std::string_view to_string(Need n) noexcept {
  return kNeedNames[std::size_t(n)];
}

bool is_hidden(const std::vector<Action>& actions) {
  bool hidden = false;
  for (const auto& a : actions)
    if ((a.kind == ActionKind::hide || a.kind == ActionKind::unhide) && a.progress.state == S::done)
      hidden = a.kind == ActionKind::hide;
  return hidden;
}

bool escalation_open(const std::vector<Action>& actions) {
  return std::any_of(actions.begin(), actions.end(),
                     [](const Action& a) { return a.kind == ActionKind::escalate && pending(a); });
}

std::vector<std::int64_t> unresolved_failures(const ItemFacts& f) {
  std::vector<std::int64_t> out;
  for (const auto& a : f.actions) {
    if (a.progress.state != S::failed) continue;
    if (f.review.decided_at && *f.review.decided_at >= a.updated_at) continue;
    if (std::none_of(f.actions.begin(), f.actions.end(), [&](const Action& b) {
          return b.id > a.id && b.kind == a.kind && !is_given_up(b.progress.state);
        }))
      out.push_back(a.id);
  }
  return out;
}

std::vector<Need> item_needs(const ItemFacts& f) {
  std::vector<Need> needs;
  if (escalation_open(f.actions)) needs.push_back(Need::safeguarding);
  if (!unresolved_failures(f).empty()) needs.push_back(Need::failed);
  if (any_in(f.actions, ActionKind::reply, S::proposed)) needs.push_back(Need::reply);
  if (any_in(f.actions, ActionKind::block, S::proposed)) needs.push_back(Need::block);
  if (any_in(f.actions, ActionKind::delete_comment, S::proposed))
    needs.push_back(Need::delete_comment);
  return needs;
}

Expected<ItemSteps, Refusal> decide_item(const ItemFacts& f, const ItemRoles& roles,
                                         const ItemRequest& r, Time now,
                                         std::chrono::seconds undo_window) {
  const bool concern_open = escalation_open(f.actions);
  const bool escalated = latest(f.actions, ActionKind::escalate) != nullptr;
  switch (r.decision) {
    case D::keep_hidden:
      if (!roles.moderate && !(roles.safeguard && escalated))
        return unexpected(refuse(403, "only a moderator can keep this comment hidden"));
      return keep_hidden(f, now);
    case D::delete_comment:
    case D::undo_delete:
    case D::show_again:
      if (concern_open ? !roles.safeguard : !roles.moderate)
        return unexpected(refuse(
            403, concern_open ? who_may_delete(r.decision)
                              : "only a moderator can " + std::string(r.decision == D::show_again
                                                                          ? "show a comment again"
                                                                          : "delete a comment")));
      if (r.decision == D::delete_comment) return delete_comment(f, now, undo_window);
      if (r.decision == D::undo_delete) return undo_delete(f, now);
      return show_again(f, now);
    case D::post_reply:
    case D::no_reply:
    case D::block:
    case D::dont_block: {
      const bool reply = r.decision == D::post_reply || r.decision == D::no_reply;
      if (!roles.moderate)
        return unexpected(refuse(
            403, reply ? "only a moderator can answer a reply" : "only a moderator can block"));
      const bool approve = r.decision == D::post_reply || r.decision == D::block;
      return answer_proposal(f, reply ? ActionKind::reply : ActionKind::block, approve,
                             r.decision == D::post_reply ? r.text : std::nullopt, now);
    }
    case D::dealt_with:
    case D::not_a_concern:
      if (!roles.safeguard)
        return unexpected(
            refuse(403, "only the safeguarding lead can close a safeguarding concern"));
      return close_concern(f, r.decision, r.note, now);
  }
  return unexpected(refuse(400, "unknown decision"));
}

std::vector<ItemDecision> available_decisions(const ItemFacts& facts, const ItemRoles& roles,
                                              Time now, std::chrono::seconds undo_window) {
  std::vector<ItemDecision> out;
  for (ItemDecision d : kAllItemDecisions)
    if (decide_item(facts, roles, {d, "-", std::nullopt}, now, undo_window)) out.push_back(d);
  return out;
}

}  // namespace hm::moderation
