#include "moderation/policy.hpp"

#include <doctest/doctest.h>

#include "moderation/capabilities.hpp"

using namespace hm::moderation;
using namespace std::chrono_literals;

namespace {

Verdict verdict_of(std::initializer_list<Category> categories) {
  Verdict v;
  for (Category c : categories) {
    v.categories.insert(c);
    v.matches.push_back({"rule." + std::string(hm::filters::to_string(c)), c, 2, 0, 4});
  }
  return v;
}

std::vector<ActionKind> kinds(const Decision& d) {
  std::vector<ActionKind> out;
  for (const auto& a : d.actions) out.push_back(a.kind);
  return out;
}

const ProposedAction* find(const Decision& d, ActionKind kind) {
  for (const auto& a : d.actions)
    if (a.kind == kind) return &a;
  return nullptr;
}

const SchoolPolicy kPolicy = default_policy("Please contact the school office.");

}  // namespace

TEST_CASE("defaults: harmful categories hide at once, a strike, no deletion (hidden is handled)") {
  for (Category c :
       {Category::abuse, Category::spam, Category::commercial, Category::personal_data}) {
    CAPTURE(hm::filters::to_string(c));
    Decision d = decide(kPolicy, Platform::facebook, verdict_of({c}), {});
    REQUIRE(kinds(d) == std::vector{ActionKind::hide});
    CHECK(d.actions[0].initial_state == ActionState::approved);
    CHECK_FALSE(d.actions[0].manual);
    CHECK(d.actions[0].not_before == 0s);
    CHECK(d.actions[0].reason.find(std::string(hm::filters::to_string(c))) != std::string::npos);
    CHECK(d.strike.add_strike);
  }
}

TEST_CASE("defaults: safeguarding hides and proposes an escalation, no deletion") {
  Decision d = decide(kPolicy, Platform::facebook, verdict_of({Category::safeguarding}), {});
  CHECK(kinds(d) == std::vector{ActionKind::hide, ActionKind::escalate});
  CHECK(find(d, ActionKind::escalate)->initial_state == ActionState::proposed);
  CHECK(find(d, ActionKind::escalate)->manual);  // the safeguarding lead marks it done
  CHECK(d.strike.add_strike);
}

TEST_CASE("defaults: a complaint gets a proposed reply with the school's text, no strike") {
  Decision d = decide(kPolicy, Platform::facebook, verdict_of({Category::complaint}), {});
  REQUIRE(kinds(d) == std::vector{ActionKind::reply});
  CHECK(d.actions[0].initial_state == ActionState::proposed);
  CHECK(d.actions[0].text == "Please contact the school office.");
  CHECK_FALSE(d.strike.add_strike);
}

TEST_CASE("a clean verdict leads to nothing") {
  Decision d = decide(kPolicy, Platform::facebook, Verdict{}, {});
  CHECK(d.actions.empty());
  CHECK_FALSE(d.strike.add_strike);
}

TEST_CASE("several categories: one action of each kind, in moderator order") {
  Decision d =
      decide(kPolicy, Platform::facebook,
             verdict_of({Category::spam, Category::complaint, Category::safeguarding}), {});
  CHECK(kinds(d) == std::vector{ActionKind::hide, ActionKind::escalate, ActionKind::reply});
}

TEST_CASE("the third strike in the window proposes a block, once") {
  const Verdict abuse = verdict_of({Category::abuse});
  Decision second = decide(kPolicy, Platform::facebook, abuse, {.strikes_in_window = 1});
  CHECK(second.strike.strikes_in_window == 2);
  CHECK(find(second, ActionKind::block) == nullptr);

  Decision third = decide(kPolicy, Platform::facebook, abuse, {.strikes_in_window = 2});
  CHECK(third.strike.propose_block);
  const ProposedAction* block = find(third, ActionKind::block);
  REQUIRE(block != nullptr);
  CHECK(block->initial_state == ActionState::proposed);
  CHECK(block->reason.find("3 strikes in 90 days") != std::string::npos);
  CHECK(kinds(third).back() == ActionKind::block);

  Decision fourth =
      decide(kPolicy, Platform::facebook, abuse, {.strikes_in_window = 3, .block_open = true});
  CHECK(fourth.strike.add_strike);
  CHECK(find(fourth, ActionKind::block) == nullptr);
}

