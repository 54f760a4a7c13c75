// The author page's steps through ConsoleApi::handle on a real store: the strike rule in words,
// forgiving a strike, proposing a block (once), roles and the audit log.
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;

namespace {

std::int64_t audit_rows(ApiFixture& f, const std::string& event) {
  auto s = f.store->connection().prepare("SELECT COUNT(*) FROM audit_log WHERE event = ?");
  s.bind(1, event);
  s.step();
  return s.int64(0);
}

const std::string kTroll = "/api/v1/authors?channel=jh-facebook&author_id=troll";

}  // namespace

TEST_CASE("the author page gives the strike rule in words and where the author stands") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse}, "idiot one", "troll");
  auto body = ApiFixture::json(f.as("jh-mod", verb::get, kTroll));
  CHECK(body["strike_rule"] == "3 strikes in 90 days propose a block");
  CHECK(body["strikes_in_window"] == 1);
  CHECK(body["strike_standing"] == "3 strikes in 90 days propose a block; this author has 1");
}

TEST_CASE("forgiving a strike removes it, is audit-logged, and is for moderators and admins") {
  ApiFixture f;
  f.everyone();
  auto first = f.flagged("c1", "jh-facebook", {Category::abuse}, "idiot one", "troll");
  f.flagged("c2", "jh-facebook", {Category::spam}, "buy", "troll");
  const auto comment = f.store->action(first[0])->comment_id;
  const std::string body =
      R"({"comment":)" + std::to_string(comment) + R"(,"reason":"a misunderstanding"})";

  CHECK(f.as("jh-viewer", verb::post, "/api/v1/authors/forgive", body).result() ==
        http::status::forbidden);
  CHECK(f.as("jh-dsl", verb::post, "/api/v1/authors/forgive", body).result() ==
        http::status::forbidden);
  CHECK(f.as("oak-mod", verb::post, "/api/v1/authors/forgive", body).result() ==
        http::status::not_found);  // another school's comment is not theirs to see
  CHECK(f.as("jh-mod", verb::post, "/api/v1/authors/forgive", "{}").result() ==
        http::status::bad_request);

  auto r = f.as("jh-mod", verb::post, "/api/v1/authors/forgive", body);
  REQUIRE(r.result() == http::status::ok);
  CHECK(ApiFixture::json(r)["strikes"] == 1);
  auto page = ApiFixture::json(f.as("jh-mod", verb::get, kTroll));
  CHECK(page["strikes"].size() == 1);
  CHECK(page["strikes_in_window"] == 1);
  CHECK(audit_rows(f, "strike.forgiven") == 1);
  CHECK(f.store->verify_audit().ok);
  // The strike is gone: forgiving it again is a conflict, not a second removal.
  CHECK(f.as("jh-mod", verb::post, "/api/v1/authors/forgive", body).result() ==
        http::status::conflict);
  CHECK(audit_rows(f, "strike.forgiven") == 1);
}

TEST_CASE("proposing a block makes one proposed block action; a second is refused while open") {
  ApiFixture f;
  f.everyone();
  f.flagged("c1", "jh-facebook", {Category::abuse}, "idiot one", "troll");
  const std::string body =
      R"({"channel":"jh-facebook","author_id":"troll","reason":"repeat abuse"})";

  CHECK(f.as("jh-viewer", verb::post, "/api/v1/authors/block", body).result() ==
        http::status::forbidden);
  CHECK(f.as("oak-mod", verb::post, "/api/v1/authors/block", body).result() ==
        http::status::not_found);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/authors/block",
             R"({"channel":"jh-facebook","author_id":"nobody"})")
            .result() == http::status::not_found);

  auto r = f.as("jh-mod", verb::post, "/api/v1/authors/block", body);
  REQUIRE(r.result() == http::status::created);
  auto block = ApiFixture::json(r);
  CHECK(block["kind"] == "block");
  CHECK(block["state"] == "proposed");
  CHECK(block["reason"] == "repeat abuse");
  CHECK(block["comment"]["author_id"] == "troll");
  const auto id = block["id"].get<std::int64_t>();
  CHECK(f.store->action(id)->kind == ActionKind::block);

  auto again = f.as("admin", verb::post, "/api/v1/authors/block", body);
  CHECK(again.result() == http::status::conflict);
  CHECK(ApiFixture::json(again)["error"].get<std::string>().find("already open") !=
        std::string::npos);

  // Once the block is rejected, a new one may be proposed.
  REQUIRE(
      f.as("jh-mod", verb::post, "/api/v1/actions/" + std::to_string(id) + "/reject").result() ==
      http::status::ok);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/authors/block", body).result() ==
        http::status::created);
  CHECK(f.store->verify_audit().ok);
}
