// The X API v2 emulation without sockets.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {
const std::string kFields =
    "tweet.fields=author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets"
    "&expansions=author_id&user.fields=username,name";
}

TEST_CASE("every answer carries Date from the emulator's clock, which the clock control moves") {
  Fixture f;
  f.x_account();
  auto r = f.x("GET", "users/" + kXUser + "/mentions?" + kFields);
  REQUIRE(r.status() == 200);
  CHECK(r.r.header("Date") == "Fri, 20 Mar 2026 09:46:40 GMT");  // kT0
  CHECK(r.r.header("x-rate-limit-reset") == std::to_string(kT0 + 900));
  REQUIRE(f.control("clock", {{"advance_seconds", 870}}).status() == 200);
  auto later = f.x("GET", "users/" + kXUser + "/mentions?" + kFields);
  CHECK(later.r.header("Date") == "Fri, 20 Mar 2026 10:01:10 GMT");          // kT0 + 870
  CHECK(later.r.header("x-rate-limit-reset") == std::to_string(kT0 + 900));  // 30 s after Date
  f.facebook_page();
  CHECK(f.graph("GET", std::string(kPage) + "?fields=id").r.header("Date") ==
        later.r.header("Date"));
}

TEST_CASE("mentions: fields, includes, since_id, next_token, empty result") {
  Fixture f;
  f.x_account();
  auto post = f.post("x", kXUser, "Term dates are out");
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i)
    ids.push_back(f.comment("x", post, "reply " + std::to_string(i), "1234567890"));
  for (size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] > ids[i - 1]);  // monotonic, same length
  CHECK(ids[0].size() <= 19);

  auto r = f.x("GET", "users/" + kXUser + "/mentions?max_results=5&" + kFields);
  REQUIRE(r.status() == 200);
  CHECK(r.r.header("x-rate-limit-limit") == "300");
  CHECK(r.r.header("x-rate-limit-remaining") == "299");
  CHECK(r.r.header("x-rate-limit-reset") == std::to_string(kT0 + 900));
  auto b = r.body();
  REQUIRE(b["data"].size() == 5);
  auto& t = b["data"][0];
  CHECK(t["id"] == ids[6]);
  CHECK(t["author_id"] == "1234567890");
  CHECK(t["conversation_id"] == post);
  CHECK(t["in_reply_to_user_id"] == kXUser);
  CHECK(t["referenced_tweets"] == json::array({{{"type", "replied_to"}, {"id", post}}}));
  CHECK(t["created_at"] == "2026-03-20T09:46:40.000Z");
  CHECK(t["edit_history_tweet_ids"] == json::array({ids[6]}));
  CHECK(b["includes"]["users"][0] ==
        json{{"id", "1234567890"}, {"name", "Jane Parent"}, {"username", "janeparent"}});
  CHECK(b["meta"]["newest_id"] == ids[6]);
  CHECK(b["meta"]["oldest_id"] == ids[2]);
  CHECK(b["meta"]["result_count"] == 5);
  REQUIRE(b["meta"].contains("next_token"));
  auto page2 = f.x("GET", "users/" + kXUser + "/mentions?max_results=5&pagination_token=" +
                              b["meta"]["next_token"].get<std::string>())
                   .body();
  REQUIRE(page2["data"].size() == 2);
  CHECK(page2["data"][1]["id"] == ids[0]);
  CHECK_FALSE(page2["meta"].contains("next_token"));
  // default fields only
  CHECK(page2["data"][0].size() == 3);

  auto since = f.x("GET", "users/" + kXUser + "/mentions?since_id=" + ids[4]).body();
  REQUIRE(since["data"].size() == 2);
  CHECK(since["meta"]["oldest_id"] == ids[5]);
  auto none = f.x("GET", "users/" + kXUser + "/mentions?since_id=" + ids[6]).body();
  CHECK(none == json{{"meta", {{"result_count", 0}}}});
  auto until = f.x("GET", "users/" + kXUser + "/mentions?until_id=" + ids[1]).body();
  CHECK(until["data"].size() == 1);
}

TEST_CASE("parameter validation: max_results ranges, ids, fields, tokens") {
  Fixture f;
  f.x_account();
  auto low = f.x("GET", "users/" + kXUser + "/mentions?max_results=4");
  CHECK(low.status() == 400);
  CHECK(low.r.header("Content-Type") == "application/problem+json");
  CHECK(low.body()["type"] == "https://api.x.com/2/problems/invalid-request");
  CHECK(low.body()["title"] == "Invalid Request");
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?max_results=101").status() == 400);
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?max_results=5").status() == 200);
  CHECK(f.x("GET", "tweets/search/recent?query=hi&max_results=9").status() == 400);
  CHECK(f.x("GET", "tweets/search/recent?query=hi&max_results=10").status() == 200);
  CHECK(f.x("GET", "tweets/search/recent").status() == 400);
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?since_id=abc").status() == 400);
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?tweet.fields=bogus").status() == 400);
  CHECK(f.x("GET", "users/" + kXUser + "/mentions?pagination_token=zzz").status() == 400);
}

