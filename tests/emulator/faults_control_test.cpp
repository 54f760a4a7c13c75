// Scripted faults, the control API and the state dump, without sockets.
#include <doctest/doctest.h>

#include "emulator/field_spec.hpp"
#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {
struct Setup : Fixture {
  std::string fb_post, fb_comment, x_post, x_reply;
  Setup() {
    facebook_page();
    x_account();
    fb_post = post("facebook", kPage, "p");
    fb_comment = comment("facebook", fb_post, "c");
    x_post = post("x", kXUser, "p");
    x_reply = comment("x", x_post, "r", "5");
  }
  Reply fault(const json& spec) { return control("faults", spec); }
  Reply fb_list() { return graph("GET", fb_post + "/comments"); }
  Reply x_list() { return x("GET", "users/" + kXUser + "/mentions"); }
};
}  // namespace

TEST_CASE("rate_limit fault: Graph 80001/80002 with full usage; X 429 with x-rate-limit headers") {
  Setup s;
  s.instagram_user();
  auto media = s.post("instagram", kIgUser, "m");
  s.fault({{"platform", "facebook"}, {"kind", "rate_limit"}, {"count", 2}, {"regain_minutes", 7}});
  s.fault({{"platform", "instagram"}, {"kind", "rate_limit"}});
  s.fault({{"platform", "x"}, {"kind", "rate_limit"}});
  for (int i = 0; i < 2; ++i) {
    auto r = s.fb_list();
    CHECK(r.status() == 400);
    CHECK(r.body()["error"]["code"] == 80001);
    auto usage = json::parse(*r.r.header("X-Business-Use-Case-Usage"));
    CHECK(usage[kPage][0]["call_count"] == 100);
    CHECK(usage[kPage][0]["estimated_time_to_regain_access"] == 7);
  }
  CHECK(s.fb_list().status() == 200);  // count exhausted
  auto ig = s.graph("GET", media + "/comments", "igtok");
  CHECK(ig.body()["error"]["code"] == 80002);
  CHECK(json::parse(*ig.r.header("X-Business-Use-Case-Usage"))[kIgUser][0]["type"] == "instagram");
  auto x = s.x_list();
  CHECK(x.status() == 429);
  CHECK(x.r.header("x-rate-limit-remaining") == "0");
  CHECK(x.r.header("x-rate-limit-limit") == "300");
  CHECK(x.r.header("x-rate-limit-reset").has_value());
  CHECK(x.body()["title"] == "Too Many Requests");
  CHECK(s.x_list().status() == 200);
}

TEST_CASE("action_blocked fault: Graph refuses one action (368, 4/2207051); reads go on") {
  Setup s;
  s.instagram_user();
  auto media = s.post("instagram", kIgUser, "m");
  auto ig_comment = s.comment("instagram", media, "c");
  s.fault({{"platform", "facebook"}, {"kind", "action_blocked"}, {"match", "is_hidden"}});
  s.fault({{"platform", "instagram"}, {"kind", "action_blocked"}, {"match", "hide="}});
  CHECK(s.fb_list().status() == 200);  // not matched: served
  auto fb = s.graph("POST", s.fb_comment + "?is_hidden=true");
  CHECK(fb.status() == 400);
  CHECK(fb.body()["error"]["code"] == 368);
  CHECK_FALSE(fb.r.header("X-Business-Use-Case-Usage"));
  auto ig = s.graph("POST", ig_comment + "?hide=true", "igtok");
  CHECK(ig.status() == 400);
  CHECK(ig.body()["error"]["code"] == 4);
  CHECK(ig.body()["error"]["error_subcode"] == 2207051);
  // Answered instead of the API: nothing was hidden. The next hide goes through.
  CHECK(s.graph("POST", s.fb_comment + "?is_hidden=true").body()["success"] == true);
  // A Graph fault: refused for X.
  CHECK(s.fault({{"platform", "x"}, {"kind", "action_blocked"}}).status() == 400);
}

TEST_CASE("permission_denied fault: refused for good (Graph #10, X 403), nothing changes") {
  Setup s;
  s.fault({{"platform", "facebook"}, {"kind", "permission_denied"}, {"match", "is_hidden"}});
  s.fault({{"platform", "x"}, {"kind", "permission_denied"}, {"match", "/hidden"}});
  CHECK(s.fb_list().status() == 200);  // not matched: served
  auto fb = s.graph("POST", s.fb_comment + "?is_hidden=true");
  CHECK(fb.status() == 403);
  CHECK(fb.body()["error"]["code"] == 10);
  CHECK(fb.body()["error"]["message"].get<std::string>().find("permission") != std::string::npos);
  for (const auto& c : s.state()["comments"]) CHECK(c["hidden"] == false);
  auto x = s.x("PUT", "tweets/" + s.x_reply + "/hidden", R"({"hidden":true})");
  CHECK(x.status() == 403);
  CHECK(x.body()["title"] == "Forbidden");
}

