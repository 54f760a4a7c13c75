// One flagged comment as a person decides on it (issue 12's "item"), as pure functions: what
// it needs from a person, and what one decision does to its actions, strike and review.
//
//   decision       effect                                                   who
//   keep_hidden    rejects/withdraws a pending deletion; outcome kept_hidden  moderate; safeguard
//                                                                             on escalated items
//   delete         approves the proposed deletion or creates one, due after  moderate; safeguard
//                  the undo window (a by-hand task where the platform        only while an
//                  cannot delete); outcome deleted                           escalation is open
//   undo_delete    withdraws a deletion not yet running; reopens the item    as delete
//   show_again     unhides, withdraws every pending action but the            as delete
//                  escalation, and the strike; outcome shown_again
//   post_reply     approves the proposed reply (with edited text)            moderate
//   no_reply       rejects the proposed reply                               moderate
//   block          approves the proposed block                              moderate
//   dont_block     rejects the proposed block                               moderate
//   dealt_with,    the escalation is done, with a required note             safeguard
//   not_a_concern
// The item closes once it has a closing outcome and no needs are left (the needs are worked
// out on the actions as they will be after the steps). One with no hide at all (a complaint's
// reply) closes when nothing is left to decide.
//
// Error policy: nothing throws. A decision that cannot be taken comes back as a Refusal with an
// HTTP status (400 missing input, 403 role, 409 state) and a sentence for the person.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/action_machine.hpp"
#include "moderation/expected.hpp"
#include "moderation/policy.hpp"
#include "moderation/types.hpp"

namespace hm::moderation {

enum class ItemDecision : std::uint8_t {
  keep_hidden,
  delete_comment,
  undo_delete,
  show_again,
  post_reply,
  no_reply,
  block,
  dont_block,
  dealt_with,
  not_a_concern
};
inline constexpr std::array<ItemDecision, 10> kAllItemDecisions = {
    ItemDecision::keep_hidden,  ItemDecision::delete_comment, ItemDecision::undo_delete,
    ItemDecision::show_again,   ItemDecision::post_reply,     ItemDecision::no_reply,
    ItemDecision::block,        ItemDecision::dont_block,     ItemDecision::dealt_with,
    ItemDecision::not_a_concern};
std::string_view to_string(ItemDecision d) noexcept;  // "delete" for delete_comment
std::optional<ItemDecision> parse_item_decision(std::string_view name) noexcept;

enum class ItemOutcome : std::uint8_t { kept_hidden, deleted, shown_again };
std::string_view to_string(ItemOutcome o) noexcept;
std::optional<ItemOutcome> parse_item_outcome(std::string_view name) noexcept;

// What waits for a person, in priority order.
enum class Need : std::uint8_t { safeguarding, failed, reply, block, delete_comment };
std::string_view to_string(Need n) noexcept;  // "delete" for delete_comment

// The item's review as stored.
struct Review {
  bool open = true;
  std::optional<ItemOutcome> outcome;
  std::optional<std::string> note;
  std::optional<Time> decided_at;
};

struct ItemFacts {
  Platform platform = Platform::facebook;
  std::vector<Action> actions;  // the comment's, oldest first
  Review review;
  bool has_strike = false;
};

// The caller's roles in the item's school. An admin has both.
struct ItemRoles {
  bool moderate = false;   // moderator or admin
  bool safeguard = false;  // safeguarding lead or admin
};

struct ItemRequest {
  ItemDecision decision = ItemDecision::keep_hidden;
  std::string note;                 // dealt_with, not_a_concern
  std::optional<std::string> text;  // post_reply: the edited reply
};

// One event on an existing action; `text` replaces a reply's text before it is approved.
struct ActionStep {
  std::int64_t action_id = 0;
  ActionEvent event;
  std::optional<std::string> text;
};

// A new action; an automatic one is not started before `due_at`.
struct NewAction {
  ProposedAction action;
  Time due_at{};
};

struct ItemSteps {
  std::vector<ActionStep> events;
  std::vector<NewAction> create;
  bool withdraw_strike = false;
  Review review;  // the review as it is to be stored
  bool offer_exception = false;
  std::optional<Time> undo_until;  // an automatic deletion can be undone until then
};

struct Refusal {
  int status = 409;  // 400, 403 or 409
  std::string message;
};

// The comment is hidden now: its latest finished hide or unhide is a hide.
bool is_hidden(const std::vector<Action>& actions);
// Whether an escalation waits for the safeguarding lead (proposed or approved).
bool escalation_open(const std::vector<Action>& actions);
// What the item needs from a person, in priority order. A failed action counts until it is
// retried, done by hand, taken over by a newer live action of its kind, or a decision on the
// item came after it failed.
std::vector<Need> item_needs(const ItemFacts& facts);
// The failed actions that still count as a need, by that rule.
std::vector<std::int64_t> unresolved_failures(const ItemFacts& facts);

Expected<ItemSteps, Refusal> decide_item(const ItemFacts& facts, const ItemRoles& roles,
                                         const ItemRequest& request, Time now,
                                         std::chrono::seconds undo_window);

// The decisions these roles may take on the item now (each tried with a placeholder note).
std::vector<ItemDecision> available_decisions(const ItemFacts& facts, const ItemRoles& roles,
                                              Time now, std::chrono::seconds undo_window);

}  // namespace hm::moderation
