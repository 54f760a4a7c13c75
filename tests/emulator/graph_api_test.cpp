// The Graph API emulation (Facebook Pages, Instagram) without sockets.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

TEST_CASE("published_posts pages with cursors and no next on the last page") {
  Fixture f;
  f.facebook_page();
  for (int i = 0; i < 5; ++i) f.post("facebook", kPage, "post " + std::to_string(i), kT0 + i);
  auto r = f.graph("GET", kPage + "/published_posts?limit=2&fields=id,message,created_time");
  REQUIRE(r.status() == 200);
  auto b = r.body();
  REQUIRE(b["data"].size() == 2);
  CHECK(b["data"][0]["message"] == "post 4");  // newest first
  CHECK(b["data"][0]["created_time"] == "2026-03-20T09:46:44+0000");
  CHECK(b["data"][0]["id"].get<std::string>().rfind(kPage + "_", 0) == 0);
  CHECK(b["paging"]["cursors"].contains("before"));
  CHECK(b["paging"]["cursors"].contains("after"));
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    for (auto& p : b["data"]) seen.push_back(p["message"]);
    ++pages;
    if (!b["paging"].contains("next")) break;
    REQUIRE(pages < 10);
    auto next = Fixture::target_of(b["paging"]["next"].get<std::string>());
    CHECK(next.find("access_token=fbtok") != std::string::npos);
    b = f.call("GET", next).body();
  }
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"post 4", "post 3", "post 2", "post 1", "post 0"});
  // previous on later pages, and before walks back
  CHECK(b["paging"].contains("previous"));
  auto prev = f.call("GET", Fixture::target_of(b["paging"]["previous"])).body();
  CHECK(prev["data"][0]["message"] == "post 2");
}

TEST_CASE("nested comments: filter, order, limit, summary, cursor paging of the edge") {
  Fixture f;
  f.facebook_page();
  auto post = f.post("facebook", kPage, "Sports day");
  auto c1 = f.comment("facebook", post, "first", "111", std::nullopt, kT0 + 1);
  auto c2 = f.comment("facebook", post, "second", "222", std::nullopt, kT0 + 2);
  auto r1 = f.comment("facebook", post, "reply", "333", c1, kT0 + 3);
  CHECK(c1.rfind(post.substr(post.find('_') + 1) + "_", 0) == 0);  // {post_obj_id}_{id}

  std::string fields =
      "id,comments.filter(stream).order(reverse_chronological).limit(2).summary(true)"
      "{id,message,created_time,from{id,name},parent{id},is_hidden,can_hide,can_remove,"
      "permalink_url}";
  auto b = f.graph("GET", kPage + "/published_posts?fields=" + percent_encode(fields)).body();
  auto& comments = b["data"][0]["comments"];
  REQUIRE(comments["data"].size() == 2);
  CHECK(comments["data"][0]["id"] == r1);
  CHECK(comments["data"][0]["parent"]["id"] == c1);
  CHECK(comments["data"][0]["from"] == json{{"id", "333"}, {"name", "Jane Parent"}});
  CHECK(comments["data"][0]["is_hidden"] == false);
  CHECK(comments["data"][1]["id"] == c2);
  CHECK_FALSE(comments["data"][1].contains("parent"));
  CHECK(comments["summary"]["total_count"] == 3);
  CHECK(comments["summary"]["order"] == "reverse_chronological");
  REQUIRE(comments["paging"].contains("next"));
  auto next = f.call("GET", Fixture::target_of(comments["paging"]["next"])).body();
  REQUIRE(next["data"].size() == 1);
  CHECK(next["data"][0]["id"] == c1);
  CHECK(next["data"][0]["from"]["name"] == "Jane Parent");
  CHECK_FALSE(next["paging"].contains("next"));

  // toplevel (the default) leaves replies out; chronological order
  auto top = f.graph("GET", post + "/comments?order=chronological").body();
  REQUIRE(top["data"].size() == 2);
  CHECK(top["data"][0]["id"] == c1);
  CHECK(top["data"][0].contains("message"));  // default fields
  CHECK(top["data"][0].contains("created_time"));
  // replies of a comment
  auto replies = f.graph("GET", c1 + "/comments").body();
  REQUIRE(replies["data"].size() == 1);
  CHECK(replies["data"][0]["id"] == r1);
  // single comment node
  auto one = f.graph("GET", r1 + "?fields=id,message,parent{id}").body();
  CHECK(one == json{{"id", r1}, {"message", "reply"}, {"parent", {{"id", c1}}}});
}

