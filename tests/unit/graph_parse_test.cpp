// Graph API (Facebook, Instagram) parsers: the documented bodies and error shapes of
// PLATFORMS.md §1.1, §1.2, §2.2, §4.1 and §5.1.
#include <doctest/doctest.h>

#include "connectors/graph_parse.hpp"

using namespace hm::connectors;
using namespace hm::connectors::graph;

namespace {

constexpr const char* kPostsWithComments = R"json({
  "data": [
    {
      "id": "448242228374517_122131676912594941",
      "created_time": "2025-03-22T18:20:04+0000",
      "permalink_url": "https://www.facebook.com/448242228374517/posts/122131676912594941",
      "comments": {
        "data": [
          {
            "id": "122131676912594941_1213590066982748",
            "message": "meow 2",
            "created_time": "2025-03-22T18:20:04+0000",
            "from": { "id": "6789012345678901", "name": "Jane Parent" },
            "parent": { "id": "122131676912594941_542072878449250" },
            "is_hidden": false,
            "can_hide": true,
            "can_remove": true,
            "permalink_url": "https://www.facebook.com/448242228374517/posts/122131676912594941?comment_id=1213590066982748"
          }
        ],
        "paging": { "cursors": { "before": "QVFIUk...", "after": "QVFIUl..." },
                    "next": "https://graph.facebook.com/v26.0/448242228374517_122131676912594941/comments?limit=1&after=QVFIUl..." },
        "summary": { "order": "reverse_chronological", "total_count": 7, "can_comment": true }
      }
    },
    { "id": "448242228374517_2", "created_time": "2025-03-21T10:00:00+0000" }
  ],
  "paging": { "cursors": { "before": "a", "after": "b" }, "next": "https://graph.facebook.com/v26.0/448242228374517/published_posts?after=b" }
})json";

// The class of a Graph error with this code, subcode and is_transient.
ErrorClass cls(long long code, long long sub = 0, bool transient = false) {
  GraphError e;
  e.code = code;
  e.subcode = sub;
  e.is_transient = transient;
  return classify(e);
}
}  // namespace

TEST_CASE("published_posts with nested comments") {
  auto p = parse_post_page(kPostsWithComments);
  REQUIRE(p.kind == OutcomeKind::ok);
  REQUIRE(p.value.posts.size() == 2);
  const auto& post = p.value.posts[0];
  CHECK(post.id == "448242228374517_122131676912594941");
  CHECK(post.permalink.find("/posts/122131676912594941") != std::string::npos);
  CHECK(post.comments_count == 7);
  REQUIRE(post.comments);
  REQUIRE(post.comments->comments.size() == 1);
  const auto& c = post.comments->comments[0];
  CHECK(c.id == "122131676912594941_1213590066982748");
  CHECK(c.text == "meow 2");
  CHECK(c.author_id == "6789012345678901");
  CHECK(c.author_name == "Jane Parent");
  CHECK(c.parent_id == "122131676912594941_542072878449250");
  CHECK(c.created == *parse_wire_time("2025-03-22T18:20:04Z"));
  CHECK_FALSE(c.hidden);
  CHECK(post.comments->next.find("after=QVFIUl") != std::string::npos);
  CHECK_FALSE(p.value.posts[1].comments);
  CHECK(p.value.next.find("published_posts") != std::string::npos);
}

TEST_CASE("Instagram comments with nested replies, IG field names") {
  auto p = parse_comment_page(R"json({
    "data": [
      { "id": "17867301270523379", "text": "LINK", "username": "m_waqarsikandar",
        "timestamp": "2026-04-16T11:39:51+0000", "hidden": true, "like_count": 0,
        "from": { "id": "848067418322071", "username": "m_waqarsikandar" },
        "replies": { "data": [ { "id": "17800000000000001", "text": "a reply",
                                 "timestamp": "2026-04-16T11:40:00+0000",
                                 "from": { "id": "1", "username": "replier" } } ] } },
      { "timestamp": "2017-08-31T18:10:30+0000", "text": "I love this!", "id": "17873440459141021" }
    ],
    "paging": { "cursors": { "before": "QVFIU...", "after": "QVFIU..." } } })json");
  REQUIRE(p.kind == OutcomeKind::ok);
  REQUIRE(p.value.comments.size() == 3);
  CHECK(p.value.comments[0].author_name == "m_waqarsikandar");
  CHECK(p.value.comments[0].hidden);
  CHECK(p.value.comments[0].parent_id.empty());
  CHECK(p.value.comments[1].id == "17800000000000001");
  CHECK(p.value.comments[1].parent_id == "17867301270523379");
  CHECK(p.value.comments[1].author_name == "replier");
  CHECK(p.value.comments[2].text == "I love this!");
  CHECK(p.value.next.empty());
}

