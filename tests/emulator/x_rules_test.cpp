// The stricter X emulation of issue 13: unknown query parameters refused, the two field-name
// spellings (OpenAPI v2.166 / v2.167), X's edit rules, plan limits and per-token scopes.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {
void account(Fixture& f, json extra = json::object()) {
  json b = {{"platform", "x"},          {"account_id", kXUser},      {"name", "Hall School"},
            {"username", "HallSchool"}, {"access_token", "xtok"},    {"refresh_token", "xrt0"},
            {"client_id", "cid"},       {"client_secret", "csecret"}};
  b.update(extra);
  REQUIRE(f.control("accounts", b).status() == 200);
}
}  // namespace

TEST_CASE("an unknown query parameter is a 400 invalid-request problem naming it") {
  Fixture f;
  account(f);
  auto r = f.x("GET", "users/" + kXUser + "/mentions?max_results=5&sinceid=1");
  REQUIRE(r.status() == 400);
  CHECK(r.r.header("Content-Type") == "application/problem+json");
  CHECK(r.body()["type"] == "https://api.x.com/2/problems/invalid-request");
  CHECK(r.body()["errors"][0]["parameters"].contains("sinceid"));
  CHECK(r.body()["errors"][0]["message"].get<std::string>().find("[sinceid] is not one of") !=
        std::string::npos);
  CHECK(f.x("PUT", "tweets/1/hidden?hidden=true", R"({"hidden":true})").status() == 400);
  CHECK(f.x("GET", "users/me?user.fields=username").status() == 200);
  CHECK(f.x("GET", "tweets?ids=1&tweet.fields=author_id&expansions=author_id").status() == 200);
}

TEST_CASE("v2.167 spelling: post.fields, expansions for the author and references, posts") {
  Fixture f;
  account(f, {{"x_field_names", "post"}});
  auto post = f.post("x", kXUser, "Term dates");
  auto reply = f.comment("x", post, "@HallSchool thanks", "1234567890");
  // The legacy parameter is unknown to a v2.167-only API, and author_id is no post.fields value.
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?tweet.fields=conversation_id").status() == 400);
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?post.fields=author_id").status() == 400);
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?expansions=referenced_tweets.id").status() ==
        400);
  auto r = f.x("GET", "users/" + kXUser +
                          "/mentions?post.fields=conversation_id,created_at"
                          "&expansions=author_id,in_reply_to_user_id,referenced_posts");
  REQUIRE(r.status() == 200);
  const json t = r.body()["data"][0];
  CHECK(t["id"] == reply);
  CHECK(t["author_id"] == "1234567890");
  CHECK(t["in_reply_to_user_id"] == kXUser);
  CHECK(t["referenced_posts"] == json::array({{{"type", "replied_to"}, {"id", post}}}));
  CHECK(t["edit_history_post_ids"] == json::array({reply}));
  CHECK_FALSE(t.contains("edit_history_tweet_ids"));
  CHECK(r.body()["includes"]["posts"][0]["id"] == post);

  Fixture legacy;
  account(legacy, {{"x_field_names", "tweet"}});
  CHECK(legacy.x("GET", "users/" + kXUser + "/mentions?post.fields=conversation_id").status() ==
        400);
  // The default accepts both, and answers in the spelling asked for.
  Fixture both;
  account(both);
  auto p2 = both.post("x", kXUser, "x");
  both.comment("x", p2, "y", "5");
  CHECK(both.x("GET", "users/" + kXUser + "/mentions?tweet.fields=referenced_tweets")
            .body()["data"][0]
            .contains("referenced_tweets"));
  CHECK(both.x("GET", "users/" + kXUser + "/mentions?post.fields=id&expansions=referenced_posts")
            .body()["data"][0]
            .contains("referenced_posts"));
}