TEST_CASE("fields syntax errors and unknown fields are (#100) errors") {
  Fixture f;
  f.facebook_page();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "x");
  auto bad = f.graph("GET", post + "/comments?fields=" + percent_encode("id,from{id"));
  CHECK(bad.status() == 400);
  CHECK(bad.body()["error"]["code"] == 100);
  CHECK(bad.body()["error"]["type"] == "OAuthException");
  CHECK(bad.body()["error"].contains("fbtrace_id"));
  auto unknown = f.graph("GET", c + "?fields=id,bogus");
  CHECK(unknown.status() == 400);
  CHECK(unknown.body()["error"]["message"] ==
        "(#100) Tried accessing nonexisting field (bogus) on node type (Comment)");
  CHECK(f.graph("GET", post + "/comments?limit=abc").status() == 400);
  CHECK(f.graph("GET", post + "/comments?after=notacursor").status() == 400);
  CHECK(f.graph("GET", post + "/comments?filter=weird").status() == 400);
}

TEST_CASE("hide and unhide are idempotent and read back") {
  Fixture f;
  f.facebook_page();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "rude");
  for (int i = 0; i < 2; ++i) {
    auto r = f.graph("POST", c, "fbtok", "is_hidden=true");
    CHECK(r.status() == 200);
    CHECK(r.body() == json{{"success", true}});
  }
  CHECK(f.graph("GET", c + "?fields=is_hidden").body()["is_hidden"] == true);
  CHECK(f.state()["comments"][0]["hidden"] == true);
  // query-string form works too, and a JSON body
  CHECK(f.graph("POST", c + "?is_hidden=false").body() == json{{"success", true}});
  CHECK(f.call("POST", "/v25.0/" + c, R"({"is_hidden":true})",
               {{"content-type", "application/json"}, {"authorization", "Bearer fbtok"}})
            .body() == json{{"success", true}});
  CHECK(f.graph("GET", c + "?fields=is_hidden").body()["is_hidden"] == true);
  f.graph("POST", c + "?is_hidden=false");
  CHECK(f.graph("GET", c + "?fields=is_hidden").body()["is_hidden"] == false);
}

TEST_CASE("delete, then every GET/POST/DELETE on the comment is error 100/33") {
  Fixture f;
  f.facebook_page();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "bad");
  auto reply = f.comment("facebook", post, "reply", "42", c);
  auto del = f.graph("DELETE", c);
  CHECK(del.status() == 200);
  CHECK(del.body() == json{{"success", true}});
  for (std::string m : {"GET", "POST", "DELETE"}) {
    auto r = f.graph(m, c, "fbtok", m == "POST" ? "is_hidden=true" : "");
    CHECK(r.status() == 400);
    auto e = r.body()["error"];
    CHECK(e["code"] == 100);
    CHECK(e["error_subcode"] == 33);
    CHECK(e["type"] == "GraphMethodException");
    CHECK(e["message"].get<std::string>().find("Object with ID '" + c + "' does not exist") !=
          std::string::npos);
  }
  CHECK(f.graph("GET", reply).body()["error"]["error_subcode"] == 33);  // its replies go too
  auto st = f.state();
  CHECK(st["comments"][0]["deleted"] == true);
  CHECK(f.graph("GET", post + "/comments").body()["data"].empty());
}

