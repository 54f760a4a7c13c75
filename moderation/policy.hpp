// A school's moderation policy: per category of verdict, whether the comment is hidden at once,
// whether its deletion is proposed or scheduled, whether it is a strike; and when a repeat
// offender is proposed for a block (DESIGN.md §4, the config's [school.policy], §9).
//
// Error policy: pure functions over data; nothing here fails. A category the policy does not
// list leads to no action and no strike.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "moderation/strikes.hpp"
#include "moderation/types.hpp"

namespace hm::moderation {

// What happens to a flagged comment's deletion. Hidden is handled, so the default is never:
// a moderator may still choose Delete.
struct DeleteRule {
  enum class When : std::uint8_t { never, propose, after };
  When when = When::never;
  std::chrono::days after{0};  // with `after`: approved, due this long after the verdict
  bool operator==(const DeleteRule&) const = default;
};

struct CategoryPolicy {
  bool hide = false;    // hide at once (an approved hide)
  DeleteRule deletion;  // never | propose | after N days
  bool strike = false;  // counts towards the author's strikes
  // Fixed by category, not the config's: a safeguarding verdict always goes to the designated
  // safeguarding lead; a complaint is offered the school's reply.
  bool escalate = false;
  bool reply = false;
  bool operator==(const CategoryPolicy&) const = default;
};

struct SchoolPolicy {
  std::map<Category, CategoryPolicy> categories;
  StrikeRule strikes;            // threshold 0: strikes never propose a block
  std::string complaints_reply;  // the text of a proposed reply to a complaint
};

// DESIGN.md §4: abuse, spam, commercial, personal_data, safeguarding → hide at once, a strike,
// no deletion; safeguarding also escalates; complaint → propose the reply. 3 strikes in 90 days
// propose a block.
SchoolPolicy default_policy(std::string complaints_reply);

struct ProposedAction {
  ActionKind kind = ActionKind::hide;
  ActionState initial_state = ActionState::proposed;  // approved for automatic actions
  bool manual = false;       // the platform's API cannot do it: a task for a moderator
  std::string text;          // reply text
  std::string instructions;  // set for manual tasks
  std::string reason;
  // An approved action that must not run before this long after it is created (a deletion
  // "after 7 days"): the store records it as the action's next_attempt_at. 0: at once.
  std::chrono::seconds not_before{0};
  bool operator==(const ProposedAction&) const = default;
};

struct Decision {
  std::vector<ProposedAction> actions;  // hide, escalate, reply, delete, block order
  StrikeOutcome strike;
};

// What to do about one classified comment version on `platform`, given what is known about its
// author on that channel. Across several categories the strongest choice wins (hide if any
// hides; a scheduled deletion, the soonest, over a proposed one). Someone's own risk-to-life
// statement (urgency risk_to_life) earns no strike and no deletion; a complaint that is also
// abuse is offered no reply.
Decision decide(const SchoolPolicy& policy, Platform platform, const Verdict& verdict,
                const AuthorStanding& standing);

}  // namespace hm::moderation
