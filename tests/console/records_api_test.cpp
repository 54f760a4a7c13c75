// Comments, authors, the audit log, evidence, the filter tester, users and tokens.
#include "store/evidence_html.hpp"
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;

TEST_CASE("a comment with its versions, matches, actions and their transitions") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse}, "first idiot");
  const auto comment_id = f.store->action(ids[0])->comment_id;
  Comment edited = StoreFixture::comment("c1", "author-1", "second text");
  edited.edited_at = f.now + std::chrono::minutes(5);
  f.post(edited, {}, f.now + std::chrono::minutes(6));
  f.as("jh-mod", verb::post,
       "/api/v1/actions/" + std::to_string(f.of_kind(ids, ActionKind::delete_comment)) + "/reject",
       "");

  auto r = f.as("jh-viewer", verb::get, "/api/v1/comments/" + std::to_string(comment_id));
  REQUIRE(r.result() == http::status::ok);
  auto body = ApiFixture::json(r);
  CHECK(body["comment"]["id"] == "c1");
  CHECK(body["comment"]["school"] == "jh");
  CHECK(body["comment"]["text"] == "second text");
  REQUIRE(body["versions"].size() == 2);
  CHECK(body["versions"][0]["text"] == "first idiot");
  CHECK(body["versions"][0]["categories"] == Json::array({"abuse"}));
  CHECK(body["versions"][1]["categories"].empty());
  CHECK(body["strikes"] == 1);
  CHECK(body["alert"].is_null());  // abuse, not safeguarding: nobody was alerted
  REQUIRE(body["actions"].size() == ids.size());
  bool saw_reject = false;
  for (const auto& a : body["actions"])
    for (const auto& t : a["transitions"])
      saw_reject = saw_reject || (t["to"] == "rejected" && t["actor"] == "user:jh-mod");
  CHECK(saw_reject);
  CHECK(f.as("jh-viewer", verb::get, "/api/v1/comments/424242").result() ==
        http::status::not_found);
}

TEST_CASE("an author's record: comments and strikes on one channel") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse}, "idiot one", "troll");
  f.flagged("c2", "jh-facebook", {Category::spam}, "buy", "troll");
  auto r = f.as("jh-mod", verb::get, "/api/v1/authors?channel=jh-facebook&author_id=troll");
  REQUIRE(r.result() == http::status::ok);
  auto body = ApiFixture::json(r);
  CHECK(body["author_name"] == "Name of troll");
  CHECK(body["strikes"].size() == 2);
  CHECK(body["comments"].size() == 2);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/authors?channel=jh-facebook").result() ==
        http::status::bad_request);
  CHECK(
      f.as("jh-mod", verb::get, "/api/v1/authors?channel=jh-facebook&author_id=nobody").result() ==
      http::status::not_found);
}

TEST_CASE("the audit log is for admins, pages, and reports the chain") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse});
  CHECK(f.as("jh-mod", verb::get, "/api/v1/audit").result() == http::status::forbidden);
  f.user("jh-admin", store::Role::admin, "jh");  // admin of one school only
  CHECK(f.as("jh-admin", verb::get, "/api/v1/audit").result() == http::status::forbidden);
  auto body = ApiFixture::json(f.as("admin", verb::get, "/api/v1/audit?limit=2"));
  CHECK(body["entries"].size() == 2);
  CHECK(body["chain"]["ok"] == true);
  REQUIRE(body["next_before"].is_number());
  auto next = ApiFixture::json(
      f.as("admin", verb::get,
           "/api/v1/audit?limit=2&before=" + std::to_string(body["next_before"].get<int>())));
  CHECK(next["entries"][0]["id"].get<int>() < body["entries"][1]["id"].get<int>() + 1);
  CHECK_FALSE(next.contains("chain"));
  for (const auto& e : body["entries"]) CHECK(e["detail"].is_object());
}

TEST_CASE("the audit page and evidence walk the chain from the last checkpoint only") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  REQUIRE_FALSE(ids.empty());
  const auto comment_id = std::to_string(f.store->action(ids[0])->comment_id);
  auto first = ApiFixture::json(f.as("admin", verb::get, "/api/v1/audit"));
  REQUIRE(first["chain"]["ok"] == true);
  CHECK(first["chain"]["verified_from"] == 0);
  const auto walked = first["chain"]["rows_checked"].get<int>();
  CHECK(walked > 0);
  // The first walk left a checkpoint: the next reads only what was appended since.
  f.flagged("c2", "jh-facebook", {Category::abuse});
  auto second = ApiFixture::json(f.as("admin", verb::get, "/api/v1/audit"));
  CHECK(second["chain"]["ok"] == true);
  CHECK(second["chain"]["verified_from"] == walked);
  CHECK(second["chain"]["rows_checked"].get<int>() < walked);
  auto bundle =
      ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/evidence?comment=" + comment_id));
  CHECK(bundle["chain"]["verified"] == true);
  CHECK(bundle["chain"]["verified_from"].get<int>() >= walked);
  CHECK(bundle["chain"]["message"].get<std::string>().find("signed checkpoint") !=
        std::string::npos);
}