TEST_CASE("reply as the Page and block the commenter") {
  Fixture f;
  f.facebook_page();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "hi", "555");
  auto r = f.graph("POST", c + "/comments", "fbtok", "message=" + percent_encode("Thanks, Jane"));
  REQUIRE(r.status() == 200);
  auto id = r.body()["id"].get<std::string>();
  CHECK(id.rfind(post.substr(post.find('_') + 1) + "_", 0) == 0);
  auto st = f.state();
  CHECK(st["posted_replies"][0] ==
        json{{"platform", "facebook"}, {"parent_id", c}, {"text", "Thanks, Jane"}, {"id", id}});
  CHECK(st["comments"][0]["replies"][0]["text"] == "Thanks, Jane");
  CHECK(f.graph("POST", c + "/comments", "fbtok", "message=").status() == 400);

  auto b = f.graph("POST", kPage + "/blocked", "fbtok", "user=555");
  CHECK(b.body() == json{{"555", true}});
  CHECK(f.state()["blocked"] ==
        json::array({{{"platform", "facebook"}, {"account_id", kPage}, {"user_id", "555"}}}));
  auto listed = f.graph("GET", kPage + "/blocked").body();
  CHECK(listed["data"][0]["id"] == "555");
  CHECK(f.graph("DELETE", kPage + "/blocked", "fbtok", "user=555").body() ==
        json{{"success", true}});
  CHECK(f.state()["blocked"].empty());
}

TEST_CASE("batch requests return stringified bodies in order, at most 50") {
  Fixture f;
  f.facebook_page();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "x");
  json batch = json::array({{{"method", "GET"}, {"relative_url", c + "?fields=id,message"}},
                            {{"method", "POST"}, {"relative_url", c}, {"body", "is_hidden=true"}},
                            {{"method", "GET"}, {"relative_url", "v25.0/999_1"}}});
  auto r =
      f.call("POST", "/v25.0/", "batch=" + percent_encode(batch.dump()) + "&access_token=fbtok",
             {{"content-type", "application/x-www-form-urlencoded"}});
  REQUIRE(r.status() == 200);
  auto b = r.body();
  REQUIRE(b.size() == 3);
  CHECK(b[0]["code"] == 200);
  CHECK(json::parse(b[0]["body"].get<std::string>()) == json{{"id", c}, {"message", "x"}});
  CHECK(b[0]["headers"].is_array());
  CHECK(json::parse(b[1]["body"].get<std::string>()) == json{{"success", true}});
  CHECK(b[2]["code"] == 400);
  CHECK(json::parse(b[2]["body"].get<std::string>())["error"]["error_subcode"] == 33);
  CHECK(f.state()["comments"][0]["hidden"] == true);
  auto calls = f.state()["calls"];
  CHECK(std::count_if(calls.begin(), calls.end(),
                      [](const json& c) { return c["batched"] == true; }) == 3);

  json big = json::array();
  for (int i = 0; i < 51; ++i) big.push_back({{"method", "GET"}, {"relative_url", c}});
  auto tooMany =
      f.call("POST", "/v25.0/", "batch=" + percent_encode(big.dump()) + "&access_token=fbtok",
             {{"content-type", "application/x-www-form-urlencoded"}});
  CHECK(tooMany.status() == 400);
  CHECK(tooMany.body()["error"]["code"] == 100);
  CHECK(f.call("POST", "/v25.0/", "batch=notjson&access_token=fbtok", {}).status() == 400);
}

