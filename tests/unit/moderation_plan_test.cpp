// moderation::plan_moderation and propose_unhide: what happens to one classified comment, as a
// pure function of policy, platform, verdict, standing and the comment's live actions.
#include "moderation/plan.hpp"

#include <doctest/doctest.h>

#include "moderation/capabilities.hpp"

using namespace hm::moderation;

namespace {

const SchoolPolicy kPolicy = default_policy("Please contact the office.");

Verdict verdict_of(std::initializer_list<Category> categories) {
  Verdict v;
  for (Category c : categories) {
    v.categories.insert(c);
    v.matches.push_back({"rule", c, 2, 0, 3});
  }
  return v;
}

std::vector<ActionKind> kinds(const ModerationPlan& p) {
  std::vector<ActionKind> out;
  for (const auto& a : p.actions) out.push_back(a.kind);
  return out;
}

}  // namespace

TEST_CASE("a clean verdict plans nothing") {
  auto p = plan_moderation(kPolicy, Platform::facebook, Verdict{}, {}, {});
  CHECK_FALSE(p.flagged);
  CHECK_FALSE(p.strike.add_strike);
  CHECK(p.actions.empty());
  CHECK_FALSE(p.queue_alert);
}

TEST_CASE("abuse: flagged, a strike, hide (approved) then delete (proposed), no alert") {
  auto p = plan_moderation(kPolicy, Platform::facebook, verdict_of({Category::abuse}), {}, {});
  CHECK(p.flagged);
  CHECK(p.strike.add_strike);
  CHECK(p.strike_rule.threshold == kPolicy.strikes.threshold);
  CHECK(kinds(p) == std::vector{ActionKind::hide, ActionKind::delete_comment});
  CHECK(p.actions[0].initial_state == ActionState::approved);
  CHECK(p.actions[1].initial_state == ActionState::proposed);
  CHECK_FALSE(p.queue_alert);
}

TEST_CASE("safeguarding queues the alert for the designated lead") {
  auto p =
      plan_moderation(kPolicy, Platform::instagram, verdict_of({Category::safeguarding}), {}, {});
  CHECK(p.queue_alert);
  CHECK(kinds(p) ==
        std::vector{ActionKind::hide, ActionKind::escalate, ActionKind::delete_comment});
}

TEST_CASE("an edit flagged again does not queue the steps already live on the comment") {
  auto p = plan_moderation(kPolicy, Platform::facebook, verdict_of({Category::safeguarding}),
                           {.comment_has_strike = true}, {ActionKind::hide, ActionKind::escalate});
  CHECK(kinds(p) == std::vector{ActionKind::delete_comment});
  CHECK_FALSE(p.strike.add_strike);  // one strike per comment
  CHECK(p.queue_alert);              // the store writes at most one alert per comment
}

TEST_CASE("a block comes from strikes, and is never de-duplicated against the comment") {
  auto p = plan_moderation(kPolicy, Platform::facebook, verdict_of({Category::abuse}),
                           {.strikes_in_window = 2}, {ActionKind::block});
  CHECK(p.strike.propose_block);
  CHECK(kinds(p) == std::vector{ActionKind::hide, ActionKind::delete_comment, ActionKind::block});
}

TEST_CASE("undo proposes an approved unhide, or a manual task where the API cannot") {
  for (Platform platform : {Platform::facebook, Platform::instagram, Platform::x}) {
    auto u = propose_unhide(platform, "a moderator undid it");
    CHECK(u.kind == ActionKind::unhide);
    CHECK(u.initial_state == ActionState::approved);
    CHECK(u.reason == "a moderator undid it");
    CHECK(u.manual == !can_automate(platform, ActionKind::unhide));
  }
}
