// Failed actions through the API: listed with their reason, tried again (a fresh attempt, the
// history kept) or marked done by hand, with the same roles, scoping and CSRF as approve.
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;
namespace event = moderation::event;

namespace {

constexpr std::string_view kWhy = "Facebook refused the hide: permission denied (code 200)";

std::string path(std::int64_t id, const std::string& what = "") {
  return "/api/v1/actions/" + std::to_string(id) + (what.empty() ? "" : "/" + what);
}

// The executor's two writes for a call the platform refused for good.
void fail(ApiFixture& f, std::int64_t id) {
  REQUIRE(f.store->transition(id, event::Start{f.now}, "executor", "calling the platform", f.now));
  REQUIRE(f.store->transition(id, event::FailedPermanent{}, "executor", kWhy, f.now));
}

std::int64_t failed_hide(ApiFixture& f, const std::string& comment = "c1",
                         const std::string& channel = "jh-facebook") {
  const auto hide = f.of_kind(f.flagged(comment, channel, {Category::abuse}), ActionKind::hide);
  fail(f, hide);
  return hide;
}

int count(ApiFixture& f, const std::string& sql, std::int64_t id) {
  auto s = f.store->connection().prepare(sql);
  s.bind(1, id);
  REQUIRE(s.step());
  return int(s.int64(0));
}

}  // namespace

TEST_CASE("a failed action is listed with state=failed and says why in its outcome") {
  ApiFixture f;
  f.everyone();
  const auto hide = failed_hide(f);
  auto listed = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/actions?state=failed"));
  REQUIRE(listed["actions"].size() == 1);
  const auto& a = listed["actions"][0];
  CHECK(a["id"] == hide);
  CHECK(a["state"] == "failed");
  CHECK(a["outcome"] == kWhy);  // in the row itself, not only in the transitions
  CHECK(a["attempts"] == 1);
  // Another school's moderator does not see it.
  CHECK(ApiFixture::json(f.as("oak-mod", verb::get, "/api/v1/actions?state=failed"))["actions"]
            .empty());
}

TEST_CASE("retry: a failed action is approved again with a fresh budget, its history kept") {
  ApiFixture f;
  f.everyone();
  const auto hide = failed_hide(f);
  const int transitions_before =
      count(f, "SELECT COUNT(*) FROM action_transitions WHERE action_id = ?", hide);
  f.now += std::chrono::minutes(10);
  auto r = f.as("jh-mod", verb::post, path(hide, "retry"), R"({"reason": "token renewed"})");
  REQUIRE(r.result() == http::status::ok);
  auto a = ApiFixture::json(r);
  CHECK(a["state"] == "approved");
  CHECK(a["attempts"] == 0);
  CHECK(a["outcome"].is_null());
  CHECK(f.approvals_signalled == 1);  // the executor is woken
  // Due at once: the executor picks it up now.
  auto due = f.store->due_actions(f.now, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].id == hide);
  // The failure stays in the history; the retry is appended, naming the moderator.
  CHECK(count(f, "SELECT COUNT(*) FROM action_transitions WHERE action_id = ?", hide) ==
        transitions_before + 1);
  auto t = f.store->connection().prepare(
      "SELECT from_state, to_state, event, actor, reason FROM action_transitions "
      "WHERE action_id = ? ORDER BY id DESC LIMIT 2");
  t.bind(1, hide);
  REQUIRE(t.step());
  CHECK(t.text(0) == "failed");
  CHECK(t.text(1) == "approved");
  CHECK(t.text(2) == "retry");
  CHECK(t.text(3) == "user:jh-mod");
  CHECK(t.text(4) == "token renewed");
  REQUIRE(t.step());
  CHECK(t.text(4) == kWhy);
  CHECK(count(f,
              "SELECT COUNT(*) FROM audit_log WHERE event = 'action.transition' AND "
              "subject = 'action:' || ? AND detail LIKE '%\"event\":\"retry\"%'",
              hide) == 1);
  CHECK(f.store->verify_audit().ok);
  // Retrying again is a conflict: it is no longer failed.
  CHECK(f.as("jh-mod", verb::post, path(hide, "retry"), "").result() == http::status::conflict);
  // It can fail and be retried again, as often as needed.
  fail(f, hide);
  CHECK(f.as("jh-mod", verb::post, path(hide, "retry"), "").result() == http::status::ok);
}