TEST_CASE("tokens: Bearer header, unknown token 190, expired token 190/463 with WWW-Authenticate") {
  Fixture f;
  REQUIRE(f.control("accounts", {{"platform", "facebook"},
                                 {"account_id", kPage},
                                 {"access_token", "short"},
                                 {"expires_in", 3600}})
              .status() == 200);
  CHECK(
      f.call("GET", "/v25.0/" + kPage + "/published_posts", "", {{"authorization", "Bearer short"}})
          .status() == 200);
  auto unknown = f.graph("GET", kPage + "/published_posts", "nope");
  CHECK(unknown.status() == 400);
  CHECK(unknown.body()["error"]["code"] == 190);
  CHECK(unknown.r.header("WWW-Authenticate").has_value());
  f.control("clock", {{"advance_seconds", 3600}});
  auto expired = f.graph("GET", kPage + "/published_posts", "short");
  CHECK(expired.status() == 400);
  CHECK(expired.body()["error"]["code"] == 190);
  CHECK(expired.body()["error"]["error_subcode"] == 463);
  CHECK(expired.body()["error"]["type"] == "OAuthException");
  CHECK(expired.r.header("WWW-Authenticate")
            ->rfind("OAuth \"Facebook Platform\" \"invalid_token\"", 0) == 0);
  // Another Page's objects are invisible: 100/33
  f.control("accounts",
            {{"platform", "facebook"}, {"account_id", "777"}, {"access_token", "other"}});
  auto p = f.post("facebook", kPage, "not theirs");
  auto hidden = f.graph("GET", p, "other").body()["error"];
  CHECK(hidden["code"] == 100);
  CHECK(hidden["error_subcode"] == 33);
}

TEST_CASE("Business Use Case usage headers and throttling with 80001") {
  Fixture f;
  REQUIRE(f.control("accounts", {{"platform", "facebook"},
                                 {"account_id", kPage},
                                 {"access_token", "fbtok"},
                                 {"call_budget", 4}})
              .status() == 200);
  for (int i = 1; i <= 4; ++i) {
    auto r = f.graph("GET", kPage + "/published_posts");
    REQUIRE(r.status() == 200);
    auto usage = json::parse(*r.r.header("X-Business-Use-Case-Usage"));
    CHECK(usage[kPage][0]["type"] == "pages");
    CHECK(usage[kPage][0]["call_count"] == i * 25);
    CHECK(usage[kPage][0]["estimated_time_to_regain_access"] == 0);
    CHECK(json::parse(*r.r.header("X-App-Usage")).contains("call_count"));
  }
  auto r = f.graph("GET", kPage + "/published_posts");
  CHECK(r.status() == 400);
  CHECK(r.body()["error"]["code"] == 80001);
  auto usage = json::parse(*r.r.header("X-Business-Use-Case-Usage"));
  CHECK(usage[kPage][0]["call_count"] == 100);
  CHECK(usage[kPage][0]["estimated_time_to_regain_access"] == 24 * 60);
  f.control("clock", {{"advance_seconds", 24 * 3600}});
  CHECK(f.graph("GET", kPage + "/published_posts").status() == 200);
}

