// POST /api/v1/filters/backtest (issue 16): the filter tester's backtest judges a school's stored
// comments again with a candidate (api_fixture.hpp's: the "on disk" rules also call "numpty"
// abuse) and says what would be newly hidden or shown, per rule, with the changed comments.
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;

TEST_CASE("backtest: the lists on disk against the live ones, on a school's stored comments") {
  ApiFixture f;
  f.everyone();
  Comment clean = ApiFixture::comment("c1", "author-1", "what a numpty, lovely day though");
  f.post(clean, Verdict{});  // judged clean when it came
  f.flagged("c2", "jh-facebook", {Category::abuse}, "you idiot");
  f.flagged("c3", "oak-facebook", {Category::abuse}, "numpty at oak");  // another school

  // Live rules: nothing changes.
  auto live = f.as("jh-mod", verb::post, "/api/v1/filters/backtest", R"({"school":"jh"})");
  REQUIRE(live.result() == http::status::ok);
  Json r = ApiFixture::json(live);
  CHECK(r["comments"] == 2);
  CHECK(r["newly_hidden"] == 0);
  CHECK(r["newly_shown"] == 0);
  CHECK(r["changes"].empty());
  CHECK(r["rules"] == "live");
  CHECK(r["days"] == 30);

  // The lists on disk: the clean comment would now be hidden, by rule.numpty.
  r = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/filters/backtest",
                            R"({"school":"jh","rules":"on_disk","days":7})"));
  CHECK(r["comments"] == 2);
  CHECK(r["newly_hidden"] == 1);
  CHECK(r["newly_shown"] == 0);
  REQUIRE(r["changes"].size() == 1);
  const Json& change = r["changes"][0];
  CHECK(change["text"] == "what a numpty, lovely day though");
  CHECK(change["now_hidden"] == true);
  CHECK(change["channel"] == "jh-facebook");
  CHECK(change["comment_id"].is_number_integer());
  CHECK(change["categories_before"].empty());
  CHECK(change["categories_after"] == Json::array({"abuse"}));
  CHECK(change["rules_after"] == Json::array({"rule.numpty"}));
  // Each rule before and after; here every rule moved (the stored verdict named "rule.abuse").
  std::map<std::string, std::pair<int, int>> hits;
  for (const Json& h : r["rule_hits"]) hits[h["rule"]] = {h["before"], h["after"]};
  CHECK(hits["rule.numpty"] == std::pair{0, 1});
  CHECK(hits["rule.idiot"] == std::pair{0, 1});
  CHECK(hits["rule.abuse"] == std::pair{1, 0});

  // Too old to count: a window that starts after the comments came.
  f.now = days_after(kT0, 10);
  r = ApiFixture::json(f.as("jh-mod", verb::post, "/api/v1/filters/backtest",
                            R"({"school":"jh","rules":"on_disk","days":7})"));
  CHECK(r["comments"] == 0);
}

TEST_CASE("backtest: bad requests, other schools, viewers and a missing model are refused") {
  ApiFixture f;
  f.everyone();
  const std::string path = "/api/v1/filters/backtest";
  CHECK(f.as("jh-mod", verb::post, path, R"({"days":0})").result() == http::status::bad_request);
  CHECK(f.as("jh-mod", verb::post, path, R"({"days":"7"})").result() == http::status::bad_request);
  CHECK(f.as("jh-mod", verb::post, path, R"({"rules":"tomorrow"})").result() ==
        http::status::bad_request);
  CHECK(f.as("jh-mod", verb::post, path, R"({"model":"yes"})").result() ==
        http::status::bad_request);
  CHECK(f.as("jh-mod", verb::post, path, R"({"school":"oak"})").result() ==
        http::status::not_found);
  CHECK(f.as("jh-viewer", verb::post, path, R"({"school":"jh"})").result() ==
        http::status::forbidden);
  CHECK(f.as("jh-mod", verb::get, path).result() == http::status::method_not_allowed);
  auto no_model = f.as("jh-mod", verb::post, path, R"({"school":"jh","model":true})");
  CHECK(no_model.result() == http::status::conflict);
  CHECK(ApiFixture::json(no_model)["error"] == "there is no learned model to try");
}
