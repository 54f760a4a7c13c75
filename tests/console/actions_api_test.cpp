// The action queue through the API: listing and filters, decisions one at a time and in bulk,
// undo, school scoping and roles.
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;

namespace {

std::string path(std::int64_t id, const std::string& what = "") {
  return "/api/v1/actions/" + std::to_string(id) + (what.empty() ? "" : "/" + what);
}

std::set<std::int64_t> ids_in(const Json& actions) {
  std::set<std::int64_t> out;
  for (const auto& a : actions) out.insert(a["id"].get<std::int64_t>());
  return out;
}

}  // namespace

TEST_CASE("the action list has the contract's fields and filters by state, kind and category") {
  ApiFixture f;
  f.everyone();
  auto abuse = f.flagged("c1", "jh-facebook", {Category::abuse}, "<b>you</b> idiot");
  auto spam = f.flagged("c2", "jh-facebook", {Category::spam}, "buy now", "author-2");
  auto r = f.as("jh-mod", verb::get, "/api/v1/actions?state=proposed");
  REQUIRE(r.result() == http::status::ok);
  auto body = ApiFixture::json(r);
  const auto& actions = body["actions"];
  REQUIRE(actions.size() == 2);  // the two deletes; the hides start approved
  const auto& a = actions[1];    // newest first: c1's delete is second
  CHECK(a["id"] == f.of_kind(abuse, ActionKind::delete_comment));
  CHECK(a["kind"] == "delete");
  CHECK(a["state"] == "proposed");
  CHECK(a["categories"] == Json::array({"abuse"}));
  CHECK(a["school"] == "jh");
  CHECK(a["strikes"] == 1);
  const auto& c = a["comment"];
  CHECK(c["id"] == "c1");
  CHECK(c["platform"] == "facebook");
  CHECK(c["channel"] == "jh-facebook");
  CHECK(c["text"] == "<b>you</b> idiot");  // stored and returned verbatim, as data
  CHECK(c["author_id"] == "author-1");
  CHECK(c["author_name"] == "Name of author-1");
  CHECK(c["created_at"] == "2027-01-15T08:00:00Z");
  CHECK(c["permalink"].get<std::string>().find("https://") == 0);
  CHECK(c["internal_id"].is_number_integer());
  REQUIRE(a["matches"].size() == 1);
  CHECK(a["matches"][0]["rule"] == "rule.abuse");
  CHECK(a["matches"][0]["start"] == 0);

  CHECK(
      ids_in(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/actions?kind=hide"))["actions"]) ==
      std::set{f.of_kind(abuse, ActionKind::hide), f.of_kind(spam, ActionKind::hide)});
  CHECK(ids_in(ApiFixture::json(f.as("jh-mod", verb::get,
                                     "/api/v1/actions?category=spam&state=proposed"))["actions"]) ==
        std::set{f.of_kind(spam, ActionKind::delete_comment)});
  CHECK(ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/actions?channel=jh-x"))["actions"]
            .empty());
}

TEST_CASE("the action list pages with limit and before") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  std::set<std::int64_t> all;
  for (int i = 0; i < 7; ++i)
    for (auto id : f.flagged("c" + std::to_string(i), "jh-facebook", {Category::abuse}))
      all.insert(id);
  std::set<std::int64_t> seen;
  std::string target = "/api/v1/actions?limit=3";
  for (int page = 0; page < 10; ++page) {
    auto body = ApiFixture::json(f.as("jh-mod", verb::get, target));
    REQUIRE(body["actions"].size() <= 3);
    for (auto id : ids_in(body["actions"])) CHECK(seen.insert(id).second);
    if (body["next_before"].is_null()) break;
    target = "/api/v1/actions?limit=3&before=" + std::to_string(body["next_before"].get<int>());
  }
  CHECK(seen == all);
}