TEST_CASE("Instagram: media, comments with nested replies, hide, reply rules, delete") {
  Fixture f;
  f.instagram_user();
  auto media = f.post("instagram", kIgUser, "Our new library", kT0);
  CHECK(media.size() == 17);
  auto c = f.comment("instagram", media, "I love this!", "848067418322071", std::nullopt, kT0 + 10);
  auto r = f.comment("instagram", media, "me too", "999", c, kT0 + 20);
  auto m = f.graph("GET", kIgUser + "/media?fields=id,caption,comments_count,permalink,timestamp",
                   "igtok");
  REQUIRE(m.status() == 200);
  auto mb = m.body();
  CHECK(mb["data"][0]["id"] == media);
  CHECK(mb["data"][0]["caption"] == "Our new library");
  CHECK(mb["data"][0]["comments_count"] == 2);
  CHECK(mb["data"][0]["timestamp"] == "2026-03-20T09:46:40+0000");
  CHECK(json::parse(*m.r.header("X-Business-Use-Case-Usage"))[kIgUser][0]["type"] == "instagram");

  std::string fields =
      "id,text,username,timestamp,hidden,like_count,from{id,username},parent_id,"
      "replies{id,text,username,timestamp,hidden,from,parent_id}";
  auto cb = f.graph("GET", media + "/comments?fields=" + percent_encode(fields), "igtok").body();
  REQUIRE(cb["data"].size() == 1);  // top-level only
  CHECK(cb["data"][0]["id"] == c);
  CHECK(cb["data"][0]["username"] == "janeparent");
  CHECK(cb["data"][0]["from"]["id"] == "848067418322071");
  CHECK_FALSE(cb["data"][0].contains("parent_id"));
  CHECK(cb["data"][0]["replies"]["data"][0]["id"] == r);
  CHECK(cb["data"][0]["replies"]["data"][0]["parent_id"] == c);
  auto def = f.graph("GET", media + "/comments", "igtok").body();
  CHECK(def["data"][0].size() == 3);  // default fields: timestamp, text, id
  CHECK(f.graph("GET", c + "/replies", "igtok").body()["data"][0]["id"] == r);

  CHECK(f.graph("POST", r + "/replies?message=hello", "igtok").status() == 400);  // reply-to-reply
  CHECK(f.graph("POST", c + "?hide=true", "igtok").body() == json{{"success", true}});
  CHECK(f.graph("POST", c + "?hide=true", "igtok").body() == json{{"success", true}});
  CHECK(f.graph("GET", c + "?fields=hidden", "igtok").body()["hidden"] == true);
  auto hidden_reply = f.graph("POST", c + "/replies?message=hello", "igtok");
  CHECK(hidden_reply.status() == 400);
  CHECK(hidden_reply.body()["error"]["code"] == 100);
  f.graph("POST", c + "?hide=false", "igtok");
  auto ok = f.graph("POST", c + "/replies?message=hello", "igtok");
  REQUIRE(ok.status() == 200);
  CHECK(ok.body()["id"].get<std::string>().size() == 17);
  CHECK(f.graph("POST", kIgUser + "/moderate_conversations", "igtok").status() == 400);
  CHECK(f.graph("DELETE", c, "igtok").body() == json{{"success", true}});
  CHECK(f.graph("GET", c, "igtok").body()["error"]["error_subcode"] == 33);
  CHECK(f.graph("GET", media + "?fields=comments_count", "igtok").body()["comments_count"] == 0);
}

TEST_CASE("state reads: a comment's hidden flag only when asked for, by its platform's name") {
  Fixture f;
  f.facebook_page();
  f.instagram_user();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "rude");
  f.graph("POST", c, "fbtok", "is_hidden=true");
  CHECK_FALSE(f.graph("GET", c).body().contains("is_hidden"));  // never served unasked
  auto node = f.graph("GET", c + "?fields=" + percent_encode("id,is_hidden,parent{id}")).body();
  CHECK(node == json{{"id", c}, {"is_hidden", true}});
  // Instagram's name on a Facebook comment is an unknown field, as on Graph.
  CHECK(f.graph("GET", c + "?fields=hidden").body()["error"]["code"] == 100);

  auto media = f.post("instagram", kIgUser, "m");
  auto ig = f.comment("instagram", media, "rude");
  f.graph("POST", ig + "?hide=true", "igtok");
  CHECK_FALSE(f.graph("GET", ig, "igtok").body().contains("hidden"));
  CHECK(f.graph("GET", ig + "?fields=" + percent_encode("id,hidden,parent_id"), "igtok").body() ==
        json{{"id", ig}, {"hidden", true}});
  CHECK(f.graph("GET", ig + "?fields=is_hidden", "igtok").body()["error"]["code"] == 100);

  // The Page's own reply is listed from the Page, newest first, and every read is logged.
  f.graph("POST", c + "/comments", "fbtok", "message=" + percent_encode("Please call us"));
  auto replies = f.graph("GET", c + "/comments?order=reverse_chronological&fields=" +
                                    percent_encode("id,from{id},message,created_time"))
                     .body();
  CHECK(replies["data"][0]["from"]["id"] == kPage);
  CHECK(replies["data"][0]["message"] == "Please call us");
  int reads = 0;
  const json st = f.state();  // kept alive for the loop
  for (const auto& call : st["calls"])
    reads +=
        call["method"] == "GET" && call["path"].get<std::string>().find(c) != std::string::npos;
  CHECK(reads == 4);  // the node three times, its replies once
}