TEST_CASE("search by conversation_id and to:username, with edits as new ids") {
  Fixture f;
  f.x_account();
  auto p1 = f.post("x", kXUser, "one");
  auto p2 = f.post("x", kXUser, "two");
  auto a = f.comment("x", p1, "on one", "1");
  auto b = f.comment("x", p2, "on two", "2");
  auto nested = f.comment("x", p1, "deeper", "3", a);
  auto r = f.x("GET", "tweets/search/recent?query=" + percent_encode("conversation_id:" + p1) +
                          "&tweet.fields=in_reply_to_user_id,referenced_tweets,conversation_id")
               .body();
  REQUIRE(r["data"].size() == 3);  // the two replies, and the root (its own conversation)
  CHECK(r["data"][0]["id"] == nested);
  CHECK(r["data"][2]["id"] == p1);
  CHECK(r["data"][0]["in_reply_to_user_id"] == "1");
  CHECK(r["data"][0]["referenced_tweets"][0]["id"] == a);
  auto to = f.x("GET", "tweets/search/recent?query=" + percent_encode("to:hallschool")).body();
  CHECK(to["meta"]["result_count"] == 2);  // a and b (nested replies to user 1)
  (void)b;

  auto newest = r["meta"]["newest_id"].get<std::string>();
  // X edits only a post or a reply to one's own post: user 1 answers their own reply, edits it.
  CHECK(f.control("comments/" + a + "/edit", {{"text", "x"}}).status() == 400);
  auto own = f.comment("x", p1, "on one, again", "1", a);
  auto edit = f.control("comments/" + own + "/edit", {{"text", "on one (edited)"}});
  REQUIRE(edit.status() == 200);
  auto new_id = edit.body()["id"].get<std::string>();
  CHECK(new_id > newest);
  auto after = f.x("GET", "tweets/search/recent?query=" + percent_encode("conversation_id:" + p1) +
                              "&since_id=" + newest)
                   .body();
  REQUIRE(after["data"].size() == 1);
  CHECK(after["data"][0]["id"] == new_id);
  CHECK(after["data"][0]["text"] == "on one (edited)");
  CHECK(after["data"][0]["edit_history_tweet_ids"] == json::array({own, new_id}));
  // Old search windows: tweets older than 7 days are not found
  f.control("clock", {{"advance_seconds", 8 * 24 * 3600}});
  f.x_account();  // a fresh access token
  CHECK(
      f.x("GET", "tweets/search/recent?query=" + percent_encode("conversation_id:" + p1)).body() ==
      json{{"meta", {{"result_count", 0}}}});
}

TEST_CASE("hide replies only in our own conversations; delete only our own Tweets") {
  Fixture f;
  f.x_account();
  f.control("accounts", {{"platform", "x"}, {"account_id", "999"}, {"access_token", "other"}});
  auto ours = f.post("x", kXUser, "ours");
  auto theirs = f.post("x", "999", "theirs");
  auto reply = f.comment("x", ours, "rude", "5");
  auto elsewhere = f.comment("x", theirs, "elsewhere", "5");
  for (int i = 0; i < 2; ++i) {
    auto h = f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})");
    CHECK(h.status() == 200);
    CHECK(h.body() == json{{"data", {{"hidden", true}}}});
  }
  CHECK(f.state()["comments"][0]["hidden"] == true);
  auto forbidden = f.x("PUT", "tweets/" + elsewhere + "/hidden", R"({"hidden":true})");
  CHECK(forbidden.status() == 403);
  CHECK(forbidden.r.header("Content-Type") == "application/problem+json");
  CHECK(forbidden.body()["title"] == "Forbidden");
  CHECK(f.x("PUT", "tweets/" + ours + "/hidden", R"({"hidden":true})").status() == 403);
  CHECK(f.x("PUT", "tweets/" + reply + "/hidden", "not json").status() == 400);
  CHECK(f.x("PUT", "tweets/1/hidden", R"({"hidden":true})").status() == 404);
  CHECK(f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":false})").body()["data"]["hidden"] ==
        false);

  CHECK(f.x("DELETE", "tweets/" + reply).status() == 403);
  auto mine =
      f.x("POST", "tweets",
          json{{"text", "Please be kind"}, {"reply", {{"in_reply_to_tweet_id", reply}}}}.dump());
  REQUIRE(mine.status() == 201);
  auto mine_id = mine.body()["data"]["id"].get<std::string>();
  CHECK(f.state()["posted_replies"][0]["parent_id"] == reply);
  CHECK(f.x("DELETE", "tweets/" + mine_id).body() == json{{"data", {{"deleted", true}}}});
  CHECK(f.x("GET", "tweets/" + mine_id).body()["errors"][0]["title"] == "Not Found Error");
}

