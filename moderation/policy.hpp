// A school's moderation policy: which actions each category of verdict leads to, which of them
// run at once, and when a repeat offender is proposed for a block (DESIGN.md §4).
//
// Error policy: pure functions over data; nothing here fails. A policy with no actions for a
// category simply proposes none.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "moderation/strikes.hpp"
#include "moderation/types.hpp"

namespace hm::moderation {

struct SchoolPolicy {
  std::map<Category, std::vector<ActionKind>> actions;  // per category, in any order
  std::set<ActionKind> automatic{ActionKind::hide};     // start approved; the rest are proposed
  std::set<Category> strike_categories;                 // verdicts that count as a strike
  StrikeRule strikes;
  std::string complaints_reply;  // the text of a proposed reply to a complaint
};

// DESIGN.md §4: abuse, spam, commercial, personal_data → hide + delete; safeguarding → hide +
// escalate + delete; complaint → reply. Every category but complaint is a strike; 3 in 90 days
// proposes a block.
SchoolPolicy default_policy(std::string complaints_reply);

struct ProposedAction {
  ActionKind kind = ActionKind::hide;
  ActionState initial_state = ActionState::proposed;  // approved for automatic actions
  bool manual = false;       // the platform's API cannot do it: a task for a moderator
  std::string text;          // reply text
  std::string instructions;  // set for manual tasks
  std::string reason;
  bool operator==(const ProposedAction&) const = default;
};

struct Decision {
  std::vector<ProposedAction> actions;  // hide, escalate, reply, delete, block order
  StrikeOutcome strike;
};

// What to do about one classified comment version on `platform`, given what is known about its
// author on that channel.
Decision decide(const SchoolPolicy& policy, Platform platform, const Verdict& verdict,
                const AuthorStanding& standing);

}  // namespace hm::moderation