TEST_CASE("Unix created_time (date_format=U) and numeric ids") {
  auto p = parse_comment_page(R"({"data":[{"id":123,"message":"x","created_time":1742667604}]})");
  REQUIRE(p.kind == OutcomeKind::ok);
  REQUIRE(p.value.comments.size() == 1);
  CHECK(p.value.comments[0].id == "123");
  CHECK(p.value.comments[0].created.time_since_epoch().count() == 1742667604);
}

TEST_CASE("comments without id or time are skipped, not fatal") {
  auto p = parse_comment_page(R"({"data":[{"message":"no id"},{"id":"1","message":"no time"},
                                           {"id":"2","message":"ok","created_time":"2025-01-01T00:00:00+0000"}]})");
  REQUIRE(p.kind == OutcomeKind::ok);
  REQUIRE(p.value.comments.size() == 1);
  CHECK(p.value.comments[0].id == "2");
}

TEST_CASE("error object: code, subcode, type, transient flag") {
  auto p = parse_post_page(
      R"({"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A_mu"}})");
  REQUIRE(p.kind == OutcomeKind::error);
  CHECK(p.error.code == 190);
  CHECK(p.error.subcode == 463);
  CHECK(p.error.type == "OAuthException");
  CHECK(classify(p.error) == ErrorClass::token_invalid);

  auto t = parse_error(
      R"({"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"x"}})");
  REQUIRE(t);
  CHECK(t->is_transient);
  CHECK(classify(*t) == ErrorClass::rate_limited);
  CHECK_FALSE(parse_error(R"({"data":[]})"));
  CHECK_FALSE(parse_error("not json"));
}

TEST_CASE("error classification by code and subcode, never by status") {
  CHECK(cls(190, 460) == ErrorClass::token_invalid);
  CHECK(cls(102) == ErrorClass::token_invalid);
  for (long long code : {4, 17, 32, 341, 613, 80001, 80002})
    CHECK(cls(code) == ErrorClass::rate_limited);
  CHECK(cls(100, 33) == ErrorClass::object_gone);
  CHECK(cls(368) == ErrorClass::policy_block);
  CHECK(cls(2) == ErrorClass::transient);
  CHECK(cls(9999, 0, true) == ErrorClass::transient);
  CHECK(cls(506) == ErrorClass::invalid_request);
}

TEST_CASE("configuration and permission errors are not transient (issue 13, items 4-5)") {
  // 100 without subcode 33: an invalid parameter, field or id; never retried as transient.
  CHECK(cls(100) == ErrorClass::configuration);
  CHECK(cls(100, 0, true) == ErrorClass::configuration);
  CHECK(cls(100, 2018278) == ErrorClass::configuration);
  // 100/33 stays "gone or not permitted": the caller confirms with a read.
  CHECK(cls(100, 33) == ErrorClass::object_gone);
  // 3: capability or permission; 10 and 200-299, with the Pages subcodes 2069030-33.
  CHECK(cls(3) == ErrorClass::permission);
  CHECK(cls(10) == ErrorClass::permission);
  CHECK(cls(200) == ErrorClass::permission);
  for (long long sub : {2069030, 2069031, 2069032, 2069033})
    CHECK(cls(200, sub) == ErrorClass::permission);
  CHECK(cls(283) == ErrorClass::permission);
  // 1 with 2853006: "reduce the amount of data you're asking for"; 1 alone stays transient.
  CHECK(cls(1, 2853006) == ErrorClass::ask_for_less);
  CHECK(cls(1) == ErrorClass::transient);
  CHECK(to_string(ErrorClass::configuration) == "configuration");
  CHECK(to_string(ErrorClass::ask_for_less) == "ask_for_less");
}

TEST_CASE("error classification of the remaining codes") {
  CHECK(cls(1) == ErrorClass::transient);
  CHECK(cls(2) == ErrorClass::transient);
  CHECK(cls(9999, 0, true) == ErrorClass::transient);
  CHECK(cls(506) == ErrorClass::invalid_request);
}

TEST_CASE("100/33 object gone, as captured") {
  auto e = parse_error(
      R"({"error":{"message":"Unsupported post request. Object with ID '1909633502435072' does not exist","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"Eof0WSQydlq"}})");
  REQUIRE(e);
  CHECK(classify(*e) == ErrorClass::object_gone);
}

