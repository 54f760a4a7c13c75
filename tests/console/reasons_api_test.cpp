// Reasons in plain English: actions and comments carry the rules' descriptions (through the
// describe_rule hook), never "verdict: abuse (rule.abuse)".
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;

TEST_CASE("actions carry de-duplicated reasons in words, and their reason reads as those words") {
  ApiFixture f;
  f.everyone();
  auto abuse = f.flagged("c1", "jh-facebook", {Category::abuse});
  auto both = f.flagged("c2", "jh-facebook", {Category::abuse, Category::spam}, "idiot", "a2");
  const auto del = f.of_kind(abuse, ActionKind::delete_comment);

  auto one = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/actions/" + std::to_string(del)));
  CHECK(one["reasons"] == Json::array({"Insults someone"}));
  CHECK(one["reason"] == "Insults someone");
  CHECK(one["matches"][0]["description"] == "Insults someone");
  CHECK(one["matches"][0]["rule"] == "rule.abuse");  // the id stays for the filter's maintainers

  // A rule the live rules do not describe reads as its category in words.
  auto list = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/actions?state=proposed"));
  const Json* mixed = nullptr;
  for (const auto& a : list["actions"])
    if (a["id"] == f.of_kind(both, ActionKind::delete_comment)) mixed = &a;
  REQUIRE(mixed);
  CHECK((*mixed)["reasons"] == Json::array({"Insults someone", "Looks like spam"}));
  CHECK((*mixed)["reason"] == "Insults someone; Looks like spam");
  for (const auto& a : list["actions"])
    CHECK(a["reason"].get<std::string>().find("verdict:") == std::string::npos);

  // The answer to a decision is explained the same way.
  auto rejected = f.as("jh-mod", verb::post, "/api/v1/actions/" + std::to_string(del) + "/reject");
  REQUIRE(rejected.result() == http::status::ok);
  CHECK(ApiFixture::json(rejected)["reasons"] == Json::array({"Insults someone"}));
}

TEST_CASE("the comment page's versions and actions carry reasons") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  auto internal = f.store->action(ids[0])->comment_id;
  auto view =
      ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/comments/" + std::to_string(internal)));
  REQUIRE(view["versions"].size() == 1);
  CHECK(view["versions"][0]["reasons"] == Json::array({"Insults someone"}));
  REQUIRE_FALSE(view["actions"].empty());
  for (const auto& a : view["actions"]) {
    CHECK(a["reasons"] == Json::array({"Insults someone"}));
    CHECK(a["reason"] == "Insults someone");
  }
}

TEST_CASE("a match's stored why (a scoring rule's cues, the model's features) follows its words") {
  ApiFixture f;
  f.everyone();
  Verdict v;
  v.categories.insert(Category::spam);
  v.matches.push_back(
      {"model.spam", Category::spam, 1, 0, 9, "the learned model: 0.93 (check out, subscribe)"});
  const auto ids = f.post(ApiFixture::comment("c1", "a1", "check out"), v).action_ids;
  const auto hide = f.of_kind(ids, ActionKind::hide);
  auto one = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/actions/" + std::to_string(hide)));
  CHECK(one["reasons"] ==
        Json::array({"Looks like spam — the learned model: 0.93 (check out, subscribe)"}));
}
