// Items through the API (issue 12): one item per flagged comment, decided in a head's words,
// through ConsoleApi::handle over a real store: keep hidden, delete and undo within the window,
// show again (strike and pending deletion withdrawn), an edited reply, bulk preview and apply,
// and the safeguarding lead's say while a concern is open.
#include "store/evidence.hpp"
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;
using moderation::ActionState;
namespace event = moderation::event;
using namespace std::chrono_literals;

namespace {

// The comment id of a flagged comment, with its hide done on the platform.
std::int64_t hidden_item(ApiFixture& f, const std::string& id,
                         std::initializer_list<Category> categories = {Category::abuse},
                         const std::string& channel = "jh-facebook") {
  const auto actions = f.flagged(id, channel, categories, "you idiot", "author-" + id);
  const auto hide = f.of_kind(actions, ActionKind::hide);
  REQUIRE(f.store->transition(hide, event::Start{f.now}, "executor", "", f.now));
  REQUIRE(f.store->transition(hide, event::Succeeded{}, "executor", "", f.now));
  return f.store->action(hide)->comment_id;
}

const moderation::Action* latest(const std::vector<moderation::Action>& actions, ActionKind k) {
  const moderation::Action* found = nullptr;
  for (const auto& a : actions)
    if (a.kind == k) found = &a;
  return found;
}

std::optional<ActionState> deletion_state(ApiFixture& f, std::int64_t comment) {
  auto actions = f.store->actions_for_comment(comment);
  const auto* d = latest(actions, ActionKind::delete_comment);
  if (!d) return std::nullopt;
  return d->progress.state;
}

int audit_count(ApiFixture& f, const std::string& event, const std::string& actor) {
  auto s =
      f.store->connection().prepare("SELECT COUNT(*) FROM audit_log WHERE event = ? AND actor = ?");
  s.bind_all(event, actor);
  s.step();
  return int(s.int64(0));
}

std::vector<std::int64_t> ids_in(const Json& list) {
  std::vector<std::int64_t> out;
  for (const auto& i : list["items"]) out.push_back(i["id"].get<std::int64_t>());
  return out;
}

}  // namespace

TEST_CASE("an item shows the comment, why, what it needs and what this caller may decide") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1");
  auto r = f.as("jh-mod", verb::get, item_path(id));
  REQUIRE(r.result() == http::status::ok);
  auto item = ApiFixture::json(r);
  CHECK(item["id"] == id);
  CHECK(item["school"] == "jh");
  CHECK(item["comment"]["text"] == "you idiot");
  CHECK(item["categories"] == Json::array({"abuse"}));
  CHECK(item["reasons"] == Json::array({"Insults someone"}));  // the fixture rules' description
  CHECK(item["hidden"] == true);
  CHECK(item["state"] == "open");
  CHECK(item["strikes"] == 1);
  CHECK(item["strike_rule"] == "3 strikes in 90 days propose a block");
  CHECK(item["decisions"].size() >= 2);
  // Another school's moderator is told it does not exist.
  CHECK(f.as("oak-mod", verb::get, item_path(id)).result() == http::status::not_found);
  CHECK(f.as("jh-mod", verb::get, item_path(99999)).result() == http::status::not_found);
}

TEST_CASE("keep hidden: no deletion left, the item closed and audit-logged with the actor") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1");
  auto r = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("keep_hidden"));
  REQUIRE(r.result() == http::status::ok);
  auto item = ApiFixture::json(r);
  CHECK(item["state"] == "closed");
  CHECK(item["outcome"] == "kept_hidden");
  CHECK(item["decided_by"] == "user:jh-mod");
  CHECK(item["needs"].empty());
  const auto del = deletion_state(f, id);
  CHECK((!del || *del == ActionState::rejected));
  CHECK(audit_count(f, "item.decided", "user:jh-mod") == 1);
  auto closed = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items?view=closed"));
  CHECK(ids_in(closed) == std::vector<std::int64_t>{id});
  auto needs = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items?view=needs"));
  CHECK(needs["items"].empty());
  // Twice is refused with a sentence.
  auto again = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("keep_hidden"));
  CHECK(again.result() == http::status::conflict);
  CHECK(ApiFixture::json(again)["error"] == "this comment is already kept hidden");
}

