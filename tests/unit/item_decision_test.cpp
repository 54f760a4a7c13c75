// moderation/item_decision: every row of issue 12's decision table, who may take it, and the
// states that refuse it.
#include "moderation/item_decision.hpp"

#include <doctest/doctest.h>

using namespace hm::moderation;
using namespace std::chrono_literals;
using S = ActionState;
using K = ActionKind;
using D = ItemDecision;

namespace {

const Time kNow{std::chrono::seconds(1'800'000'000)};
const auto kWindow = 30s;
const ItemRoles kModerator{true, false};
const ItemRoles kLead{false, true};
const ItemRoles kAdmin{true, true};
const ItemRoles kViewer{false, false};

struct Builder {
  ItemFacts facts;
  Builder& add(K kind, S state, bool manual = false, std::string text = "") {
    Action a;
    a.id = std::int64_t(facts.actions.size()) + 1;
    a.comment_id = 7;
    a.kind = kind;
    a.progress = {state, state == S::running ? 1 : 0, Time{}, manual};
    a.text = std::move(text);
    a.updated_at = kNow - 60s;
    facts.actions.push_back(a);
    return *this;
  }
  Builder& on(Platform p) {
    facts.platform = p;
    return *this;
  }
};

// A hidden abusive comment with its deletion proposed.
ItemFacts abusive() {
  Builder b;
  b.add(K::hide, S::done).add(K::delete_comment, S::proposed);
  b.facts.has_strike = true;
  return b.facts;
}

// A hidden grooming comment: escalation open, deletion proposed.
ItemFacts escalated() {
  Builder b;
  b.add(K::hide, S::done).add(K::escalate, S::proposed, true).add(K::delete_comment, S::proposed);
  b.facts.has_strike = true;
  return b.facts;
}

hm::Expected<ItemSteps, Refusal> decide_as(const ItemFacts& f, ItemRoles roles, D d,
                                           std::string note = "",
                                           std::optional<std::string> text = {}) {
  return decide_item(f, roles, {d, std::move(note), std::move(text)}, kNow, kWindow);
}

std::string_view event_of(const ActionStep& s) {
  return event_name(s.event);
}

}  // namespace

TEST_CASE("names round-trip") {
  for (D d : kAllItemDecisions) CHECK(parse_item_decision(to_string(d)) == d);
  CHECK(to_string(D::delete_comment) == "delete");
  CHECK_FALSE(parse_item_decision("approve"));
  CHECK(parse_item_outcome("shown_again") == ItemOutcome::shown_again);
  CHECK(to_string(Need::delete_comment) == "delete");
}

TEST_CASE("needs, in priority order; a failure is dealt with by a newer action or decision") {
  Builder b;
  b.add(K::hide, S::failed).add(K::escalate, S::approved, true).add(K::reply, S::proposed);
  b.add(K::block, S::proposed).add(K::delete_comment, S::proposed);
  CHECK(item_needs(b.facts) == std::vector<Need>{Need::safeguarding, Need::failed, Need::reply,
                                                 Need::block, Need::delete_comment});
  Builder retried;
  retried.add(K::hide, S::failed).add(K::hide, S::approved);
  CHECK(item_needs(retried.facts).empty());
  Builder decided;
  decided.add(K::hide, S::failed);
  CHECK(item_needs(decided.facts) == std::vector<Need>{Need::failed});
  decided.facts.review.decided_at = kNow;
  CHECK(item_needs(decided.facts).empty());
  CHECK(item_needs(abusive()) == std::vector<Need>{Need::delete_comment});
}

TEST_CASE("keep_hidden rejects the proposed deletion and closes the item") {
  auto steps = decide_as(abusive(), kModerator, D::keep_hidden);
  REQUIRE(steps);
  REQUIRE(steps->events.size() == 1);
  CHECK(steps->events[0].action_id == 2);
  CHECK(event_of(steps->events[0]) == "reject");
  CHECK(steps->review.outcome == ItemOutcome::kept_hidden);
  CHECK_FALSE(steps->review.open);
  CHECK_FALSE(steps->withdraw_strike);
}

TEST_CASE("keep_hidden: who, and when it cannot be") {
  CHECK(decide_as(abusive(), kLead, D::keep_hidden).error().status == 403);
  CHECK(decide_as(abusive(), kViewer, D::keep_hidden).error().status == 403);
  // The safeguarding lead may keep an escalated comment hidden; the concern stays open.
  auto lead = decide_as(escalated(), kLead, D::keep_hidden);
  REQUIRE(lead);
  CHECK(lead->review.open);
  CHECK(lead->review.outcome == ItemOutcome::kept_hidden);
  Builder shown;
  shown.add(K::hide, S::done).add(K::unhide, S::done);
  CHECK(decide_as(shown.facts, kModerator, D::keep_hidden).error().status == 409);
  Builder deleted;
  deleted.add(K::hide, S::done).add(K::delete_comment, S::done);
  CHECK(decide_as(deleted.facts, kModerator, D::keep_hidden).error().status == 409);
  ItemFacts closed = abusive();
  closed.review = {false, ItemOutcome::kept_hidden, std::nullopt, kNow - 1h};
  CHECK(decide_as(closed, kModerator, D::keep_hidden).error().status == 409);
}

TEST_CASE("delete approves the proposal due after the undo window and closes the item") {
  auto steps = decide_as(abusive(), kModerator, D::delete_comment);
  REQUIRE(steps);
  REQUIRE(steps->events.size() == 1);
  CHECK(event_of(steps->events[0]) == "approve");
  CHECK(std::get<event::Approve>(steps->events[0].event).not_before == kNow + kWindow);
  CHECK(steps->undo_until == kNow + kWindow);
  CHECK(steps->review.outcome == ItemOutcome::deleted);
  CHECK_FALSE(steps->review.open);
}

TEST_CASE("delete creates a deletion where none was proposed, by hand where the API cannot") {
  Builder b;
  b.add(K::hide, S::done);
  auto fb = decide_as(b.facts, kModerator, D::delete_comment);
  REQUIRE(fb);
  REQUIRE(fb->create.size() == 1);
  CHECK(fb->create[0].action.kind == K::delete_comment);
  CHECK(fb->create[0].action.initial_state == S::approved);
  CHECK(fb->create[0].due_at == kNow + kWindow);
  CHECK_FALSE(fb->create[0].action.manual);
  b.on(Platform::x);
  auto x = decide_as(b.facts, kModerator, D::delete_comment);
  REQUIRE(x);
  CHECK(x->create[0].action.manual);
  CHECK_FALSE(x->create[0].action.instructions.empty());
  CHECK_FALSE(x->undo_until);
  CHECK(x->review.outcome == ItemOutcome::deleted);
}

TEST_CASE("delete: refused to a moderator while an escalation is open, allowed to the lead") {
  auto moderator = decide_as(escalated(), kModerator, D::delete_comment);
  REQUIRE_FALSE(moderator);
  CHECK(moderator.error().status == 403);
  CHECK(moderator.error().message.find("safeguarding lead") != std::string::npos);
  auto lead = decide_as(escalated(), kLead, D::delete_comment);
  REQUIRE(lead);
  CHECK(lead->review.open);  // the concern itself is still open
  CHECK(decide_as(escalated(), kAdmin, D::delete_comment));
  CHECK(decide_as(abusive(), kLead, D::delete_comment).error().status == 403);
  Builder running;
  running.add(K::hide, S::done).add(K::delete_comment, S::running);
  CHECK(decide_as(running.facts, kModerator, D::delete_comment).error().status == 409);
  Builder approved;
  approved.add(K::hide, S::done).add(K::delete_comment, S::approved);
  CHECK(decide_as(approved.facts, kModerator, D::delete_comment).error().status == 409);
}

TEST_CASE("undo_delete withdraws a deletion not yet running and reopens the item") {
  Builder b;
  b.add(K::hide, S::done).add(K::delete_comment, S::approved);
  b.facts.review = {false, ItemOutcome::deleted, std::nullopt, kNow - 10s};
  auto steps = decide_as(b.facts, kModerator, D::undo_delete);
  REQUIRE(steps);
  REQUIRE(steps->events.size() == 1);
  CHECK(event_of(steps->events[0]) == "withdrawn");
  CHECK(steps->review.open);
  CHECK_FALSE(steps->review.outcome);
}

TEST_CASE("undo_delete is refused once the deletion is running or done, or with none") {
  Builder running;
  running.add(K::hide, S::done).add(K::delete_comment, S::running);
  auto r = decide_as(running.facts, kModerator, D::undo_delete);
  REQUIRE_FALSE(r);
  CHECK(r.error().status == 409);
  CHECK(r.error().message.find("too late") != std::string::npos);
  Builder done;
  done.add(K::hide, S::done).add(K::delete_comment, S::done);
  CHECK(decide_as(done.facts, kModerator, D::undo_delete).error().status == 409);
  CHECK(decide_as(abusive(), kModerator, D::undo_delete).error().status == 409);
  Builder esc;
  esc.add(K::hide, S::done).add(K::escalate, S::proposed, true).add(K::delete_comment, S::approved);
  CHECK(decide_as(esc.facts, kModerator, D::undo_delete).error().status == 403);
  CHECK(decide_as(esc.facts, kLead, D::undo_delete));
}

TEST_CASE("show_again unhides, withdraws every pending action and the strike") {
  Builder b;
  b.add(K::hide, S::done).add(K::delete_comment, S::approved).add(K::block, S::proposed);
  b.facts.has_strike = true;
  auto steps = decide_as(b.facts, kModerator, D::show_again);
  REQUIRE(steps);
  REQUIRE(steps->events.size() == 2);
  CHECK(steps->events[0].action_id == 2);
  CHECK(event_of(steps->events[0]) == "withdrawn");
  CHECK(steps->events[1].action_id == 3);
  CHECK(event_of(steps->events[1]) == "withdrawn");
  REQUIRE(steps->create.size() == 1);
  CHECK(steps->create[0].action.kind == K::unhide);
  CHECK(steps->withdraw_strike);
  CHECK(steps->offer_exception);
  CHECK(steps->review.outcome == ItemOutcome::shown_again);
  CHECK_FALSE(steps->review.open);
}

TEST_CASE("show_again: refused to a moderator on an open escalation; states that refuse it") {
  auto moderator = decide_as(escalated(), kModerator, D::show_again);
  REQUIRE_FALSE(moderator);
  CHECK(moderator.error().status == 403);
  CHECK(moderator.error().message ==
        "only the safeguarding lead can show this comment again while the concern is open");
  auto lead = decide_as(escalated(), kLead, D::show_again);
  REQUIRE(lead);
  for (const auto& e : lead->events) CHECK(e.action_id != 2);  // the escalation stays
  CHECK(lead->review.open);
  Builder deleted;
  deleted.add(K::hide, S::done).add(K::delete_comment, S::done);
  CHECK(decide_as(deleted.facts, kModerator, D::show_again).error().status == 409);
  Builder shown;
  shown.add(K::hide, S::done).add(K::unhide, S::done);
  CHECK(decide_as(shown.facts, kModerator, D::show_again).error().status == 409);
  Builder hiding;
  hiding.add(K::hide, S::running);
  CHECK(decide_as(hiding.facts, kModerator, D::show_again).error().status == 409);
  // A hide not yet run is withdrawn: nothing to unhide.
  Builder queued;
  queued.add(K::hide, S::approved);
  auto q = decide_as(queued.facts, kModerator, D::show_again);
  REQUIRE(q);
  CHECK(q->create.empty());
  CHECK(event_of(q->events.at(0)) == "withdrawn");
}

TEST_CASE(
    "a comment the policy flagged but never hid: keep_hidden hides it, show_again leaves it up") {
  // e.g. a category with hide = false on a trial run: flagged, a strike, nothing hidden.
  Builder flagged;
  flagged.facts.has_strike = true;
  CHECK(available_decisions(flagged.facts, kModerator, kNow, kWindow) ==
        std::vector<D>{D::keep_hidden, D::delete_comment, D::show_again});
  auto hide = decide_as(flagged.facts, kModerator, D::keep_hidden);
  REQUIRE(hide);
  REQUIRE(hide->create.size() == 1);
  CHECK(hide->create[0].action.kind == K::hide);
  CHECK(hide->create[0].action.initial_state == S::approved);
  CHECK(hide->review.outcome == ItemOutcome::kept_hidden);
  CHECK_FALSE(hide->review.open);
  auto up = decide_as(flagged.facts, kModerator, D::show_again);
  REQUIRE(up);
  CHECK(up->create.empty());  // nothing to unhide
  CHECK(up->withdraw_strike);
  CHECK(up->review.outcome == ItemOutcome::shown_again);
  // A complaint left up keeps its reply waiting for a decision.
  Builder complaint;
  complaint.add(K::reply, S::proposed, false, "Please use our complaints procedure.");
  auto left = decide_as(complaint.facts, kModerator, D::show_again);
  REQUIRE(left);
  CHECK(left->events.empty());
  // A hide that failed is not "never hidden": it is dealt with as a failure, not left up.
  Builder failed;
  failed.add(K::hide, S::failed);
  CHECK(decide_as(failed.facts, kModerator, D::show_again).error().status == 409);
  CHECK(decide_as(failed.facts, kModerator, D::keep_hidden).error().status == 409);
}

TEST_CASE("post_reply approves the proposed reply, with edited text; no_reply rejects it") {
  Builder b;
  b.add(K::reply, S::proposed, false, "Thank you for telling us");
  auto edited = decide_as(b.facts, kModerator, D::post_reply, "", std::string("Please call us"));
  REQUIRE(edited);
  CHECK(event_of(edited->events.at(0)) == "approve");
  CHECK(edited->events[0].text == "Please call us");
  CHECK_FALSE(edited->review.open);  // never hidden, nothing left to decide
  auto same =
      decide_as(b.facts, kModerator, D::post_reply, "", std::string("Thank you for telling us"));
  REQUIRE(same);
  CHECK_FALSE(same->events[0].text);
  CHECK(decide_as(b.facts, kModerator, D::post_reply, "", std::string("  ")).error().status == 400);
  auto no = decide_as(b.facts, kModerator, D::no_reply);
  REQUIRE(no);
  CHECK(event_of(no->events.at(0)) == "reject");
  CHECK(decide_as(b.facts, kLead, D::post_reply).error().status == 403);
  CHECK(decide_as(abusive(), kModerator, D::post_reply).error().status == 409);
  CHECK(decide_as(abusive(), kModerator, D::no_reply).error().status == 409);
}

TEST_CASE("block and dont_block answer the proposed block") {
  Builder b;
  b.add(K::hide, S::done).add(K::block, S::proposed);
  auto yes = decide_as(b.facts, kModerator, D::block);
  REQUIRE(yes);
  CHECK(event_of(yes->events.at(0)) == "approve");
  CHECK(yes->review.open);  // hidden, no closing decision yet: handled, not closed
  auto no = decide_as(b.facts, kModerator, D::dont_block);
  REQUIRE(no);
  CHECK(event_of(no->events.at(0)) == "reject");
  CHECK(decide_as(b.facts, kLead, D::block).error().status == 403);
  CHECK(decide_as(abusive(), kModerator, D::dont_block).error().status == 409);
}

TEST_CASE("dealt_with and not_a_concern close the concern with a required note") {
  auto dealt = decide_as(escalated(), kLead, D::dealt_with, "called the parent");
  REQUIRE(dealt);
  REQUIRE(dealt->events.size() == 2);
  CHECK(event_of(dealt->events[0]) == "approve");
  CHECK(event_of(dealt->events[1]) == "done_by_hand");
  CHECK(dealt->review.note == "dealt with: called the parent");
  CHECK(dealt->review.open);  // the deletion proposal still waits
  auto fine = decide_as(escalated(), kAdmin, D::not_a_concern, "a quote from a book");
  REQUIRE(fine);
  CHECK(fine->review.note == "not a concern: a quote from a book");
  CHECK(decide_as(escalated(), kLead, D::dealt_with, " ").error().status == 400);
  CHECK(decide_as(escalated(), kModerator, D::dealt_with, "x").error().status == 403);
  CHECK(decide_as(abusive(), kLead, D::not_a_concern, "x").error().status == 409);
}

TEST_CASE("a closing decision with the concern already closed closes the item") {
  ItemFacts f = escalated();
  f.actions[1].progress.state = S::done;
  auto steps = decide_as(f, kLead, D::keep_hidden);
  REQUIRE(steps);
  CHECK_FALSE(steps->review.open);
}

TEST_CASE("the decisions offered are those the caller may take now") {
  CHECK(available_decisions(abusive(), kModerator, kNow, kWindow) ==
        std::vector<D>{D::keep_hidden, D::delete_comment, D::show_again});
  CHECK(available_decisions(escalated(), kModerator, kNow, kWindow) ==
        std::vector<D>{D::keep_hidden});
  CHECK(available_decisions(escalated(), kLead, kNow, kWindow) ==
        std::vector<D>{D::keep_hidden, D::delete_comment, D::show_again, D::dealt_with,
                       D::not_a_concern});
  CHECK(available_decisions(abusive(), kViewer, kNow, kWindow).empty());
}
