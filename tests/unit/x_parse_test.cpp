// X API v2 parsers: PLATFORMS.md §1.3, §2.4, §3.3, §4.3 and §5.2.
#include <doctest/doctest.h>

#include "connectors/x_parse.hpp"

using namespace hm::connectors;
using namespace hm::connectors::x;

TEST_CASE("mentions page with includes.users and meta") {
  auto p = parse_tweet_page(200, R"json({
  "data": [
    {
      "id": "1301573587187331074",
      "text": "@XDevelopers love the new API!",
      "author_id": "1234567890",
      "conversation_id": "1301500000000000000",
      "in_reply_to_user_id": "2244994945",
      "referenced_tweets": [ { "type": "quoted", "id": "1" }, { "type": "replied_to", "id": "1301500000000000000" } ],
      "created_at": "2024-01-15T10:30:00.000Z",
      "edit_history_tweet_ids": [ "1301573587187331074" ]
    }
  ],
  "includes": { "users": [ { "id": "1234567890", "username": "developer", "name": "Dev Person" } ] },
  "meta": { "newest_id": "1301573587187331074", "oldest_id": "1301573587187331074",
            "result_count": 1, "next_token": "t3buvdr5pujq9g7bggsnf3ep2ha28" }
})json");
  REQUIRE(p.kind == OutcomeKind::ok);
  REQUIRE(p.value.tweets.size() == 1);
  const Tweet& t = p.value.tweets[0];
  CHECK(t.author_username == "developer");
  CHECK(t.author_name == "Dev Person");
  CHECK(t.replied_to_id == "1301500000000000000");
  CHECK(t.conversation_id == "1301500000000000000");
  CHECK(t.created == *parse_wire_time("2024-01-15T10:30:00Z"));
  CHECK(t.edit_history.size() == 1);
  CHECK(p.value.newest_id == "1301573587187331074");
  CHECK(p.value.next_token == "t3buvdr5pujq9g7bggsnf3ep2ha28");
  CHECK(p.value.result_count == 1);
}

TEST_CASE("empty result and edited post") {
  auto e = parse_tweet_page(200, R"({"meta":{"result_count":0}})");
  REQUIRE(e.kind == OutcomeKind::ok);
  CHECK(e.value.tweets.empty());
  CHECK(e.value.next_token.empty());
  auto ed = parse_tweet_page(
      200, R"({"data":[{"id":"20","text":"v2","edit_history_tweet_ids":["10","20"]}]})");
  REQUIRE(ed.value.tweets.size() == 1);
  CHECK(ed.value.tweets[0].edit_history == std::vector<std::string>{"10", "20"});
}

TEST_CASE("partial errors next to data") {
  auto p = parse_tweet_page(200, R"({"data":[{"id":"123","text":"Hello"}],
 "errors":[{"resource_id":"456","resource_type":"tweet","title":"Not Found Error","detail":"Could not find tweet with id: [456].","type":"https://api.x.com/2/problems/resource-not-found"}]})");
  REQUIRE(p.kind == OutcomeKind::ok);
  CHECK(p.value.tweets.size() == 1);
  REQUIRE(p.value.partial_errors.size() == 1);
  CHECK(p.value.partial_errors[0].kind() == "resource-not-found");
  CHECK(p.value.partial_errors[0].resource_id == "456");
}