TEST_CASE("delete waits out the undo window; undo_delete inside it withdraws the deletion") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1");
  auto r = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("delete"));
  REQUIRE(r.result() == http::status::ok);
  auto item = ApiFixture::json(r);
  CHECK(item["outcome"] == "deleted");
  CHECK(item["state"] == "closed");
  CHECK(item["deletion"]["state"] == "approved");
  CHECK(item["deletion"]["undo_until"] == store::iso8601((f.now + 30s).time_since_epoch().count()));
  CHECK(f.approvals_signalled == 1);
  auto due = [&](Time at) { return f.store->due_actions(at, 10).size(); };
  CHECK(due(f.now + 29s) == 0);
  CHECK(due(f.now + 30s) == 1);

  f.now += 10s;
  auto undo = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("undo_delete"));
  REQUIRE(undo.result() == http::status::ok);
  auto undone = ApiFixture::json(undo);
  CHECK(undone["state"] == "open");
  CHECK(undone["outcome"].is_null());
  CHECK(undone["deletion"]["state"] == "rejected");
  CHECK(due(f.now + 1h) == 0);
}

TEST_CASE("undo_delete is refused once the deletion is running") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1");
  REQUIRE(f.as("jh-mod", verb::post, item_path(id, "decide"), decision("delete")).result() ==
          http::status::ok);
  f.now += 30s;
  auto due = f.store->due_actions(f.now, 10);
  REQUIRE(due.size() == 1);
  REQUIRE(f.store->transition(due[0].id, event::Start{f.now}, "executor", "", f.now));
  auto late = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("undo_delete"));
  CHECK(late.result() == http::status::conflict);
  CHECK(ApiFixture::json(late)["error"].get<std::string>().find("too late") != std::string::npos);
}

TEST_CASE("show again: unhidden, the strike and the pending deletion withdrawn") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1");
  REQUIRE(f.as("jh-mod", verb::post, item_path(id, "decide"), decision("delete")).result() ==
          http::status::ok);
  CHECK(f.count("strikes") == 1);
  auto r = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("show_again"));
  REQUIRE(r.result() == http::status::ok);
  auto item = ApiFixture::json(r);
  CHECK(item["offer_exception"] == true);
  CHECK(item["outcome"] == "shown_again");
  CHECK(item["strikes"] == 0);
  CHECK(f.count("strikes") == 0);
  CHECK(deletion_state(f, id) == ActionState::rejected);
  auto actions = f.store->actions_for_comment(id);
  const auto* unhide = latest(actions, ActionKind::unhide);
  REQUIRE(unhide);
  CHECK(unhide->progress.state == ActionState::approved);
  CHECK(audit_count(f, "author.strike_withdrawn", "user:jh-mod") == 1);
  CHECK(f.store->due_actions(f.now + 1h, 10).size() == 1);  // only the unhide
}

TEST_CASE("a reply is posted with the text as edited, and the edit is audit-logged") {
  ApiFixture f;
  f.everyone();
  const auto actions = f.flagged("c1", "jh-facebook", {Category::complaint}, "terrible school");
  const auto reply = f.of_kind(actions, ActionKind::reply);
  const auto id = f.store->action(reply)->comment_id;
  auto needs = ApiFixture::json(f.as("jh-mod", verb::get, item_path(id)))["needs"];
  CHECK(needs == Json::array({"reply"}));
  auto r = f.as("jh-mod", verb::post, item_path(id, "decide"),
                decision("post_reply", R"(,"text":"Please ring Mrs Shah on Monday.")"));
  REQUIRE(r.result() == http::status::ok);
  auto item = ApiFixture::json(r);
  CHECK(item["reply"]["state"] == "approved");
  CHECK(item["reply"]["text"] == "Please ring Mrs Shah on Monday.");
  CHECK(f.store->platform_action(reply)->text == "Please ring Mrs Shah on Monday.");
  CHECK(audit_count(f, "action.text_edited", "user:jh-mod") == 1);
  CHECK(item["state"] == "closed");  // never hidden; nothing left to decide
}