TEST_CASE("a moderator of one school never sees or touches another school's actions") {
  ApiFixture f;
  f.everyone();
  auto jh = f.flagged("c1", "jh-facebook", {Category::abuse});
  auto oak = f.flagged("o1", "oak-facebook", {Category::abuse}, "oak idiot", "oak-author");
  const auto jh_delete = f.of_kind(jh, ActionKind::delete_comment);
  const auto jh_comment = f.store->action(jh_delete)->comment_id;

  auto listed = ApiFixture::json(f.as("oak-mod", verb::get, "/api/v1/actions"));
  CHECK(ids_in(listed["actions"]) == std::set<std::int64_t>(oak.begin(), oak.end()));
  CHECK(
      ApiFixture::json(f.as("oak-mod", verb::get, "/api/v1/actions?school=jh"))["actions"].empty());
  CHECK(f.as("oak-mod", verb::get, path(jh_delete)).result() == http::status::not_found);
  CHECK(f.as("oak-mod", verb::post, path(jh_delete, "approve"), "{}").result() ==
        http::status::not_found);
  CHECK(f.as("oak-mod", verb::post, path(jh_delete, "reject"), "{}").result() ==
        http::status::not_found);
  CHECK(f.as("oak-mod", verb::get, "/api/v1/comments/" + std::to_string(jh_comment)).result() ==
        http::status::not_found);
  CHECK(f.as("oak-mod", verb::get, "/api/v1/authors?channel=jh-facebook&author_id=author-1")
            .result() == http::status::not_found);
  CHECK(f.as("oak-mod", verb::get, "/api/v1/evidence?comment=" + std::to_string(jh_comment))
            .result() == http::status::not_found);
  CHECK(f.as("oak-mod", verb::get, "/api/v1/evidence?channel=jh-facebook&author_id=author-1")
            .result() == http::status::not_found);
  CHECK(f.as("oak-mod", verb::post, "/api/v1/filters/test", R"({"text": "hello", "school": "jh"})")
            .result() == http::status::not_found);
  auto bulk = ApiFixture::json(f.as("oak-mod", verb::post, "/api/v1/actions/bulk",
                                    Json{{"ids", {jh_delete}}, {"decision", "approve"}}.dump()));
  CHECK(bulk["results"][0]["ok"] == false);
  CHECK(bulk["results"][0]["status"] == 404);
  CHECK(f.state_of(jh_delete) == "proposed");
  // The session's school list, too.
  auto schools = ApiFixture::json(f.as("oak-mod", verb::get, "/api/v1/session"))["schools"];
  REQUIRE(schools.size() == 1);
  CHECK(schools[0]["id"] == "oak");
  // An admin for every school sees both.
  CHECK(ApiFixture::json(f.as("admin", verb::get, "/api/v1/actions"))["actions"].size() ==
        jh.size() + oak.size());
}

TEST_CASE("approve and reject move the action, wake the executor, and name the user") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  const auto del = f.of_kind(ids, ActionKind::delete_comment);
  auto r = f.as("jh-mod", verb::post, path(del, "approve"), R"({"reason": "clear insult"})");
  REQUIRE(r.result() == http::status::ok);
  CHECK(ApiFixture::json(r)["state"] == "approved");
  CHECK(ApiFixture::json(r)["id"] == del);
  CHECK(f.approvals_signalled == 1);
  auto t = f.store->connection().prepare(
      "SELECT actor, reason FROM action_transitions WHERE action_id = ? ORDER BY id DESC");
  t.bind(1, del);
  REQUIRE(t.step());
  CHECK(t.text(0) == "user:jh-mod");
  CHECK(t.text(1) == "clear insult");
  // Approving again is a conflict, with the state machine's reason.
  auto again = f.as("jh-mod", verb::post, path(del, "reject"), "");
  CHECK(again.result() == http::status::conflict);
  CHECK(ApiFixture::json(again)["error"].get<std::string>().find("proposal") != std::string::npos);
  CHECK(f.as("jh-mod", verb::post, path(999999, "approve"), "").result() ==
        http::status::not_found);
}

TEST_CASE("roles: viewers only read; escalations belong to the safeguarding lead") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::safeguarding});
  const auto escalate = f.of_kind(ids, ActionKind::escalate);
  const auto del = f.of_kind(ids, ActionKind::delete_comment);
  CHECK(f.as("jh-viewer", verb::get, path(del)).result() == http::status::ok);
  CHECK(f.as("jh-viewer", verb::post, path(del, "approve"), "").result() ==
        http::status::forbidden);
  CHECK(f.as("jh-mod", verb::post, path(escalate, "done"), "").result() == http::status::forbidden);
  CHECK(f.as("jh-dsl", verb::post, path(del, "approve"), "").result() == http::status::forbidden);
  auto safeguarding =
      ApiFixture::json(f.as("jh-dsl", verb::get, "/api/v1/actions?kind=escalate"))["actions"];
  REQUIRE(safeguarding.size() == 1);
  CHECK(safeguarding[0]["manual"] == true);
  CHECK_FALSE(safeguarding[0]["instructions"].get<std::string>().empty());
  // The comment page says the lead's alert is on its way (the daemon's notifier sends it).
  auto comment = ApiFixture::json(
      f.as("jh-dsl", verb::get,
           "/api/v1/comments/" + std::to_string(f.store->action(escalate)->comment_id)));
  CHECK(comment["alert"]["state"] == "pending");
  auto done = f.as("jh-dsl", verb::post, path(escalate, "done"), R"({"reason": "DSL informed"})");
  REQUIRE(done.result() == http::status::ok);
  CHECK(ApiFixture::json(done)["state"] == "done");
  CHECK(f.as("jh-dsl", verb::post, path(escalate, "done"), "").result() == http::status::conflict);
  CHECK(f.as("jh-mod", verb::post, path(del, "done"), "").result() == http::status::conflict);
}

