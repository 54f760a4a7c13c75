// What happens to one classified comment version, as one pure function (DESIGN.md §4):
// (school policy, platform, verdict, the author's standing, the actions already live on the
// comment) → a plan. The store records the plan as it is; nothing is decided anywhere else.
//
// Error policy: pure; nothing fails. A clean verdict plans nothing.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "moderation/policy.hpp"

namespace hm::moderation {

struct ModerationPlan {
  bool flagged = false;                 // any category at all
  StrikeOutcome strike;                 // whether this comment earns a strike, and the count
  StrikeRule strike_rule;               // the rule it was judged by (for the audit trail)
  std::vector<ProposedAction> actions;  // to create, already de-duplicated, in decision order
  bool queue_alert = false;             // a safeguarding alert for the designated lead
};

// `live_kinds`: kinds of the comment's actions that are neither rejected nor failed and not
// undone; an edit that is flagged again does not queue the same step twice. A block is about
// the author, so it is never de-duplicated here (AuthorStanding::block_open covers it).
ModerationPlan plan_moderation(const SchoolPolicy& policy, Platform platform,
                               const Verdict& verdict, const AuthorStanding& standing,
                               const std::set<ActionKind>& live_kinds);

// A verdict with the steps a school's policy asks for its categories, in decision order,
// before strikes and de-duplication: what `hallmonitorctl classify` and the console's filter
// tester show. The filters only classify; what to do is always the policy's.
struct PolicyVerdict {
  Verdict verdict;
  std::vector<ActionKind> actions;
};
std::vector<ActionKind> policy_actions(const SchoolPolicy& policy, const CategorySet& categories);

// Undoing a completed hide: an `unhide`, approved at once (a moderator asked for it), or a
// manual task where the platform's API cannot unhide.
ProposedAction propose_unhide(Platform platform, std::string reason);

// Hiding a comment the policy flagged but did not hide (its category has hide = false): a
// `hide`, approved at once (a moderator asked for it), or a manual task where the API cannot.
ProposedAction propose_hide(Platform platform, std::string reason);

// A moderator asks for an author to be blocked (from the author page): a `block` waiting for
// a decision like one the strike rule proposes, or a manual task where the API cannot block.
ProposedAction propose_block(Platform platform, std::string reason);

}  // namespace hm::moderation
