// moderation::plan_moderation and propose_unhide: what happens to one classified comment, as a
// pure function of policy, platform, verdict, standing and the comment's live actions.
#include "moderation/plan.hpp"

#include <doctest/doctest.h>

#include "moderation/capabilities.hpp"
#include "moderation/look_only.hpp"

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

TEST_CASE("abuse: flagged, a strike, hide (approved), no deletion by default, no alert") {
  auto p = plan_moderation(kPolicy, Platform::facebook, verdict_of({Category::abuse}), {}, {});
  CHECK(p.flagged);
  CHECK(p.strike.add_strike);
  CHECK(p.strike_rule.threshold == kPolicy.strikes.threshold);
  CHECK(kinds(p) == std::vector{ActionKind::hide});
  CHECK(p.actions[0].initial_state == ActionState::approved);
  CHECK_FALSE(p.queue_alert);
}

TEST_CASE("a school that asks for it gets the deletion proposed") {
  SchoolPolicy policy = kPolicy;
  policy.categories[Category::abuse].deletion = {DeleteRule::When::propose, {}};
  auto p = plan_moderation(policy, Platform::facebook, verdict_of({Category::abuse}), {}, {});
  CHECK(kinds(p) == std::vector{ActionKind::hide, ActionKind::delete_comment});
  CHECK(p.actions[1].initial_state == ActionState::proposed);
}

TEST_CASE("safeguarding queues the alert for the designated lead") {
  auto p =
      plan_moderation(kPolicy, Platform::instagram, verdict_of({Category::safeguarding}), {}, {});
  CHECK(p.queue_alert);
  CHECK(kinds(p) == std::vector{ActionKind::hide, ActionKind::escalate});
}

TEST_CASE("an edit flagged again does not queue the steps already live on the comment") {
  auto p = plan_moderation(kPolicy, Platform::facebook,
                           verdict_of({Category::safeguarding, Category::complaint}),
                           {.comment_has_strike = true}, {ActionKind::hide, ActionKind::escalate});
  CHECK(kinds(p) == std::vector{ActionKind::reply});
  CHECK_FALSE(p.strike.add_strike);  // one strike per comment
  CHECK(p.queue_alert);              // the store writes at most one alert per comment
}

TEST_CASE("a block comes from strikes, and is never de-duplicated against the comment") {
  auto p = plan_moderation(kPolicy, Platform::facebook, verdict_of({Category::abuse}),
                           {.strikes_in_window = 2}, {ActionKind::block});
  CHECK(p.strike.propose_block);
  CHECK(kinds(p) == std::vector{ActionKind::hide, ActionKind::block});
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

TEST_CASE("a risk-to-life statement: hidden and escalated, but no strike and no deletion") {
  SchoolPolicy policy = kPolicy;  // even where the school deletes safeguarding comments
  policy.categories[Category::safeguarding].deletion = {DeleteRule::When::after,
                                                        std::chrono::days(1)};
  Verdict v = verdict_of({Category::safeguarding});
  v.urgency = hm::filters::Urgency::risk_to_life;
  auto p = plan_moderation(policy, Platform::facebook, v, {.strikes_in_window = 2}, {});
  CHECK(p.queue_alert);
  CHECK(kinds(p) == std::vector{ActionKind::hide, ActionKind::escalate});
  CHECK_FALSE(p.strike.add_strike);
  CHECK_FALSE(p.strike.propose_block);  // the third "strike" would have proposed a block

  // The same category without the urgency is deleted and struck as the school asked.
  auto normal = plan_moderation(policy, Platform::facebook, verdict_of({Category::safeguarding}),
                                {.strikes_in_window = 2}, {});
  CHECK(kinds(normal) == std::vector{ActionKind::hide, ActionKind::escalate,
                                     ActionKind::delete_comment, ActionKind::block});
  CHECK(normal.strike.add_strike);
}

TEST_CASE("a complaint that is also abuse is offered no reply") {
  auto both = plan_moderation(kPolicy, Platform::facebook,
                              verdict_of({Category::complaint, Category::abuse}), {}, {});
  CHECK(kinds(both) == std::vector{ActionKind::hide});
  CHECK(both.strike.add_strike);
  auto complaint =
      plan_moderation(kPolicy, Platform::facebook, verdict_of({Category::complaint}), {}, {});
  REQUIRE(kinds(complaint) == std::vector{ActionKind::reply});
  CHECK(complaint.actions[0].text == "Please contact the office.");
}

TEST_CASE("per-category strike and hide choices are honoured") {
  SchoolPolicy policy = kPolicy;
  policy.categories[Category::spam].strike = false;
  policy.categories[Category::commercial].hide = false;
  auto spam = plan_moderation(policy, Platform::facebook, verdict_of({Category::spam}),
                              {.strikes_in_window = 2}, {});
  CHECK(kinds(spam) == std::vector{ActionKind::hide});
  CHECK_FALSE(spam.strike.add_strike);
  CHECK_FALSE(spam.strike.propose_block);

  auto ad = plan_moderation(policy, Platform::facebook, verdict_of({Category::commercial}), {}, {});
  CHECK(ad.flagged);
  CHECK(ad.actions.empty());  // left in view, but still a strike
  CHECK(ad.strike.add_strike);

  // Another category of the same comment still hides it.
  auto mixed = plan_moderation(policy, Platform::facebook,
                               verdict_of({Category::commercial, Category::abuse}), {}, {});
  CHECK(kinds(mixed) == std::vector{ActionKind::hide});
}

TEST_CASE("a deletion after N days is approved and carries its not-before delay") {
  SchoolPolicy policy = kPolicy;
  policy.categories[Category::personal_data].deletion = {DeleteRule::When::after,
                                                         std::chrono::days(7)};
  auto p =
      plan_moderation(policy, Platform::instagram, verdict_of({Category::personal_data}), {}, {});
  REQUIRE(kinds(p) == std::vector{ActionKind::hide, ActionKind::delete_comment});
  CHECK(p.actions[1].initial_state == ActionState::approved);
  CHECK(p.actions[1].not_before == std::chrono::days(7));
}

TEST_CASE("look_only: flagged for a person, but no hide, deletion, strike or block") {
  SchoolPolicy deleting = kPolicy;
  deleting.categories[Category::spam].deletion = {DeleteRule::When::after, std::chrono::days(7)};
  const SchoolPolicy look = look_only(deleting);
  // Two strikes already: a third would propose a block under the school's own policy.
  AuthorStanding standing;
  standing.strikes_in_window = 2;
  auto p = plan_moderation(look, Platform::facebook, verdict_of({Category::spam}), standing, {});
  CHECK(p.flagged);  // it becomes an item: "flagged but still visible"
  CHECK(p.actions.empty());
  CHECK_FALSE(p.strike.add_strike);
  CHECK_FALSE(p.queue_alert);
  // The school's own policy is untouched.
  CHECK(kinds(plan_moderation(deleting, Platform::facebook, verdict_of({Category::spam}), standing,
                              {})) ==
        std::vector{ActionKind::hide, ActionKind::delete_comment, ActionKind::block});
}