TEST_CASE("problem+json shapes and their classes") {
  auto u = parse_tweet_page(
      401, R"({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})");
  REQUIRE(u.kind == OutcomeKind::problem);
  CHECK(classify(u.problem, 401) == ProblemClass::unauthorized);
  auto rl = parse_tweet_page(
      429,
      R"({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})");
  CHECK(classify(rl.problem, 429) == ProblemClass::rate_limited);
  auto f = parse_problem(
      403,
      R"({"client_id":"12262375","detail":"When authenticating...","registration_url":"https://developer.twitter.com/en/docs/projects/overview","title":"Client Forbidden","required_enrollment":"Appropriate Level of API Access","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden"})");
  CHECK(f.kind() == "client-forbidden");
  CHECK(classify(f, 403) == ProblemClass::forbidden);
  auto capped = parse_problem(
      429,
      R"({"title":"Usage capped","type":"https://api.x.com/2/problems/usage-capped","status":429})");
  CHECK(classify(capped, 429) == ProblemClass::usage_capped);
  auto credits = parse_problem(
      402,
      R"({"title":"CreditsDepleted","detail":"credits depleted","status":402,"type":"https://api.x.com/2/problems/credits-depleted"})");
  CHECK(classify(credits, 402) == ProblemClass::usage_capped);
  auto legacy =
      parse_problem(401, R"({"errors":[{"message":"Invalid or expired token","code":89}]})");
  CHECK(legacy.legacy_code == 89);
  CHECK(classify(legacy, 0) == ProblemClass::unauthorized);
  CHECK(classify(parse_problem(404, "{}"), 404) == ProblemClass::not_found);
  CHECK(classify(parse_problem(503, "<html>"), 503) == ProblemClass::server);
  CHECK(
      classify(
          parse_problem(
              400,
              R"({"title":"Invalid Request","type":"https://api.x.com/2/problems/invalid-request"})"),
          400) == ProblemClass::invalid_request);
}

TEST_CASE("hide responses") {
  auto h = parse_hide(200, R"({"data":{"hidden":true}})");
  REQUIRE(h.kind == OutcomeKind::ok);
  CHECK(h.value);
  auto u = parse_hide(200, R"({"data":{"hidden":false}})");
  CHECK_FALSE(u.value);
  CHECK(parse_hide(200, "{}").kind == OutcomeKind::malformed);
  auto forbidden = parse_hide(
      403, R"({"title":"Forbidden","detail":"Forbidden","type":"about:blank","status":403})");
  REQUIRE(forbidden.kind == OutcomeKind::problem);
  CHECK(classify(forbidden.problem, 403) == ProblemClass::forbidden);
  CHECK(parse_hide(500, "oops").kind == OutcomeKind::problem);
}

TEST_CASE("OAuth 2.0 token responses") {
  auto g = parse_token_response(
      200,
      R"({"token_type":"bearer","expires_in":7200,"access_token":"AT","scope":"tweet.read users.read tweet.moderate.write offline.access","refresh_token":"RT"})");
  REQUIRE(g.kind == OutcomeKind::ok);
  CHECK(g.grant.access_token == "AT");
  CHECK(g.grant.refresh_token == "RT");
  CHECK(g.grant.expires_in == 7200);
  auto bad = parse_token_response(
      400,
      R"({"error":"invalid_request","error_description":"Value passed for the token was invalid."})");
  REQUIRE(bad.kind == OutcomeKind::problem);
  CHECK(bad.error.error == "invalid_request");
  CHECK(parse_token_response(200, R"({"token_type":"bearer"})").kind == OutcomeKind::malformed);
  CHECK(parse_token_response(200, "{").kind == OutcomeKind::malformed);
}

TEST_CASE("rate-limit headers") {
  HttpResponse r;
  r.headers = {{"x-rate-limit-limit", "450"},
               {"X-Rate-Limit-Remaining", "0"},
               {"x-rate-limit-reset", "1700000000"}};
  auto rl = parse_rate_limit(r);
  CHECK(rl.limit == 450);
  CHECK(rl.remaining == 0);
  REQUIRE(rl.reset);
  CHECK(rl.reset->time_since_epoch().count() == 1700000000);
  HttpResponse junk;
  junk.headers = {{"x-rate-limit-remaining", "-1"}, {"x-rate-limit-reset", "99999999999999999999"}};
  auto j = parse_rate_limit(junk);
  CHECK_FALSE(j.remaining);
  CHECK_FALSE(j.reset);
}

TEST_CASE("what a rate-limit answer blocks: the endpoint, or every endpoint") {
  const Time now{std::chrono::seconds{1699999000}};
  const std::chrono::seconds unknown{900};
  const Time reset{std::chrono::seconds{1700000000}};
  // A 429 with the endpoint's own spent window blocks that endpoint only (issue 17 item 5).
  HttpResponse spent;
  spent.status = 429;
  spent.headers = {{"x-rate-limit-limit", "50"},
                   {"x-rate-limit-remaining", "0"},
                   {"x-rate-limit-reset", "1700000000"}};
  auto w = rate_limit_wait(spent, now, unknown);
  REQUIRE(w);
  CHECK_FALSE(w->every_route);
  CHECK(w->until == reset);
  spent.status = 200;  // the last call of the window: the same
  REQUIRE(rate_limit_wait(spent, now, unknown));
  CHECK_FALSE(rate_limit_wait(spent, now, unknown)->every_route);
  // A spent 24-hour user or app cap blocks every endpoint until its own reset.
  for (const char* who : {"user", "app"}) {
    HttpResponse cap = spent;
    cap.status = 429;
    cap.headers.push_back({std::string("x-") + who + "-limit-24hour-remaining", "0"});
    cap.headers.push_back({std::string("x-") + who + "-limit-24hour-reset", "1700050000"});
    auto c = rate_limit_wait(cap, now, unknown);
    REQUIRE(c);
    CHECK(c->every_route);
    CHECK(c->until == Time{std::chrono::seconds{1700050000}});
  }
  // A 429 that does not say which window is spent blocks every endpoint for the default wait.
  HttpResponse bare;
  bare.status = 429;
  auto b = rate_limit_wait(bare, now, unknown);
  REQUIRE(b);
  CHECK(b->every_route);
  CHECK(b->until == now + unknown);
  // Budget left: nothing to wait for.
  HttpResponse fine;
  fine.status = 200;
  fine.headers = {{"x-rate-limit-remaining", "3"},
                  {"x-rate-limit-reset", "1700000000"},
                  {"x-user-limit-24hour-remaining", "10"},
                  {"x-user-limit-24hour-reset", "1"}};
  CHECK_FALSE(rate_limit_wait(fine, now, unknown));
}

TEST_CASE("a reset is counted from X's own Date, so the local clock's offset does not matter") {
  // The local clock is an hour behind X's (or X's clock was moved on, as the emulator's is in the
  // soak): the reset is 30 s after X's Date, so the wait ends 30 s after the local now, not an
  // hour and 30 s later.
  const Time now{std::chrono::seconds{1700000000}};
  HttpResponse spent;
  spent.status = 429;
  spent.headers = {{"Date", "Tue, 14 Nov 2023 23:13:20 GMT"},  // 1700003600: now + 1 h
                   {"x-rate-limit-limit", "50"},
                   {"x-rate-limit-remaining", "0"},
                   {"x-rate-limit-reset", "1700003630"}};
  auto w = rate_limit_wait(spent, now, std::chrono::seconds{900});
  REQUIRE(w);
  CHECK_FALSE(w->every_route);
  CHECK(w->until == now + std::chrono::seconds{30});
  // A local clock ahead of X's: the same 30 s, not a reset already in the past.
  auto behind = rate_limit_wait(spent, now + std::chrono::hours{2}, std::chrono::seconds{900});
  REQUIRE(behind);
  CHECK(behind->until == now + std::chrono::hours{2} + std::chrono::seconds{30});
  // A spent 24-hour cap is placed the same way.
  spent.headers.push_back({"x-user-limit-24hour-remaining", "0"});
  spent.headers.push_back({"x-user-limit-24hour-reset", "1700007200"});
  auto cap = rate_limit_wait(spent, now, std::chrono::seconds{900});
  REQUIRE(cap);
  CHECK(cap->every_route);
  CHECK(cap->until == now + std::chrono::seconds{3600});
  // A Date that does not parse: the reset is read as a local time, as without one.
  HttpResponse junk = spent;
  junk.headers = {
      {"Date", "yesterday"}, {"x-rate-limit-remaining", "0"}, {"x-rate-limit-reset", "1700003630"}};
  CHECK(rate_limit_wait(junk, now, std::chrono::seconds{900})->until ==
        Time{std::chrono::seconds{1700003630}});
}

TEST_CASE("numeric id order") {
  CHECK(id_less("9", "10"));
  CHECK(id_less("1301573587187331074", "1301573587187331075"));
  CHECK_FALSE(id_less("20", "20"));
  CHECK_FALSE(id_less("100", "99"));
}

TEST_CASE("malformed bodies never throw") {
  for (const char* body :
       {"", "{", "[]", "null", R"({"data":{}})", R"({"data":[{"id":"x1"}]})",
        R"({"data":[{"id":"1","edit_history_tweet_ids":[1,{}]}],"includes":{"users":[1]}})",
        R"({"meta":{"newest_id":"abc","result_count":"x"}})"}) {
    CAPTURE(body);
    CHECK_NOTHROW(parse_tweet_page(200, body));
    CHECK_NOTHROW(parse_hide(200, body));
    CHECK_NOTHROW(parse_token_response(200, body));
  }
  CHECK(parse_tweet_page(200, R"({"data":[{"id":"x1"}]})").value.tweets.empty());
}