TEST_CASE("usage headers") {
  auto s = parse_usage(
      std::string_view(
          R"({"448242228374517":[{"type":"pages","call_count":97,"total_cputime":23,"total_time":23,"estimated_time_to_regain_access":0}]})"),
      std::string_view(R"({"call_count":28,"total_time":25,"total_cputime":25})"));
  CHECK(s.max_percent == 97);
  CHECK_FALSE(s.regain_minutes);
  CHECK_FALSE(s.throttled());

  auto t = parse_usage(
      std::string_view(
          R"({"1":[{"type":"pages","call_count":100,"total_cputime":3,"total_time":3,"estimated_time_to_regain_access":7}],"2":[{"type":"instagram","call_count":5}]})"),
      std::nullopt);
  CHECK(t.max_percent == 100);
  REQUIRE(t.regain_minutes);
  CHECK(*t.regain_minutes == 7);
  CHECK(t.throttled());

  auto app = parse_usage(
      std::nullopt, std::string_view(R"({"call_count":101,"total_time":1,"total_cputime":1})"));
  CHECK(app.throttled());
  auto junk =
      parse_usage(std::string_view("{{{"), std::string_view("[1,2]"), std::string_view("\"x\""));
  CHECK_FALSE(junk.throttled());

  HttpResponse r;
  r.headers.push_back(
      {"X-Business-Use-Case-Usage", R"({"1":[{"type":"pages","call_count":120}]})"});
  CHECK(parse_usage(r).throttled());
}

TEST_CASE("only what the platform says is spent is blocked (issue 17 item 5)") {
  // Another business use case of the same object at 100% is another budget.
  const std::string_view buc =
      R"({"1":[{"type":"messenger","call_count":100,"estimated_time_to_regain_access":30},)"
      R"({"type":"pages","call_count":40}]})";
  CHECK_FALSE(parse_usage(buc, std::nullopt, std::nullopt, "pages").throttled());
  CHECK(parse_usage(buc, std::nullopt, std::nullopt, "pages").max_percent == 40);
  CHECK(parse_usage(buc, std::nullopt, std::nullopt, "messenger").throttled());
  CHECK(parse_usage(buc, std::nullopt).throttled());  // no use case given: every entry counts
  // The channel's own use case, or the app's budget, spent: throttled.
  CHECK(parse_usage(std::string_view(R"({"1":[{"type":"instagram","call_count":100}]})"),
                    std::nullopt, std::nullopt, "instagram")
            .throttled());
  CHECK(parse_usage(buc, std::string_view(R"({"call_count":100})"), std::nullopt, "pages")
            .throttled());

  // A refusal of one action or a per-call limit stops that kind of call only; application,
  // user, Page and account limits stop every call.
  for (long long code : {368LL, 613LL})
    CHECK(limits_this_call_only(GraphError{code, 0, "OAuthException", "", false}));
  CHECK(
      limits_this_call_only(GraphError{4, 2207051, "OAuthException", "Action is blocked", false}));
  for (long long code : {4LL, 17LL, 32LL, 341LL, 80001LL, 80002LL})
    CHECK_FALSE(limits_this_call_only(GraphError{code, 0, "OAuthException", "", false}));
}

TEST_CASE("action responses") {
  auto ok = parse_action(R"({"success":true})");
  CHECK(ok.kind == OutcomeKind::ok);
  CHECK(ok.value);
  auto no = parse_action(R"({"success":false})");
  CHECK(no.kind == OutcomeKind::ok);
  CHECK_FALSE(no.value);
  auto block = parse_action(R"({"6789012345678901":true})");
  CHECK(block.kind == OutcomeKind::ok);
  CHECK(block.value);
  auto reply = parse_action(R"({"id":"122131676912594941_99"})");
  CHECK(reply.value);
  CHECK(parse_action("true").value);
  CHECK(parse_action("{}").kind == OutcomeKind::malformed);
  CHECK(parse_action("[1]").kind == OutcomeKind::malformed);
  auto err = parse_action(R"({"error":{"code":100,"error_subcode":33,"message":"gone"}})");
  CHECK(err.kind == OutcomeKind::error);
}

TEST_CASE("batch responses carry JSON-encoded bodies") {
  auto b = parse_batch(
      R"([ { "code": 200, "body": "{ \"name\": \"Page A Name\", \"id\": \"PAGE-A-ID\" }" },
                            { "code": 400, "headers": [], "body": "{\"error\":{\"code\":100,\"error_subcode\":33}}" },
                            null ])");
  REQUIRE(b.kind == OutcomeKind::ok);
  REQUIRE(b.value.size() == 3);
  CHECK(b.value[0].code == 200);
  CHECK(b.value[0].body.find("Page A Name") != std::string::npos);
  CHECK(b.value[1].code == 400);
  REQUIRE(parse_error(b.value[1].body));
  CHECK(b.value[2].code == 0);
}

TEST_CASE("malformed and truncated bodies are reported, never thrown") {
  for (const char* body : {"", "{", R"({"data":)", R"({"data":{}})", R"({"data":"x"})", "null",
                           R"({"data":[{"id":{"x":1},"created_time":[1]}]})",
                           R"({"data":[1,"a",null]})", "\xff\xfe"}) {
    CAPTURE(body);
    auto p = parse_post_page(body);
    CHECK(p.kind != OutcomeKind::error);
    auto c = parse_comment_page(body);
    CHECK(c.kind != OutcomeKind::error);
  }
  CHECK(parse_post_page("{").kind == OutcomeKind::malformed);
  CHECK(parse_comment_page(R"({"data":{}})").kind == OutcomeKind::malformed);
}