TEST_CASE("replies follow the summoned-only rule; mute works; block is Enterprise-only") {
  Fixture f;
  f.x_account();
  f.control("accounts", {{"platform", "x"}, {"account_id", "999"}, {"access_token", "other"}});
  auto theirs = f.post("x", "999", "theirs");
  auto plain = f.comment("x", theirs, "hello world", "5");
  auto summon = f.comment("x", theirs, "@HallSchool what time is pickup?", "5");
  auto denied = f.x("POST", "tweets",
                    json{{"text", "hi"}, {"reply", {{"in_reply_to_tweet_id", plain}}}}.dump());
  CHECK(denied.status() == 403);
  CHECK(f.x("POST", "tweets",
            json{{"text", "3pm"}, {"reply", {{"in_reply_to_tweet_id", summon}}}}.dump())
            .status() == 201);
  CHECK(f.x("POST", "tweets", "{}").status() == 400);

  auto mute = f.x("POST", "users/" + kXUser + "/muting", R"({"target_user_id":"5"})");
  CHECK(mute.body() == json{{"data", {{"muting", true}}}});
  CHECK(f.state()["muted"][0]["user_id"] == "5");
  CHECK(f.x("POST", "users/999/muting", R"({"target_user_id":"5"})").status() == 403);
  CHECK(f.x("DELETE", "users/" + kXUser + "/muting/5").body() ==
        json{{"data", {{"muting", false}}}});
  auto block = f.x("POST", "users/" + kXUser + "/blocking", R"({"target_user_id":"5"})");
  CHECK(block.status() == 403);
  CHECK(block.body()["type"] == "https://api.x.com/2/problems/client-forbidden");
  CHECK(block.body()["reason"] == "client-not-enrolled");
  CHECK(f.state()["blocked"].empty());
}

TEST_CASE("OAuth 2.0 refresh: expiry, rotation, reused refresh token rejected") {
  Fixture f;
  f.x_account();
  CHECK(f.x("GET", "users/me").status() == 200);
  f.control("clock", {{"advance_seconds", 7200}});
  auto expired = f.x("GET", "users/me");
  CHECK(expired.status() == 401);
  CHECK(expired.body() == json{{"title", "Unauthorized"},
                               {"type", "about:blank"},
                               {"status", 401},
                               {"detail", "Unauthorized"}});
  std::map<std::string, std::string> h = {
      {"content-type", "application/x-www-form-urlencoded"},
      {"authorization", "Basic " + base64_encode("cid:csecret")}};
  auto t1 = f.call("POST", "/2/oauth2/token", "grant_type=refresh_token&refresh_token=xrt0", h);
  REQUIRE(t1.status() == 200);
  auto b1 = t1.body();
  CHECK(b1["token_type"] == "bearer");
  CHECK(b1["expires_in"] == 7200);
  CHECK(b1["scope"].get<std::string>().find("tweet.moderate.write") != std::string::npos);
  auto access = b1["access_token"].get<std::string>();
  auto refresh = b1["refresh_token"].get<std::string>();
  CHECK(refresh != "xrt0");
  CHECK(f.x("GET", "users/me", "", access).body()["data"]["username"] == "HallSchool");
  auto reused = f.call("POST", "/2/oauth2/token", "grant_type=refresh_token&refresh_token=xrt0", h);
  CHECK(reused.status() == 400);
  CHECK(reused.body() == json{{"error", "invalid_request"},
                              {"error_description", "Value passed for the token was invalid."}});
  auto wrong_client =
      f.call("POST", "/2/oauth2/token", "grant_type=refresh_token&refresh_token=" + refresh,
             {{"authorization", "Basic " + base64_encode("cid:nope")}});
  CHECK(wrong_client.status() == 401);
  auto t2 =
      f.call("POST", "/2/oauth2/token", "grant_type=refresh_token&refresh_token=" + refresh, h);
  CHECK(t2.status() == 200);
  CHECK(f.state()["tokens"]["spent_refresh"].size() == 2);
  f.control("clock", {{"advance_seconds", 7200}});
  CHECK(f.x("GET", "users/me", "", access).status() == 401);
}

TEST_CASE("per-endpoint user budgets: remaining counts down, then 429 until the window resets") {
  Fixture f;
  f.x_account();
  auto post = f.post("x", kXUser, "p");
  auto reply = f.comment("x", post, "r", "5");
  for (int i = 1; i <= 50; ++i) {
    auto r = f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})");
    REQUIRE(r.status() == 200);
    CHECK(r.r.header("x-rate-limit-remaining") == std::to_string(50 - i));
  }
  auto limited = f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})");
  CHECK(limited.status() == 429);
  CHECK(limited.body() == json{{"title", "Too Many Requests"},
                               {"detail", "Too Many Requests"},
                               {"type", "about:blank"},
                               {"status", 429}});
  CHECK(limited.r.header("x-rate-limit-limit") == "50");
  CHECK(limited.r.header("x-rate-limit-remaining") == "0");
  CHECK(limited.r.header("x-rate-limit-reset") == std::to_string(kT0 + 900));
  // other endpoints have their own budgets
  CHECK(f.x("GET", "users/" + kXUser + "/mentions").status() == 200);
  f.control("clock", {{"advance_seconds", 900}});
  CHECK(f.x("PUT", "tweets/" + reply + "/hidden", R"({"hidden":true})").status() == 200);
}
