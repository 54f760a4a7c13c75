// Filter exceptions through the API: add from a comment (its school, its text normalised), list,
// remove; moderators and admins of the school only; audit rows without the text; the daemon's
// hooks told of each change.
#include "api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;

namespace {

std::int64_t comment_id(ApiFixture& f, const std::string& platform_id) {
  auto s = f.store->connection().prepare("SELECT id FROM comments WHERE platform_comment_id = ?");
  s.bind(1, platform_id);
  REQUIRE(s.step());
  return s.int64(0);
}

std::string body_for(std::int64_t id) {
  return R"({"comment": )" + std::to_string(id) + "}";
}

}  // namespace

TEST_CASE("a moderator adds an exception from a comment: its school, its text normalised") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse}, "  You   IDIOT\n well done ");
  const auto id = comment_id(f, "c1");

  auto r = f.as("jh-mod", verb::post, "/api/v1/exceptions", body_for(id));
  REQUIRE(r.result() == http::status::created);
  auto e = ApiFixture::json(r);
  CHECK(e["school"] == "jh");
  CHECK(e["text"] == "you idiot well done");
  CHECK(e["comment"] == id);
  CHECK(e["created_by"] == "user:jh-mod");
  CHECK(e["created_at"] == "2027-01-15T08:00:00Z");
  CHECK(f.exceptions_added ==
        std::vector<std::pair<std::string, std::string>>{{"jh", "you idiot well done"}});

  // The same text again (another comment, other spacing): the one exception, 200, no hook.
  f.flagged("c2", "jh-facebook", {Category::abuse}, "you idiot WELL done");
  auto again = f.as("admin", verb::post, "/api/v1/exceptions", body_for(comment_id(f, "c2")));
  CHECK(again.result() == http::status::ok);
  CHECK(ApiFixture::json(again)["id"] == e["id"]);
  CHECK(f.exceptions_added.size() == 1);
  CHECK(f.count("filter_exceptions") == 1);

  // Audit-logged, without the words.
  auto audit = f.store->connection().prepare(
      "SELECT actor, subject, detail FROM audit_log WHERE event = 'exception.created'");
  REQUIRE(audit.step());
  CHECK(audit.text(0) == "user:jh-mod");
  CHECK(audit.text(1) == "exception:" + std::to_string(e["id"].get<std::int64_t>()));
  CHECK(audit.text(2).find("idiot") == std::string::npos);
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("exceptions are listed and removed per school, by its moderators and admins only") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse});
  f.flagged("o1", "oak-facebook", {Category::abuse}, "oak idiot");
  const auto jh = comment_id(f, "c1"), oak = comment_id(f, "o1");

  // Roles: a viewer or the safeguarding lead cannot; another school's moderator sees nothing.
  CHECK(f.as("jh-viewer", verb::post, "/api/v1/exceptions", body_for(jh)).result() ==
        http::status::forbidden);
  CHECK(f.as("jh-dsl", verb::post, "/api/v1/exceptions", body_for(jh)).result() ==
        http::status::forbidden);
  CHECK(f.as("oak-mod", verb::post, "/api/v1/exceptions", body_for(jh)).result() ==
        http::status::not_found);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/exceptions", R"({"comment": "c1"})").result() ==
        http::status::bad_request);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/exceptions", body_for(987654)).result() ==
        http::status::not_found);

  auto a = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/exceptions", body_for(jh)));
  auto b = ApiFixture::json(f.as("oak-mod", verb::post, "/api/v1/exceptions", body_for(oak)));

  auto mine = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/exceptions"));
  REQUIRE(mine["exceptions"].size() == 1);
  CHECK(mine["exceptions"][0]["id"] == a["id"]);
  CHECK(ApiFixture::json(f.as("admin", verb::get, "/api/v1/exceptions"))["exceptions"].size() == 2);
  auto oak_only = ApiFixture::json(f.as("admin", verb::get, "/api/v1/exceptions?school=oak"));
  REQUIRE(oak_only["exceptions"].size() == 1);
  CHECK(oak_only["exceptions"][0]["text"] == "oak idiot");
  CHECK(f.as("jh-mod", verb::get, "/api/v1/exceptions?school=oak").result() ==
        http::status::not_found);

  const std::string a_url = "/api/v1/exceptions/" + std::to_string(a["id"].get<std::int64_t>());
  CHECK(f.as("oak-mod", verb::delete_, a_url).result() == http::status::not_found);
  CHECK(f.as("jh-viewer", verb::delete_, a_url).result() == http::status::not_found);
  CHECK(f.as("jh-mod", verb::delete_, a_url).result() == http::status::no_content);
  CHECK(f.as("jh-mod", verb::delete_, a_url).result() == http::status::not_found);
  CHECK(f.exceptions_removed ==
        std::vector<std::pair<std::string, std::string>>{{"jh", "you idiot"}});
  CHECK(f.count("filter_exceptions") == 1);
  auto audit = f.store->connection().prepare(
      "SELECT COUNT(*) FROM audit_log WHERE event = 'exception.removed'");
  REQUIRE(audit.step());
  CHECK(audit.int64(0) == 1);
}

TEST_CASE("a comment whose text was erased cannot become an exception; erasure removes one") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse}, "you idiot", "author-9");
  f.flagged("c2", "jh-facebook", {Category::abuse}, "idiot again", "author-9");
  const auto c1 = comment_id(f, "c1");
  REQUIRE(f.as("jh-mod", verb::post, "/api/v1/exceptions", body_for(c1)).result() ==
          http::status::created);
  auto report = f.store->erase_author(Platform::facebook, "author-9", "hallmonitorctl", f.now);
  CHECK(report.exceptions_removed == 1);
  CHECK(f.count("filter_exceptions") == 0);
  auto refused = f.as("jh-mod", verb::post, "/api/v1/exceptions", body_for(comment_id(f, "c2")));
  CHECK(refused.result() == http::status::conflict);
  CHECK(ApiFixture::json(refused)["error"] ==
        "this comment's text is no longer stored, so there is nothing to match");
}