TEST_CASE("while a concern is open only the safeguarding lead may delete or show it again") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1", {Category::safeguarding});
  auto shown = f.as("jh-mod", verb::post, item_path(id, "decide"), decision("show_again"));
  CHECK(shown.result() == http::status::forbidden);
  CHECK(ApiFixture::json(shown)["error"] ==
        "only the safeguarding lead can show this comment again while the concern is open");
  CHECK(f.as("jh-mod", verb::post, item_path(id, "decide"), decision("delete")).result() ==
        http::status::forbidden);
  auto offered = ApiFixture::json(f.as("jh-mod", verb::get, item_path(id)))["decisions"];
  CHECK(offered == Json::array({"keep_hidden"}));
  // A note is required to close the concern.
  CHECK(f.as("jh-dsl", verb::post, item_path(id, "decide"), decision("dealt_with")).result() ==
        http::status::bad_request);
  auto dealt = f.as("jh-dsl", verb::post, item_path(id, "decide"),
                    decision("dealt_with", R"(,"note":"spoke to the family")"));
  REQUIRE(dealt.result() == http::status::ok);
  CHECK(ApiFixture::json(dealt)["note"] == "dealt with: spoke to the family");
  // Closed: the moderator may now show it again.
  CHECK(f.as("jh-mod", verb::post, item_path(id, "decide"), decision("show_again")).result() ==
        http::status::ok);
}

TEST_CASE("needs lists urgent safeguarding first, then by need, oldest first; summary counts") {
  ApiFixture f;
  f.everyone();
  const auto abuse = hidden_item(f, "c1");
  const auto concern = hidden_item(f, "c2", {Category::safeguarding});
  Verdict risk = verdict_of({Category::safeguarding});
  risk.urgency = filters::Urgency::risk_to_life;
  f.post(StoreFixture::comment("c3", "author-c3", "I will end it tonight"), risk);
  auto q =
      f.store->connection().prepare("SELECT id FROM comments WHERE platform_comment_id = 'c3'");
  REQUIRE(q.step());
  const auto urgent = q.int64(0);
  const auto before = ApiFixture::json(f.as("jh-dsl", verb::get, "/api/v1/items/summary"));

  auto needs = ApiFixture::json(f.as("jh-dsl", verb::get, "/api/v1/items?view=needs"));
  auto order = ids_in(needs);
  REQUIRE(order.size() >= 2);
  CHECK(order[0] == urgent);
  CHECK(order[1] == concern);
  CHECK(needs["items"][0]["urgent"] == true);
  auto sg = ApiFixture::json(f.as("jh-dsl", verb::get, "/api/v1/items?view=safeguarding"));
  CHECK(ids_in(sg) == std::vector<std::int64_t>{urgent, concern});
  // Paging by the last id shown.
  auto page1 = ApiFixture::json(f.as("jh-dsl", verb::get, "/api/v1/items?view=needs&limit=1"));
  CHECK(ids_in(page1) == std::vector<std::int64_t>{urgent});
  CHECK(page1["next_before"] == urgent);
  auto page2 = ApiFixture::json(f.as(
      "jh-dsl", verb::get, "/api/v1/items?view=needs&limit=1&before=" + std::to_string(urgent)));
  CHECK(ids_in(page2) == std::vector<std::int64_t>{concern});

  CHECK(before["urgent"] == 1);
  CHECK(before["safeguarding"] == 2);
  REQUIRE(
      f.as("jh-mod", verb::post, item_path(abuse, "decide"), decision("keep_hidden")).result() ==
      http::status::ok);
  const auto after = ApiFixture::json(f.as("jh-dsl", verb::get, "/api/v1/items/summary"));
  CHECK(after["changed"].get<std::int64_t>() > before["changed"].get<std::int64_t>());
  CHECK(ApiFixture::json(f.as("oak-mod", verb::get, "/api/v1/items/summary"))["needs"] == 0);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/items?view=later").result() ==
        http::status::bad_request);
}

