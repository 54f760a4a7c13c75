// Issue 14 item 6, as an attacker with a moderator's token: while a safeguarding concern is
// open, nothing a moderator can call shows the comment again or withdraws its deletion. Every
// endpoint that could: the item's decisions, bulk item decisions, the action queue's reject,
// undo and bulk, and closing the escalation itself. Only the safeguarding lead decides; once
// they close the concern, the moderator may (checked last, so the refusals are not vacuous).
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;
using moderation::ActionState;
namespace event = moderation::event;

namespace {

std::string action_path(std::int64_t id, const std::string& what) {
  return "/api/v1/actions/" + std::to_string(id) + "/" + what;
}

int count_of(ApiFixture& f, std::int64_t comment, ActionKind kind) {
  int n = 0;
  for (const auto& a : f.store->actions_for_comment(comment)) n += a.kind == kind;
  return n;
}

std::optional<ActionState> latest_state(ApiFixture& f, std::int64_t comment, ActionKind kind) {
  std::optional<ActionState> out;
  for (const auto& a : f.store->actions_for_comment(comment))
    if (a.kind == kind) out = a.progress.state;
  return out;
}

std::int64_t latest_id(ApiFixture& f, std::int64_t comment, ActionKind kind) {
  std::int64_t out = 0;
  for (const auto& a : f.store->actions_for_comment(comment))
    if (a.kind == kind) out = a.id;
  return out;
}

}  // namespace

TEST_CASE("a moderator cannot show a safeguarding comment again or stop its deletion") {
  ApiFixture f;
  f.everyone();
  const auto actions = f.flagged("c1", "jh-facebook", {Category::safeguarding}, "you idiot");
  const auto hide = f.of_kind(actions, ActionKind::hide);
  const auto escalate = f.of_kind(actions, ActionKind::escalate);
  REQUIRE(f.store->transition(hide, event::Start{f.now}, "executor", "", f.now));
  REQUIRE(f.store->transition(hide, event::Succeeded{}, "executor", "", f.now));
  const auto comment = f.store->action(hide)->comment_id;
  const std::string ids = "[" + std::to_string(comment) + "]";

  // Undo the hide: one item, in bulk (preview and apply), and as an unhide through the queue.
  CHECK(f.as("jh-mod", verb::post, item_path(comment, "decide"), decision("show_again")).result() ==
        http::status::forbidden);
  auto bulk_show = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/items/bulk",
                                         R"({"decision":"show_again","ids":)" + ids + "}"));
  for (const auto& r : bulk_show["results"]) CHECK(r["ok"] == false);
  // Closing the escalation would lift the hold: the lead's alone.
  for (const char* d : {"done", "reject", "approve"})
    CHECK(f.as("jh-mod", verb::post, action_path(escalate, d), "").result() ==
          http::status::forbidden);
  CHECK(f.as("jh-mod", verb::post, item_path(comment, "decide"),
             decision("dealt_with", R"(,"note":"nothing to see")"))
            .result() == http::status::forbidden);
  // The queue's undo of a completed hide (an unhide) is a way to show it again too.
  const auto undo_hide = f.as("jh-mod", verb::post, action_path(hide, "undo"), "");
  CAPTURE(undo_hide.body());
  CHECK(undo_hide.result() == http::status::forbidden);
  CHECK(count_of(f, comment, ActionKind::unhide) == 0);
  CHECK(f.state_of(hide) == "done");
  CHECK(f.state_of(escalate) == "proposed");

  // The lead deletes it; within the undo window the moderator tries every way to stop it.
  REQUIRE(f.as("jh-dsl", verb::post, item_path(comment, "decide"), decision("delete")).result() ==
          http::status::ok);
  const auto deletion = latest_id(f, comment, ActionKind::delete_comment);
  REQUIRE(deletion != 0);
  const auto before = f.state_of(deletion);
  CHECK(
      f.as("jh-mod", verb::post, item_path(comment, "decide"), decision("undo_delete")).result() ==
      http::status::forbidden);
  auto bulk_undo = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/items/bulk",
                                         R"({"decision":"undo_delete","ids":)" + ids + "}"));
  for (const auto& r : bulk_undo["results"]) CHECK(r["ok"] == false);
  // Refused whichever check comes first (403: not theirs to decide; 409: not in a state to);
  // what matters is that the deletion stands.
  for (const char* what : {"reject", "undo"}) {
    const auto r = f.as("jh-mod", verb::post, action_path(deletion, what), "");
    CAPTURE(what);
    CAPTURE(r.body());
    CHECK((r.result() == http::status::forbidden || r.result() == http::status::conflict));
  }
  auto bulk_reject = ApiFixture::json(
      f.as("jh-mod", verb::post, "/api/v1/actions/bulk",
           Json{{"ids", {deletion, hide, escalate}}, {"decision", "reject"}}.dump()));
  for (const auto& r : bulk_reject["results"]) CHECK(r["ok"] == false);
  CHECK(f.state_of(deletion) == before);
  CHECK(latest_state(f, comment, ActionKind::delete_comment) != ActionState::rejected);
  CHECK(count_of(f, comment, ActionKind::unhide) == 0);
  CHECK(f.state_of(escalate) == "proposed");

  // The lead closes the concern and withdraws the deletion: the moderator's say returns.
  REQUIRE(
      f.as("jh-dsl", verb::post, item_path(comment, "decide"), decision("undo_delete")).result() ==
      http::status::ok);
  REQUIRE(f.as("jh-dsl", verb::post, item_path(comment, "decide"),
               decision("dealt_with", R"(,"note":"spoke to the family")"))
              .result() == http::status::ok);
  CHECK(f.as("jh-mod", verb::post, item_path(comment, "decide"), decision("show_again")).result() ==
        http::status::ok);
}
