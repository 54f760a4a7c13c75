#include "moderation/policy.hpp"

#include <algorithm>
#include <array>

#include "moderation/capabilities.hpp"

namespace hm::moderation {
namespace {

// The order a moderator wants to see (and the executor to run) a comment's actions in: take it
// out of view first, tell the safeguarding lead, answer, then the irreversible steps.
constexpr std::array<ActionKind, 5> kDecisionOrder = {ActionKind::hide, ActionKind::escalate,
                                                      ActionKind::reply, ActionKind::delete_comment,
                                                      ActionKind::block};

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

ProposedAction make(const SchoolPolicy& policy, Platform platform, ActionKind kind,
                    std::string reason) {
  ProposedAction a;
  a.kind = kind;
  a.reason = std::move(reason);
  a.initial_state = policy.automatic.contains(kind) ? ActionState::approved : ActionState::proposed;
  if (kind == ActionKind::reply) a.text = policy.complaints_reply;
  if (!can_automate(platform, kind)) {
    a.manual = true;
    a.instructions = manual_instructions(platform, kind);
  }
  return a;
}

}  // namespace

SchoolPolicy default_policy(std::string complaints_reply) {
  SchoolPolicy p;
  using K = ActionKind;
  for (Category c :
       {Category::abuse, Category::spam, Category::commercial, Category::personal_data})
    p.actions[c] = {K::hide, K::delete_comment};
  p.actions[Category::safeguarding] = {K::hide, K::escalate, K::delete_comment};
  p.actions[Category::complaint] = {K::reply};
  p.strike_categories = {Category::abuse, Category::spam, Category::commercial,
                         Category::personal_data, Category::safeguarding};
  p.complaints_reply = std::move(complaints_reply);
  return p;
}

Decision decide(const SchoolPolicy& policy, Platform platform, const Verdict& verdict,
                const AuthorStanding& standing) {
  Decision d;
  std::set<ActionKind> wanted;
  bool harmful = false;
  for (Category c : verdict.categories.list()) {
    if (auto it = policy.actions.find(c); it != policy.actions.end())
      wanted.insert(it->second.begin(), it->second.end());
    harmful = harmful || policy.strike_categories.contains(c);
  }
  d.strike = assess_strike(policy.strikes, standing, harmful);
  // A block is about the author, not this comment: it comes only from strikes.
  wanted.erase(ActionKind::block);
  if (d.strike.propose_block) wanted.insert(ActionKind::block);
  // Unhide only ever undoes a hide; a policy cannot ask for it.
  wanted.erase(ActionKind::unhide);

  const std::string because = "verdict: " + describe(verdict);
  for (ActionKind kind : kDecisionOrder) {
    if (!wanted.contains(kind)) continue;
    std::string reason = because;
    if (kind == ActionKind::block)
      reason = std::to_string(d.strike.strikes_in_window) + " strikes in " +
               std::to_string(policy.strikes.window.count()) + " days on this channel; latest " +
               because;
    d.actions.push_back(make(policy, platform, kind, std::move(reason)));
  }
  return d;
}

}  // namespace hm::moderation