TEST_CASE("edits: 30 minutes, at most 5, never a reply to someone else's post") {
  Fixture f;
  account(f);
  auto post = f.post("x", kXUser, "ours");
  auto to_us = f.comment("x", post, "rude", "5");
  auto r = f.control("comments/" + to_us + "/edit", {{"text", "ruder"}});
  CHECK(r.status() == 400);
  CHECK(r.body()["error"].get<std::string>().find("someone else") != std::string::npos);
  auto own = f.comment("x", post, "and another thing", "5", to_us);  // replying to themselves
  for (int i = 0; i < 5; ++i)
    REQUIRE(f.control("comments/" + own + "/edit", {{"text", "v" + std::to_string(i)}}).status() ==
            200);
  CHECK(f.control("comments/" + own + "/edit", {{"text", "v6"}}).body()["error"] ==
        "X allows at most 5 edits of a post");
  auto late = f.comment("x", post, "later", "5", to_us);
  f.control("clock", {{"advance_seconds", 30 * 60 + 1}});
  CHECK(f.control("comments/" + late + "/edit", {{"text", "too late"}}).body()["error"] ==
        "X allows edits only within 30 minutes of posting");
}

TEST_CASE("legacy Basic: mentions 10 and hides 5 per 15 minutes") {
  Fixture f;
  account(f, {{"x_plan", "basic"}});
  auto post = f.post("x", kXUser, "ours");
  auto reply = f.comment("x", post, "rude", "5");
  for (int i = 0; i < 10; ++i) {
    auto r = f.x("GET", "users/" + kXUser + "/mentions");
    REQUIRE(r.status() == 200);
    CHECK(r.r.header("x-rate-limit-limit") == "10");
    CHECK(r.r.header("x-rate-limit-remaining") == std::to_string(9 - i));
  }
  CHECK(f.x("GET", "users/" + kXUser + "/mentions").status() == 429);
  for (int i = 0; i < 5; ++i)
    CHECK(f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})").status() == 200);
  CHECK(f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})").status() == 429);
  f.control("clock", {{"advance_seconds", 900}});
  account(f, {{"x_plan", "basic"}});  // a fresh access token
  CHECK(f.x("GET", "users/" + kXUser + "/mentions").status() == 200);
  CHECK(
      f.control("accounts",
                {{"platform", "x"}, {"account_id", "1"}, {"access_token", "t"}, {"x_plan", "free"}})
          .status() == 400);
}

TEST_CASE("scopes: each token carries its account's, each endpoint needs its own") {
  Fixture f;
  account(f, {{"scopes", {"tweet.read", "users.read", "offline.access"}}});
  auto post = f.post("x", kXUser, "ours");
  auto reply = f.comment("x", post, "rude", "5");
  CHECK(f.x("GET", "users/" + kXUser + "/mentions").status() == 200);
  auto hide = f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})");
  CHECK(hide.status() == 403);
  CHECK(hide.body()["detail"].get<std::string>().find("tweet.moderate.write") != std::string::npos);
  CHECK_FALSE(f.state()["comments"][0]["hidden"].get<bool>());
  // A refreshed token carries the same scopes, and says so.
  auto token = f.call("POST", "/2/oauth2/token", "grant_type=refresh_token&refresh_token=xrt0",
                      {{"content-type", "application/x-www-form-urlencoded"},
                       {"authorization", "Basic Y2lkOmNzZWNyZXQ="}});  // cid:csecret
  REQUIRE(token.status() == 200);
  CHECK(token.body()["scope"] == "offline.access tweet.read users.read");
  const std::string fresh = token.body()["access_token"];
  CHECK(f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})", fresh).status() == 403);
  // Without "scopes" an account grants everything the product needs.
  Fixture full;
  account(full);
  auto p = full.post("x", kXUser, "ours");
  auto c = full.comment("x", p, "rude", "5");
  CHECK(full.x("PUT", "tweets/" + c + "/hidden", R"({"hidden":true})").status() == 200);
}