TEST_CASE("an edit of a comment that already earned a strike adds none") {
  Decision d = decide(kPolicy, Platform::facebook, verdict_of({Category::abuse}),
                      {.strikes_in_window = 2, .comment_has_strike = true});
  CHECK_FALSE(d.strike.add_strike);
  CHECK(find(d, ActionKind::block) == nullptr);
}

TEST_CASE("an unknown author (Facebook without `from`): hidden, but no strike and no block") {
  Decision d = decide(kPolicy, Platform::facebook, verdict_of({Category::abuse}),
                      {.strikes_in_window = 2, .author_unknown = true});
  CHECK_FALSE(d.strike.add_strike);
  CHECK(find(d, ActionKind::block) == nullptr);
  CHECK(find(d, ActionKind::hide) != nullptr);
}

TEST_CASE("strike rules are the school's data: threshold and window") {
  SchoolPolicy strict = kPolicy;
  strict.strikes = {.threshold = 1, .window = std::chrono::days(7)};
  Decision d = decide(strict, Platform::facebook, verdict_of({Category::spam}), {});
  REQUIRE(find(d, ActionKind::block) != nullptr);
  CHECK(find(d, ActionKind::block)->reason.find("1 strikes in 7 days") != std::string::npos);

  const Time now{std::chrono::seconds(1'800'000'000)};
  CHECK(window_start(kPolicy.strikes, now) == now - std::chrono::hours(24 * 90));
}

TEST_CASE("a complaint is not a strike and never leads to a block") {
  Decision d = decide(kPolicy, Platform::facebook, verdict_of({Category::complaint}),
                      {.strikes_in_window = 5});
  CHECK(find(d, ActionKind::block) == nullptr);
}

TEST_CASE(
    "a school's policy chooses per category: hide, delete (propose or after N days), strike") {
  SchoolPolicy p = kPolicy;
  p.categories[Category::spam].deletion = {DeleteRule::When::after, std::chrono::days(7)};
  p.categories[Category::commercial] = {
      .hide = false, .deletion = {DeleteRule::When::propose, {}}, .strike = false};
  Decision spam = decide(p, Platform::facebook, verdict_of({Category::spam}), {});
  REQUIRE(kinds(spam) == std::vector{ActionKind::hide, ActionKind::delete_comment});
  CHECK(spam.actions[1].initial_state == ActionState::approved);
  CHECK(spam.actions[1].not_before == std::chrono::days(7));
  CHECK(spam.actions[1].reason.find("after 7 days") != std::string::npos);

  Decision ad = decide(p, Platform::facebook, verdict_of({Category::commercial}), {});
  REQUIRE(kinds(ad) == std::vector{ActionKind::delete_comment});
  CHECK(ad.actions[0].initial_state == ActionState::proposed);
  CHECK(ad.actions[0].not_before == 0s);
  CHECK_FALSE(ad.strike.add_strike);

  // Several categories: the strongest choice wins (scheduled over proposed).
  Decision both =
      decide(p, Platform::facebook, verdict_of({Category::spam, Category::commercial}), {});
  REQUIRE(kinds(both) == std::vector{ActionKind::hide, ActionKind::delete_comment});
  CHECK(both.actions[1].not_before == std::chrono::days(7));
  CHECK(both.strike.add_strike);
}

TEST_CASE("a deletion after N days where the platform cannot delete stays a proposed task") {
  SchoolPolicy p = kPolicy;
  p.categories[Category::abuse].deletion = {DeleteRule::When::after, std::chrono::days(3)};
  Decision d = decide(p, Platform::x, verdict_of({Category::abuse}), {});
  const ProposedAction* del = find(d, ActionKind::delete_comment);
  REQUIRE(del != nullptr);
  CHECK(del->manual);
  CHECK(del->initial_state == ActionState::proposed);
  CHECK(del->not_before == 0s);
}

TEST_CASE("block_after = 0: strikes are counted but never propose a block") {
  SchoolPolicy p = kPolicy;
  p.strikes.threshold = 0;
  Decision d =
      decide(p, Platform::facebook, verdict_of({Category::abuse}), {.strikes_in_window = 9});
  CHECK(d.strike.add_strike);
  CHECK(find(d, ActionKind::block) == nullptr);
}

TEST_CASE("capabilities follow the platform matrix") {
  CHECK(can_automate(Platform::facebook, ActionKind::delete_comment));
  CHECK(can_automate(Platform::facebook, ActionKind::block));
  CHECK(can_automate(Platform::instagram, ActionKind::delete_comment));
  CHECK_FALSE(can_automate(Platform::instagram, ActionKind::block));
  CHECK(can_automate(Platform::x, ActionKind::hide));
  CHECK(can_automate(Platform::x, ActionKind::unhide));
  CHECK_FALSE(can_automate(Platform::x, ActionKind::delete_comment));
  CHECK_FALSE(can_automate(Platform::x, ActionKind::block));
  CHECK_FALSE(can_automate(Platform::x, ActionKind::reply));
  // An escalation is for people: the safeguarding lead acts and marks it done.
  for (Platform p : {Platform::facebook, Platform::instagram, Platform::x})
    CHECK_FALSE(can_automate(p, ActionKind::escalate));
}

TEST_CASE("X: delete of a reply becomes a manual task with instructions") {
  SchoolPolicy p = kPolicy;
  p.categories[Category::abuse].deletion = {DeleteRule::When::propose, {}};
  Decision d = decide(p, Platform::x, verdict_of({Category::abuse}), {});
  REQUIRE(kinds(d) == std::vector{ActionKind::hide, ActionKind::delete_comment});
  CHECK_FALSE(d.actions[0].manual);  // X can hide replies to the school's own posts
  CHECK(d.actions[1].manual);
  CHECK(d.actions[1].instructions.find("Report") != std::string::npos);
}

TEST_CASE("Instagram and X: a block becomes a manual task; Facebook blocks through the API") {
  for (Platform p : {Platform::instagram, Platform::x}) {
    Decision d = decide(kPolicy, p, verdict_of({Category::abuse}), {.strikes_in_window = 2});
    const ProposedAction* block = find(d, ActionKind::block);
    REQUIRE(block != nullptr);
    CHECK(block->manual);
    CHECK(block->instructions.find("Block") != std::string::npos);
    CHECK(block->initial_state == ActionState::proposed);
  }
  Decision fb =
      decide(kPolicy, Platform::facebook, verdict_of({Category::abuse}), {.strikes_in_window = 2});
  CHECK_FALSE(find(fb, ActionKind::block)->manual);
}

TEST_CASE("X: a reply to a complaint is a manual task that still carries the reply text") {
  Decision d = decide(kPolicy, Platform::x, verdict_of({Category::complaint}), {});
  REQUIRE(d.actions.size() == 1);
  CHECK(d.actions[0].manual);
  CHECK(d.actions[0].text == "Please contact the school office.");
  CHECK_FALSE(d.actions[0].instructions.empty());
}

TEST_CASE("names round-trip") {
  for (auto k : {ActionKind::hide, ActionKind::unhide, ActionKind::delete_comment,
                 ActionKind::block, ActionKind::reply, ActionKind::escalate})
    CHECK(parse_action_kind(to_string(k)) == k);
  for (auto s : {ActionState::proposed, ActionState::approved, ActionState::running,
                 ActionState::done, ActionState::failed, ActionState::rejected})
    CHECK(parse_action_state(to_string(s)) == s);
  for (auto p : {Platform::facebook, Platform::instagram, Platform::x})
    CHECK(parse_platform(to_string(p)).value() == p);
  const auto unknown = parse_platform("linkedin");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error() == "unknown platform \"linkedin\" (expected facebook, instagram or x)");
  CHECK_FALSE(parse_platform("Facebook"));  // the display name is not the config name
  CHECK(display_name(Platform::facebook) == "Facebook");
  CHECK(display_name(Platform::instagram) == "Instagram");
  CHECK(display_name(Platform::x) == "X");
  CHECK_FALSE(parse_platform(""));
}
