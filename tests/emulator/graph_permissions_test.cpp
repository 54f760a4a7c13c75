// The stricter Graph emulation (issue 13): permissions per call as Meta answers without them,
// `from` omitted without pages_read_user_content, feed vs published_posts, and unknown query
// parameters refused on reads.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {

void page_with(Fixture& f, const json& permissions) {
  REQUIRE(f.control("accounts", {{"platform", "facebook"},
                                 {"account_id", kPage},
                                 {"name", "Hall School"},
                                 {"access_token", "fbtok"},
                                 {"permissions", permissions}})
              .status() == 200);
}

std::string post_of(Fixture& f, const std::string& origin) {
  auto r = f.control("posts", {{"platform", "facebook"},
                               {"account_id", kPage},
                               {"text", origin + " post"},
                               {"origin", origin}});
  REQUIRE(r.status() == 200);
  return r.body()["id"].get<std::string>();
}

}  // namespace

TEST_CASE("without permissions: absent key = all; a missing one is refused as Meta does") {
  Fixture f;
  f.facebook_page();  // no "permissions": everything the product needs
  const auto p = f.post("facebook", kPage, "post");
  const auto c = f.comment("facebook", p, "hello");
  CHECK(f.graph("GET", kPage + "/feed?fields=id").status() == 200);
  CHECK(f.graph("POST", c, "fbtok", "is_hidden=true").status() == 200);

  page_with(f, json::array({"pages_read_engagement", "pages_read_user_content"}));
  // Hide, delete, reply without pages_manage_engagement: 100/33, exactly as a missing object.
  for (auto [method, path, form] :
       {std::tuple{"POST", c, "is_hidden=false"}, std::tuple{"DELETE", c, ""},
        std::tuple{"POST", c + "/comments", "message=hi"}}) {
    auto r = f.graph(method, path, "fbtok", form);
    CHECK(r.status() == 400);
    CHECK(r.body()["error"]["code"] == 100);
    CHECK(r.body()["error"]["error_subcode"] == 33);
  }
  CHECK(f.graph("POST", kPage + "/blocked", "fbtok", "user=6789012345678901")
            .body()["error"]["code"] == 200);
  // The comment is still there and still hidden.
  auto node = f.graph("GET", c + "?fields=id,is_hidden");
  REQUIRE(node.status() == 200);
  CHECK(node.body()["is_hidden"] == true);

  page_with(f, json::array({"pages_manage_engagement"}));
  auto feed = f.graph("GET", kPage + "/feed?fields=id");
  CHECK(feed.status() == 403);
  CHECK(feed.body()["error"]["code"] == 10);
  CHECK(f.graph("GET", c + "?fields=id").body()["error"]["error_subcode"] == 33);
}

TEST_CASE("from is omitted without pages_read_user_content") {
  Fixture f;
  page_with(f, json::array({"pages_read_engagement", "pages_manage_engagement"}));
  const auto p = f.post("facebook", kPage, "post");
  const auto c = f.comment("facebook", p, "hello");
  auto node = f.graph("GET", c + "?fields=id,message,from{id,name}");
  REQUIRE(node.status() == 200);
  CHECK_FALSE(node.body().contains("from"));
  CHECK(node.body()["message"] == "hello");
  page_with(f, json::array({"pages_read_engagement", "pages_read_user_content"}));
  CHECK(f.graph("GET", c + "?fields=id,from{id,name}").body()["from"]["id"] == "6789012345678901");
}

TEST_CASE("feed lists own, visitor and tagged posts; published_posts and posts only own") {
  Fixture f;
  f.facebook_page();
  const auto own = post_of(f, "own");
  const auto visitor = post_of(f, "visitor");
  const auto tagged = post_of(f, "tagged");
  auto ids = [&](const std::string& edge) {
    std::set<std::string> out;
    const json body = f.graph("GET", kPage + "/" + edge + "?fields=id").body();
    for (const auto& p : body["data"]) out.insert(p["id"].get<std::string>());
    return out;
  };
  CHECK(ids("feed") == std::set<std::string>{own, visitor, tagged});
  CHECK(ids("published_posts") == std::set<std::string>{own});
  CHECK(ids("posts") == std::set<std::string>{own});
  CHECK(f.control("posts", {{"platform", "facebook"}, {"account_id", kPage}, {"origin", "x"}})
            .status() == 400);
}

TEST_CASE("unknown query parameters are refused on Graph reads") {
  Fixture f;
  f.facebook_page();
  f.post("facebook", kPage, "post");
  CHECK(f.graph("GET", kPage + "/feed?fields=id&limit=5").status() == 200);
  auto r = f.graph("GET", kPage + "/feed?fields=id&tweet.fields=id");
  CHECK(r.status() == 400);
  CHECK(r.body()["error"]["code"] == 100);
  CHECK(r.body()["error"]["message"].get<std::string>().find("tweet.fields") != std::string::npos);
}

TEST_CASE("Instagram: reads need instagram_basic, actions instagram_manage_comments") {
  Fixture f;
  REQUIRE(f.control("accounts", {{"platform", "instagram"},
                                 {"account_id", kIgUser},
                                 {"username", "hallschool"},
                                 {"access_token", "igtok"},
                                 {"permissions", json::array({"instagram_basic"})}})
              .status() == 200);
  const auto m = f.post("instagram", kIgUser, "media");
  const auto c = f.comment("instagram", m, "hello");
  CHECK(f.graph("GET", kIgUser + "/media?fields=id", "igtok").status() == 200);
  auto hide = f.graph("POST", c, "igtok", "hide=true");
  CHECK(hide.status() == 403);
  CHECK(hide.body()["error"]["code"] == 10);
  REQUIRE(f.control("accounts", {{"platform", "instagram"},
                                 {"account_id", kIgUser},
                                 {"access_token", "igtok"},
                                 {"permissions", json::array({"instagram_business_basic"})}})
              .status() == 200);
  CHECK(f.graph("GET", kIgUser + "/media?fields=id", "igtok").status() == 200);
  REQUIRE(f.control("accounts", {{"platform", "instagram"},
                                 {"account_id", kIgUser},
                                 {"access_token", "igtok"},
                                 {"permissions", json::array({"instagram_manage_comments"})}})
              .status() == 200);
  CHECK(f.graph("GET", kIgUser + "/media?fields=id", "igtok").body()["error"]["code"] == 10);
}