TEST_CASE("bulk decisions succeed or fail one by one") {
  ApiFixture f;
  f.everyone();
  auto a = f.of_kind(f.flagged("c1", "jh-facebook", {Category::abuse}), ActionKind::delete_comment);
  auto b = f.of_kind(f.flagged("c2", "jh-facebook", {Category::abuse}), ActionKind::delete_comment);
  auto oak =
      f.of_kind(f.flagged("o1", "oak-facebook", {Category::abuse}), ActionKind::delete_comment);
  f.as("jh-mod", verb::post, path(b, "reject"), "");
  auto r = f.as("jh-mod", verb::post, "/api/v1/actions/bulk",
                Json{{"ids", {a, b, oak, 424242}}, {"decision", "approve"}}.dump());
  REQUIRE(r.result() == http::status::ok);
  auto results = ApiFixture::json(r)["results"];
  REQUIRE(results.size() == 4);
  CHECK(results[0]["ok"] == true);
  CHECK(results[0]["action"]["state"] == "approved");
  CHECK(results[1]["status"] == 409);
  CHECK(results[2]["status"] == 404);
  CHECK(results[3]["status"] == 404);
  CHECK(f.state_of(a) == "approved");
  CHECK(f.state_of(oak) == "proposed");
  for (const char* bad :
       {R"({"ids": [], "decision": "approve"})", R"({"ids": [1], "decision": "nuke"})",
        R"({"ids": ["1"], "decision": "approve"})", R"({"decision": "approve"})"})
    CHECK(f.as("jh-mod", verb::post, "/api/v1/actions/bulk", bad).result() ==
          http::status::bad_request);
}

TEST_CASE("undo a completed hide: a new unhide, approved at once") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  const auto hide = f.of_kind(ids, ActionKind::hide);
  CHECK(f.as("jh-mod", verb::post, path(hide, "undo"), "").result() == http::status::conflict);
  namespace event = moderation::event;
  REQUIRE(f.store->transition(hide, event::Start{f.now}, "executor", "", f.now));
  REQUIRE(f.store->transition(hide, event::Succeeded{}, "executor", "", f.now));
  CHECK(f.as("jh-viewer", verb::post, path(hide, "undo"), "").result() == http::status::forbidden);
  auto r = f.as("jh-mod", verb::post, path(hide, "undo"), "");
  REQUIRE(r.result() == http::status::ok);
  auto unhide = ApiFixture::json(r);
  CHECK(unhide["kind"] == "unhide");
  CHECK(unhide["state"] == "approved");
  CHECK(f.approvals_signalled == 1);
  CHECK(f.as("jh-mod", verb::post, path(hide, "undo"), "").result() == http::status::conflict);
}

TEST_CASE("a decision when the disk is full: 507, a plain message, nothing changed") {
  ApiFixture f;
  f.everyone();
  std::vector<std::int64_t> deletes;
  for (int i = 0; i < 60; ++i)
    deletes.push_back(
        f.of_kind(f.flagged("c" + std::to_string(i), "jh-facebook", {Category::abuse}),
                  ActionKind::delete_comment));
  // The database may not grow: SQLite answers SQLITE_FULL as on a full disk.
  auto& db = f.store->connection();
  std::int64_t page_count = 0;
  {
    auto pages = db.prepare("PRAGMA page_count");
    REQUIRE(pages.step());
    page_count = pages.int64(0);
  }
  db.exec("PRAGMA max_page_count = " + std::to_string(page_count));
  std::optional<std::int64_t> refused;
  for (auto id : deletes) {
    auto r = f.as("jh-mod", verb::post, path(id, "approve"), "{}");
    if (r.result() == http::status::ok) continue;
    REQUIRE(r.result() == http::status::insufficient_storage);
    CHECK(ApiFixture::json(r)["error"] ==
          "the server's disk is full; nothing was changed; free space and try again");
    refused = id;
    break;
  }
  REQUIRE_MESSAGE(refused, "the database never filled up");
  CHECK(f.state_of(*refused) == "proposed");  // rolled back
  CHECK_FALSE(db.storage_full().empty());     // what /healthz reports
  // Bulk: each id on its own, the full disk named.
  auto bulk = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/actions/bulk",
                                    Json{{"ids", {*refused}}, {"decision", "approve"}}.dump()));
  CHECK(bulk["results"][0]["status"] == 507);
  // Space is freed: the same request goes through, and the store says writes work again.
  db.exec("PRAGMA max_page_count = 1000000");
  CHECK(f.as("jh-mod", verb::post, path(*refused, "approve"), "{}").result() == http::status::ok);
  CHECK(db.storage_full().empty());
  CHECK(f.store->verify_audit().ok);
}