TEST_CASE("evidence downloads as JSON or HTML, with the text escaped in HTML") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse}, "<script>alert(1)</script> idiot");
  const auto comment_id = std::to_string(f.store->action(ids[0])->comment_id);
  auto json = f.as("jh-mod", verb::get, "/api/v1/evidence?comment=" + comment_id);
  REQUIRE(json.result() == http::status::ok);
  CHECK(std::string(json[http::field::content_disposition]).find("attachment") == 0);
  CHECK(json.body().find("c1") != std::string::npos);
  auto html = f.as("jh-dsl", verb::get, "/api/v1/evidence?format=html&comment=" + comment_id);
  REQUIRE(html.result() == http::status::ok);
  CHECK(html.body().find("<script>alert") == std::string::npos);
  CHECK(html.body().find("&lt;script&gt;") != std::string::npos);
  // The page's own policy, which lets its style element apply (the console's would block it).
  CHECK(std::string(html["Content-Security-Policy"]) ==
        store::evidence_html_csp() + "; frame-ancestors 'none'");
  CHECK(f.as("jh-viewer", verb::get, "/api/v1/evidence?comment=" + comment_id).result() ==
        http::status::forbidden);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/evidence?channel=jh-facebook&author_id=author-1")
            .result() == http::status::ok);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/evidence").result() == http::status::bad_request);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/evidence?format=pdf&comment=" + comment_id).result() ==
        http::status::bad_request);
}

TEST_CASE("an author's evidence bundle covers only the schools the caller may export from") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse}, "idiot", "roamer");
  f.flagged("o1", "oak-facebook", {Category::abuse}, "idiot", "roamer");
  auto mine = f.as("jh-mod", verb::get, "/api/v1/evidence?channel=jh-facebook&author_id=roamer");
  REQUIRE(mine.result() == http::status::ok);
  auto body = ApiFixture::json(mine);
  REQUIRE(body["comments"].size() == 1);
  CHECK(body["comments"][0]["school"]["id"] == "jh");
  CHECK(mine.body().find("Oak Academy") == std::string::npos);  // not even its name
  CHECK(mine.body().find("oak-facebook") == std::string::npos);
  auto all = f.as("admin", verb::get, "/api/v1/evidence?channel=jh-facebook&author_id=roamer");
  REQUIRE(all.result() == http::status::ok);
  CHECK(ApiFixture::json(all)["comments"].size() == 2);
  // No export right in the channel's school: refused, whether or not the author wrote there.
  CHECK(f.as("jh-viewer", verb::get, "/api/v1/evidence?channel=jh-facebook&author_id=roamer")
            .result() == http::status::forbidden);
  CHECK(f.as("jh-viewer", verb::get, "/api/v1/evidence?channel=jh-facebook&author_id=nobody")
            .result() == http::status::forbidden);
}

TEST_CASE("a comment's evidence holds only the caller's school's copy of it") {
  // One X post mentioning two schools is stored once per school under the same platform id.
  ApiFixture f;
  f.everyone();
  auto jh = f.flagged("shared-1", "jh-facebook", {Category::abuse}, "idiot", "author-9");
  f.flagged("shared-1", "oak-facebook", {Category::abuse}, "idiot", "author-9");
  const auto comment_id = std::to_string(f.store->action(jh[0])->comment_id);
  auto r = f.as("jh-mod", verb::get, "/api/v1/evidence?comment=" + comment_id);
  REQUIRE(r.result() == http::status::ok);
  auto body = ApiFixture::json(r);
  REQUIRE(body["comments"].size() == 1);
  CHECK(body["comments"][0]["school"]["id"] == "jh");
  CHECK(r.body().find("Oak Academy") == std::string::npos);
  CHECK(r.body().find("oak-facebook") == std::string::npos);
}