TEST_CASE("bulk: the preview counts exactly what applying does, and changes nothing") {
  ApiFixture f;
  f.everyone();
  const auto a = hidden_item(f, "c1");
  const auto b = hidden_item(f, "c2");
  const auto concern = hidden_item(f, "c3", {Category::safeguarding});
  const auto x = hidden_item(f, "c4", {Category::abuse}, "jh-x");  // X: deleted by hand
  const std::string ids = "[" + std::to_string(a) + "," + std::to_string(b) + "," +
                          std::to_string(concern) + "," + std::to_string(x) + ",424242]";
  const auto changed = f.store->item_changes();
  auto preview = f.as("jh-mod", verb::post, "/api/v1/items/bulk",
                      R"({"decision":"delete","preview":true,"ids":)" + ids + "}");
  REQUIRE(preview.result() == http::status::ok);
  auto p = ApiFixture::json(preview);
  CHECK(p["effects"] == Json{{"delete", 2}, {"delete_by_hand", 1}});
  REQUIRE(p["skipped"].size() == 2);
  CHECK(p["skipped"][0]["id"] == concern);
  CHECK(p["skipped"][0]["reason"] ==
        "only the safeguarding lead can delete this comment while the concern is open");
  CHECK(p["skipped"][1]["id"] == 424242);
  CHECK(f.store->item_changes() == changed);

  auto applied = f.as("jh-mod", verb::post, "/api/v1/items/bulk",
                      R"({"decision":"delete","ids":)" + ids + "}");
  REQUIRE(applied.result() == http::status::ok);
  auto out = ApiFixture::json(applied);
  int ok = 0;
  for (const auto& r : out["results"]) ok += r["ok"].get<bool>();
  CHECK(ok == 3);
  CHECK(out["undo_until"] == store::iso8601((f.now + 30s).time_since_epoch().count()));
  CHECK(deletion_state(f, a) == ActionState::approved);
  CHECK(deletion_state(f, x) == ActionState::approved);
  CHECK(f.store->action(latest(f.store->actions_for_comment(x), ActionKind::delete_comment)->id)
            ->progress.manual);
  // The bulk undo: the same ids, undo_delete.
  REQUIRE(f.as("jh-mod", verb::post, "/api/v1/items/bulk",
               R"({"decision":"undo_delete","ids":)" + ids + "}")
              .result() == http::status::ok);
  CHECK(deletion_state(f, a) == ActionState::rejected);
  CHECK(deletion_state(f, b) == ActionState::rejected);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/items/bulk", R"({"decision":"delete","ids":[]})")
            .result() == http::status::bad_request);
}

TEST_CASE("handled items (hidden, nothing to decide) are listed apart and kept hidden together") {
  ApiFixture f;
  f.everyone();
  std::vector<std::int64_t> handled;
  for (const char* c : {"c1", "c2"}) {
    const auto id = hidden_item(f, c);
    // Whatever the school's policy proposed beyond the hide is answered already.
    for (const auto& a : f.store->actions_for_comment(id))
      if (a.progress.state == ActionState::proposed)
        REQUIRE(f.store->transition(a.id, event::Reject{}, "user:jh-mod", "", f.now));
    handled.push_back(id);
  }
  auto listed = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items?view=handled"));
  CHECK(ids_in(listed) == std::vector<std::int64_t>{handled[1], handled[0]});
  CHECK(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items/summary"))["handled"] == 2);
  const std::string ids = "[" + std::to_string(handled[0]) + "," + std::to_string(handled[1]) + "]";
  auto p = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/items/bulk",
                                 R"({"decision":"keep_hidden","preview":true,"ids":)" + ids + "}"));
  CHECK(p["effects"] == Json{{"keep_hidden", 2}});
  auto out = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/items/bulk",
                                   R"({"decision":"keep_hidden","ids":)" + ids + "}"));
  CHECK(out["undo_until"].is_null());
  CHECK(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items?view=handled"))["items"].empty());
  CHECK(ids_in(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items?view=closed"))).size() ==
        2);
}

TEST_CASE("a failed action is a need until a decision on the item comes after it") {
  ApiFixture f;
  f.everyone();
  const auto id = hidden_item(f, "c1");
  REQUIRE(f.as("jh-mod", verb::post, item_path(id, "decide"), decision("delete")).result() ==
          http::status::ok);
  f.now += 31s;
  const auto del = f.store->due_actions(f.now, 10).at(0).id;
  REQUIRE(f.store->transition(del, event::Start{f.now}, "executor", "", f.now));
  REQUIRE(f.store->transition(del, event::FailedPermanent{}, "executor", "refused", f.now));
  auto item = ApiFixture::json(f.as("jh-mod", verb::get, item_path(id)));
  CHECK(item["state"] == "closed");
  CHECK(item["needs"] == Json::array({"failed"}));
  REQUIRE(item["failed"].size() == 1);
  CHECK(item["failed"][0]["id"] == del);
  CHECK(ids_in(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items?view=needs"))) ==
        std::vector<std::int64_t>{id});
  CHECK(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/items/summary"))["failed"] == 1);
  // Deciding again (here: keep it hidden instead) deals with it.
  f.now += 1s;
  REQUIRE(f.as("jh-mod", verb::post, item_path(id, "decide"), decision("keep_hidden")).result() ==
          http::status::ok);
  CHECK(ApiFixture::json(f.as("jh-mod", verb::get, item_path(id)))["needs"].empty());
}