TEST_CASE("server_error, expired_token faults and the match filter") {
  Setup s;
  s.fault({{"platform", "facebook"}, {"kind", "server_error"}, {"match", "/blocked"}});
  CHECK(s.fb_list().status() == 200);  // does not match
  auto blocked = s.graph("GET", kPage + "/blocked");
  CHECK(blocked.status() == 500);
  CHECK(blocked.body()["error"]["is_transient"] == true);
  s.fault({{"platform", "x"}, {"kind", "server_error"}});
  CHECK(s.x_list().status() == 503);
  s.fault({{"platform", "facebook"}, {"kind", "expired_token"}});
  auto fb = s.fb_list();
  CHECK(fb.body()["error"]["code"] == 190);
  CHECK(fb.body()["error"]["error_subcode"] == 463);
  CHECK(fb.r.header("WWW-Authenticate").has_value());
  s.fault({{"platform", "x"}, {"kind", "expired_token"}});
  CHECK(s.x_list().status() == 401);
  CHECK(s.fb_list().status() == 200);
  CHECK(s.x_list().status() == 200);
  // match also looks at the query string
  s.fault({{"platform", "x"}, {"kind", "server_error"}, {"match", "since_id="}});
  CHECK(s.x_list().status() == 200);
  CHECK(s.x("GET", "users/" + kXUser + "/mentions?since_id=1").status() == 503);
}

TEST_CASE("slow and hang faults are left to the server; broken bodies do not parse") {
  Setup s;
  s.fault({{"platform", "facebook"}, {"kind", "slow"}, {"delay_ms", 250}});
  auto slow = s.fb_list();
  CHECK(slow.status() == 200);
  CHECK(slow.r.delay_ms == 250);
  CHECK(json::parse(slow.r.body)["data"].size() == 1);
  s.fault({{"platform", "x"}, {"kind", "hang"}});
  CHECK(s.x_list().r.hang);
  for (std::string kind : {"malformed_json", "truncated_json"}) {
    s.fault({{"platform", "x"}, {"kind", kind}});
    auto r = s.x_list();
    CHECK(r.status() == 200);
    CHECK(json::parse(r.r.body, nullptr, false).is_discarded());
    s.fault({{"platform", "facebook"}, {"kind", kind}});
    auto g = s.fb_list();
    CHECK(g.status() == 200);
    CHECK(json::parse(g.r.body, nullptr, false).is_discarded());
  }
  CHECK(s.state()["faults"].empty());
}

TEST_CASE("partial_errors: X answers 200 with data and errors[]") {
  Setup s;
  s.fault({{"platform", "x"}, {"kind", "partial_errors"}});
  auto r = s.x_list();
  CHECK(r.status() == 200);
  auto b = r.body();
  CHECK(b["data"][0]["id"] == s.x_reply);
  CHECK(b["errors"][0]["type"] == "https://api.x.com/2/problems/resource-not-found");
  CHECK(b["errors"][0]["title"] == "Not Found Error");
}

TEST_CASE("state dump: comments with nested replies, calls with status, tokens") {
  Setup s;
  auto reply = s.comment("facebook", s.fb_post, "nested", "77", s.fb_comment);
  s.graph("POST", s.fb_comment, "fbtok", "is_hidden=true");
  s.graph("GET", "nope");
  auto st = s.state();
  json fb_top;
  for (auto& c : st["comments"])
    if (c["id"] == s.fb_comment) fb_top = c;
  REQUIRE(fb_top.is_object());
  CHECK(fb_top["platform"] == "facebook");
  CHECK(fb_top["post_id"] == s.fb_post);
  CHECK(fb_top["author_id"] == "6789012345678901");
  CHECK(fb_top["hidden"] == true);
  CHECK(fb_top["deleted"] == false);
  CHECK(fb_top["replies"][0]["id"] == reply);
  auto& calls = st["calls"];
  REQUIRE(calls.size() == 2);
  CHECK(calls[0] == json{{"platform", "facebook"},
                         {"method", "POST"},
                         {"path", "/v25.0/" + s.fb_comment + "?access_token=fbtok"},
                         {"status", 200},
                         {"batched", false}});
  CHECK(calls[1]["status"] == 400);
  CHECK(st["tokens"]["access"].size() == 2);
  CHECK(st["tokens"]["refresh"][0]["refresh_token"] == "xrt0");
  // author deletes their comment through the control API
  CHECK(s.control("comments/" + s.fb_comment + "/delete", json::object()).status() == 200);
  CHECK(s.graph("GET", s.fb_comment).body()["error"]["error_subcode"] == 33);
  // FB edits change text in place
  auto other = s.comment("facebook", s.fb_post, "before");
  CHECK(s.control("comments/" + other + "/edit", {{"text", "after"}}).body()["id"] == other);
  CHECK(s.graph("GET", other + "?fields=message").body()["message"] == "after");
  CHECK(s.control("reset", json::object()).status() == 200);
  CHECK(s.state()["comments"].empty());
}

