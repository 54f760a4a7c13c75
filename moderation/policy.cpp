#include "moderation/policy.hpp"

#include <algorithm>
#include <set>

#include "moderation/capabilities.hpp"

namespace hm::moderation {
namespace {

std::string describe(const Verdict& verdict) {
  std::string out;
  for (Category c : verdict.categories.list()) {
    if (!out.empty()) out += ", ";
    out += filters::to_string(c);
  }
  std::set<std::string> rules;
  for (const auto& m : verdict.matches) rules.insert(m.rule);
  if (!rules.empty()) {
    out += " (";
    bool first = true;
    for (const auto& r : rules) {
      if (!first) out += ", ";
      out += r;
      first = false;
    }
    out += ")";
  }
  return out;
}

ProposedAction make(Platform platform, ActionKind kind, ActionState state, std::string reason) {
  ProposedAction a;
  a.kind = kind;
  a.reason = std::move(reason);
  a.initial_state = state;
  if (!can_automate(platform, kind)) {
    a.manual = true;
    a.instructions = manual_instructions(platform, kind);
  }
  return a;
}

// The strongest deletion rule of several categories: scheduled (the soonest) over proposed
// over never.
DeleteRule stronger(const DeleteRule& a, const DeleteRule& b) {
  using W = DeleteRule::When;
  if (a.when == W::after && b.when == W::after) return a.after <= b.after ? a : b;
  if (a.when == W::after) return a;
  if (b.when == W::after) return b;
  return a.when == W::propose ? a : b;
}

}  // namespace

SchoolPolicy default_policy(std::string complaints_reply) {
  SchoolPolicy p;
  for (Category c : {Category::abuse, Category::spam, Category::commercial, Category::personal_data,
                     Category::safeguarding}) {
    p.categories[c].hide = true;
    p.categories[c].strike = true;
  }
  p.categories[Category::safeguarding].escalate = true;
  p.categories[Category::complaint].reply = true;
  p.complaints_reply = std::move(complaints_reply);
  return p;
}

Decision decide(const SchoolPolicy& policy, Platform platform, const Verdict& verdict,
                const AuthorStanding& standing) {
  Decision d;
  CategoryPolicy wanted;  // the union of the verdict's categories
  for (Category c : verdict.categories.list()) {
    auto it = policy.categories.find(c);
    if (it == policy.categories.end()) continue;
    const CategoryPolicy& p = it->second;
    wanted.hide = wanted.hide || p.hide;
    wanted.deletion = stronger(wanted.deletion, p.deletion);
    wanted.strike = wanted.strike || p.strike;
    wanted.escalate = wanted.escalate || p.escalate;
    wanted.reply = wanted.reply || p.reply;
  }
  // Someone's own statement that their life is at risk is a welfare matter for the safeguarding
  // lead, not misbehaviour: no strike (so no block) and no deletion of what the lead must read.
  if (verdict.urgency == filters::Urgency::risk_to_life) {
    wanted.strike = false;
    wanted.deletion = {};
  }
  // "Thank you for telling us" is no answer to abuse, even abuse that also complains.
  if (verdict.categories.contains(Category::abuse)) wanted.reply = false;

  d.strike = assess_strike(policy.strikes, standing, wanted.strike);
  const std::string because = "verdict: " + describe(verdict);
  if (wanted.hide)
    d.actions.push_back(make(platform, ActionKind::hide, ActionState::approved, because));
  if (wanted.escalate)
    d.actions.push_back(make(platform, ActionKind::escalate, ActionState::proposed, because));
  if (wanted.reply) {
    d.actions.push_back(make(platform, ActionKind::reply, ActionState::proposed, because));
    d.actions.back().text = policy.complaints_reply;
  }
  using W = DeleteRule::When;
  if (wanted.deletion.when == W::propose)
    d.actions.push_back(make(platform, ActionKind::delete_comment, ActionState::proposed, because));
  if (wanted.deletion.when == W::after) {
    // A manual task cannot wait for a time: it stays proposed for a moderator to do by hand.
    const bool by_hand = !can_automate(platform, ActionKind::delete_comment);
    d.actions.push_back(make(platform, ActionKind::delete_comment,
                             by_hand ? ActionState::proposed : ActionState::approved,
                             because + "; the school's policy deletes it after " +
                                 std::to_string(wanted.deletion.after.count()) + " days"));
    if (!by_hand) d.actions.back().not_before = wanted.deletion.after;
  }
  // A block is about the author, not this comment: it comes only from strikes.
  if (d.strike.propose_block)
    d.actions.push_back(make(platform, ActionKind::block, ActionState::proposed,
                             std::to_string(d.strike.strikes_in_window) + " strikes in " +
                                 std::to_string(policy.strikes.window.count()) +
                                 " days on this channel; latest " + because));
  return d;
}

}  // namespace hm::moderation