TEST_CASE("the filter tester classifies without storing anything") {
  ApiFixture f;
  f.everyone();
  const auto before = f.count("comments");
  auto r = f.as("jh-mod", verb::post, "/api/v1/filters/test", R"({"text": "what an idiot"})");
  REQUIRE(r.result() == http::status::ok);
  auto body = ApiFixture::json(r);
  CHECK(body["school"] == "jh");
  CHECK(body["categories"] == Json::array({"abuse"}));
  CHECK(body["actions"] == Json::array({"hide"}));  // the school's policy: hidden is handled
  CHECK(body["matches"][0]["start"] == 8);
  CHECK(f.count("comments") == before);
  CHECK(f.as("jh-viewer", verb::post, "/api/v1/filters/test", R"({"text": "x"})").result() ==
        http::status::forbidden);
  CHECK(f.as("admin", verb::post, "/api/v1/filters/test", R"({"text": "x", "school": "nope"})")
            .result() == http::status::not_found);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/filters/test", R"({"school": "jh"})").result() ==
        http::status::bad_request);
}

TEST_CASE("admins manage users; nobody else can") {
  ApiFixture f;
  f.everyone();
  const std::string new_user =
      R"({"name": "business-manager", "password": "another long passphrase",
          "roles": [{"role": "moderator", "school": "oak"}]})";
  CHECK(f.as("jh-mod", verb::post, "/api/v1/users", new_user).result() == http::status::forbidden);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/users").result() == http::status::forbidden);
  auto added = f.as("admin", verb::post, "/api/v1/users", new_user);
  REQUIRE(added.result() == http::status::created);
  CHECK(ApiFixture::json(added)["roles"][0]["school"] == "oak");
  CHECK(f.as("admin", verb::post, "/api/v1/users", new_user).result() == http::status::conflict);
  CHECK(f.as("admin", verb::post, "/api/v1/users",
             R"({"name": "x", "password": "another long passphrase", "roles": [{"role": "god"}]})")
            .result() == http::status::bad_request);
  CHECK(
      f.as("admin", verb::post, "/api/v1/users",
           R"({"name": "x", "password": "another long passphrase", "roles": [{"role": "viewer", "school": "elsewhere"}]})")
          .result() == http::status::bad_request);
  auto list = ApiFixture::json(f.as("admin", verb::get, "/api/v1/users"))["users"];
  bool listed = false;
  for (const auto& u : list) listed = listed || u["name"] == "business-manager";
  CHECK(listed);
  for (const auto& u : list) CHECK_FALSE(u.contains("password_hash"));

  CHECK(f.as("admin", verb::post, "/api/v1/users/business-manager/password",
             R"({"password": "a brand new passphrase"})")
            .result() == http::status::no_content);
  auto login = f.send(verb::post, "/api/v1/session",
                      R"({"username": "business-manager", "password": "a brand new passphrase"})");
  CHECK(login.result() == http::status::ok);
  CHECK(f.as("admin", verb::delete_, "/api/v1/users/admin").result() == http::status::conflict);
  CHECK(f.as("admin", verb::delete_, "/api/v1/users/business-manager").result() ==
        http::status::no_content);
  CHECK(f.send(verb::post, "/api/v1/session",
               R"({"username": "business-manager", "password": "a brand new passphrase"})")
            .result() == http::status::unauthorized);
  CHECK(f.as("admin", verb::delete_, "/api/v1/users/nobody").result() == http::status::not_found);
}

TEST_CASE("admins make and revoke tokens; a token is shown once and works as a bearer") {
  ApiFixture f;
  f.everyone();
  CHECK(f.as("jh-mod", verb::post, "/api/v1/tokens", R"({"user": "jh-mod"})").result() ==
        http::status::forbidden);
  auto made =
      f.as("admin", verb::post, "/api/v1/tokens", R"({"user": "jh-viewer", "name": "wallboard"})");
  REQUIRE(made.result() == http::status::created);
  const std::string token = ApiFixture::json(made)["token"];
  const auto id = ApiFixture::json(made)["id"].get<std::int64_t>();
  auto use = f.send(verb::get, "/api/v1/session", "", {{"Authorization", "Bearer " + token}});
  REQUIRE(use.result() == http::status::ok);
  CHECK(ApiFixture::json(use)["user"]["name"] == "jh-viewer");
  CHECK(ApiFixture::json(use)["csrf"].is_null());
  auto list = f.as("admin", verb::get, "/api/v1/tokens");
  CHECK(list.body().find(token) == std::string::npos);  // never shown again
  CHECK(list.body().find("wallboard") != std::string::npos);
  CHECK(f.as("admin", verb::delete_, "/api/v1/tokens/" + std::to_string(id)).result() ==
        http::status::no_content);
  CHECK(f.send(verb::get, "/api/v1/session", "", {{"Authorization", "Bearer " + token}}).result() ==
        http::status::unauthorized);
  CHECK(f.as("admin", verb::post, "/api/v1/tokens", R"({"user": "nobody"})").result() ==
        http::status::bad_request);
}