TEST_CASE("control API rejects bad input with 400 and never throws") {
  Fixture f;
  CHECK(f.call("POST", "/_emulator/accounts", "{not json").status() == 400);
  CHECK(f.control("accounts", {{"platform", "myspace"}, {"account_id", "1"}, {"access_token", "t"}})
            .status() == 400);
  CHECK(f.control("accounts", {{"platform", "x"}, {"account_id", 5}, {"access_token", "t"}})
            .status() == 400);
  CHECK(f.control("posts", {{"platform", "facebook"}, {"account_id", "nobody"}}).status() == 400);
  CHECK(f.control("comments", {{"platform", "facebook"}, {"post_id", "1_2"}, {"author_id", "1"}})
            .status() == 400);
  CHECK(f.control("faults", {{"platform", "x"}, {"kind", "meteor"}}).status() == 400);
  CHECK(f.control("faults", {{"platform", "x"}, {"kind", "slow"}, {"count", 0}}).status() == 400);
  CHECK(f.control("clock", {{"advance_seconds", -5}}).status() == 400);
  CHECK(f.control("comments/123/edit", {{"text", "x"}}).status() == 404);
  CHECK(f.call("GET", "/_emulator/bogus").status() == 404);
  CHECK(f.call("GET", "/elsewhere").status() == 404);
  // untrusted API input: odd escapes, huge numbers, binary bytes
  f.facebook_page();
  CHECK(f.call("GET", "/v25.0/%ZZ%/%%?access_token=fbtok&limit=99999999999999999999999").status() ==
        400);
  CHECK(f.graph("POST", kPage + "/blocked", "fbtok", "user=%FF%FE").status() == 200);
  CHECK(f.graph("GET", kPage + "/blocked").r.body.find("\"id\"") != std::string::npos);
  CHECK(f.call("GET", "/2/users/1/mentions").status() == 401);
  CHECK(f.call("POST", "/2/oauth2/token", "grant_type=password").status() == 400);
}

TEST_CASE("fields parser: nesting, modifiers, whitespace, errors, round trip") {
  auto parsed = parse_fields(
      "id, comments.filter(stream).order(reverse_chronological).limit(50).summary(true)\n"
      "{id,from{id,name},parent{id}}");
  REQUIRE(std::holds_alternative<FieldList>(parsed));
  auto& fl = std::get<FieldList>(parsed);
  REQUIRE(fl.size() == 2);
  CHECK(fl[1].name == "comments");
  CHECK(fl[1].modifier("limit") == "50");
  CHECK(fl[1].modifier("order") == "reverse_chronological");
  REQUIRE(fl[1].children);
  CHECK((*fl[1].children)[1].name == "from");
  CHECK((*(*fl[1].children)[1].children).size() == 2);
  CHECK(to_string(fl) ==
        "id,comments.filter(stream).limit(50).order(reverse_chronological).summary(true){id,from{"
        "id,name},parent{id}}");
  for (std::string bad :
       {"", "id,", "a{b", "a.limit(5", "a.(5)", "a}b", "a{b{c{d{e{f{g{h{i{j{k}}}}}}}}}}"})
    CHECK(std::holds_alternative<std::string>(parse_fields(bad)));
}

TEST_CASE("url codec") {
  CHECK(percent_decode("a%20b+c%zz%", true) == "a b c%zz%");
  CHECK(percent_encode("a b/{}") == "a%20b%2F%7B%7D");
  auto p = parse_params("a=1&b=x%3Dy&&c");
  REQUIRE(p.size() == 3);
  CHECK(p[1].second == "x=y");
  CHECK(p[2].first == "c");
  for (std::string s : {"", "f", "fo", "foo", "foob", "cid:csecret"})
    CHECK(base64_decode(base64_encode(s)) == s);
  CHECK_FALSE(base64_decode("!!").has_value());
  CHECK(split_path("//v25.0//x/") == std::vector<std::string>{"v25.0", "x"});
}