TEST_CASE("retry has approve's roles, school scoping and CSRF") {
  ApiFixture f;
  f.everyone();
  const auto hide = failed_hide(f);
  CHECK(f.as("jh-viewer", verb::post, path(hide, "retry"), "").result() == http::status::forbidden);
  CHECK(f.as("oak-mod", verb::post, path(hide, "retry"), "").result() == http::status::not_found);
  CHECK(f.as("jh-dsl", verb::post, path(hide, "retry"), "").result() == http::status::forbidden);
  CHECK(f.as("jh-mod", verb::get, path(hide, "retry")).result() ==
        http::status::method_not_allowed);
  auto login = f.send(verb::post, "/api/v1/session",
                      Json{{"username", "jh-mod"}, {"password", kPassword}}.dump());
  std::string cookie(login[http::field::set_cookie]);
  cookie = cookie.substr(0, cookie.find(';'));
  CHECK(f.send(verb::post, path(hide, "retry"), "{}", {{"Cookie", cookie}}).result() ==
        http::status::unauthorized);
  CHECK(f.state_of(hide) == "failed");
  CHECK(f.send(verb::post, path(hide, "retry"), "{}",
               {{"Cookie", cookie}, {"X-CSRF-Token", ApiFixture::json(login)["csrf"]}})
            .result() == http::status::ok);
  CHECK(f.state_of(hide) == "approved");
}

TEST_CASE("only a failed action is retried; approve, reject and undo still refuse a failed one") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  const auto del = f.of_kind(ids, ActionKind::delete_comment);
  auto proposed = f.as("jh-mod", verb::post, path(del, "retry"), "");
  CHECK(proposed.result() == http::status::conflict);
  CHECK(ApiFixture::json(proposed)["error"].get<std::string>().find("only a failed action") !=
        std::string::npos);
  const auto hide = f.of_kind(ids, ActionKind::hide);
  fail(f, hide);
  for (const char* decision : {"approve", "reject", "undo"})
    CHECK(f.as("jh-mod", verb::post, path(hide, decision), "").result() == http::status::conflict);
}

TEST_CASE("a failed action done by hand is marked done, its outcome saying so") {
  ApiFixture f;
  f.everyone();
  const auto hide = failed_hide(f);
  auto r = f.as("jh-mod", verb::post, path(hide, "done"), R"({"reason": "hid it on Facebook"})");
  REQUIRE(r.result() == http::status::ok);
  auto a = ApiFixture::json(r);
  CHECK(a["state"] == "done");
  CHECK(a["outcome"] == "done by hand: hid it on Facebook");
  CHECK(f.as("jh-mod", verb::post, path(hide, "retry"), "").result() == http::status::conflict);
  // An automatic action that has not failed is still not the moderator's to mark done.
  const auto other = f.of_kind(
      f.flagged("c2", "jh-facebook", {Category::abuse}, "idiot", "author-2"), ActionKind::hide);
  CHECK(f.as("jh-mod", verb::post, path(other, "done"), "").result() == http::status::conflict);
}

TEST_CASE("bulk retry, and no retry when a newer action already does the job") {
  ApiFixture f;
  f.everyone();
  const auto a = failed_hide(f, "c1");
  const auto b = failed_hide(f, "c2");
  // c2 was edited and flagged again: a newer hide is live, so retrying the old one is refused.
  auto newer = f.store->connection().prepare(
      "INSERT INTO actions (comment_id, verdict_id, kind, state, manual, reason, attempts, "
      "next_attempt_at, created_at, updated_at) SELECT comment_id, verdict_id, kind, 'approved', "
      "manual, reason, 0, 0, created_at, updated_at FROM actions WHERE id = ?");
  newer.bind(1, b);
  newer.run();
  auto r = f.as("jh-mod", verb::post, "/api/v1/actions/bulk",
                Json{{"ids", {a, b}}, {"decision", "retry"}}.dump());
  REQUIRE(r.result() == http::status::ok);
  auto results = ApiFixture::json(r)["results"];
  CHECK(results[0]["ok"] == true);
  CHECK(results[0]["action"]["state"] == "approved");
  CHECK(results[1]["ok"] == false);
  CHECK(results[1]["status"] == 409);
  CHECK(results[1]["error"].get<std::string>().find("taken over") != std::string::npos);
  CHECK(f.state_of(b) == "failed");
}
