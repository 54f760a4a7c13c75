#include "moderation/plan.hpp"

#include <algorithm>

#include "moderation/capabilities.hpp"

namespace hm::moderation {

ModerationPlan plan_moderation(const SchoolPolicy& policy, Platform platform,
                               const Verdict& verdict, const AuthorStanding& standing,
                               const std::set<ActionKind>& live_kinds) {
  ModerationPlan plan;
  if (verdict.clean()) return plan;
  plan.flagged = true;
  plan.queue_alert = verdict.categories.contains(Category::safeguarding);
  Decision decision = decide(policy, platform, verdict, standing);
  plan.strike = decision.strike;
  plan.strike_rule = policy.strikes;
  std::erase_if(decision.actions, [&](const ProposedAction& a) {
    return a.kind != ActionKind::block && live_kinds.contains(a.kind);
  });
  plan.actions = std::move(decision.actions);
  return plan;
}

std::vector<ActionKind> policy_actions(const SchoolPolicy& policy, const CategorySet& categories) {
  Verdict verdict;
  verdict.categories = categories;
  std::vector<ActionKind> out;
  // The platform only decides which steps are manual, not which are asked for.
  for (const auto& a : decide(policy, Platform::facebook, verdict, {}).actions)
    if (a.kind != ActionKind::block) out.push_back(a.kind);  // a block is about the author
  return out;
}

namespace {

// A step a moderator asked for: approved at once (the asking is the approval), or a manual task
// where the platform's API cannot do it.
ProposedAction asked_for(Platform platform, ActionKind kind, std::string reason) {
  ProposedAction step;
  step.kind = kind;
  step.initial_state = ActionState::approved;
  step.reason = std::move(reason);
  if (!can_automate(platform, kind)) {
    step.manual = true;
    step.instructions = manual_instructions(platform, kind);
  }
  return step;
}

}  // namespace

ProposedAction propose_unhide(Platform platform, std::string reason) {
  return asked_for(platform, ActionKind::unhide, std::move(reason));
}

ProposedAction propose_hide(Platform platform, std::string reason) {
  return asked_for(platform, ActionKind::hide, std::move(reason));
}

ProposedAction propose_block(Platform platform, std::string reason) {
  ProposedAction block;
  block.kind = ActionKind::block;
  block.initial_state = ActionState::proposed;  // blocking is irreversible: someone decides
  block.reason = std::move(reason);
  if (!can_automate(platform, ActionKind::block)) {
    block.manual = true;
    block.instructions = manual_instructions(platform, ActionKind::block);
  }
  return block;
}

}  // namespace hm::moderation
