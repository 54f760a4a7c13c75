// URL building, paging-link safety, redaction, wire timestamps, the retry/backoff schedule, the
// Graph cursor and the credentials formats.
#include <doctest/doctest.h>

#include <set>

#include "connectors/backoff.hpp"
#include "connectors/credentials.hpp"
#include "connectors/graph_cursor.hpp"
#include "connectors/url_tools.hpp"
#include "connectors/wire_time.hpp"

using namespace hm::connectors;

TEST_CASE("endpoint URLs encode segments and query values") {
  auto base = parse_https_url("https://graph.facebook.com/v25.0");
  REQUIRE(base);
  auto u = endpoint(*base, {"123", "published_posts"},
                    {{"fields", "comments.limit(5){id,message}"}, {"q", "a&b=c d"}});
  CHECK(std::string(u.buffer()) ==
        "https://graph.facebook.com/v25.0/123/"
        "published_posts?fields=comments.limit(5)%7Bid,message%7D&q=a%26b=c%20d");
  auto evil = endpoint(*base, {"../x?y#z"});
  CHECK(std::string(evil.path()) == "/v25.0/../x?y#z");
  CHECK(std::string(evil.encoded_path()).find("%3F") != std::string::npos);
  CHECK_FALSE(evil.has_query());
  auto slash = parse_https_url("https://127.0.0.1:8443/2/");
  REQUIRE(slash);
  CHECK(std::string(endpoint(*slash, {"tweets", "1", "hidden"}).buffer()) ==
        "https://127.0.0.1:8443/2/tweets/1/hidden");
  CHECK_FALSE(parse_https_url("http://graph.facebook.com/v25.0"));
  CHECK_FALSE(parse_https_url("not a url"));
}

TEST_CASE("paging.next is followed only on the same origin and base path") {
  auto base = *parse_https_url("https://127.0.0.1:8443/v25.0");
  auto ok =
      safe_next_url(base, "https://127.0.0.1:8443/v25.0/1_2/comments?after=X&access_token=SECRET");
  REQUIRE(ok);
  CHECK(std::string(ok->buffer()).find("SECRET") == std::string::npos);
  CHECK(std::string(ok->buffer()).find("after=X") != std::string::npos);
  CHECK_FALSE(safe_next_url(base, "https://evil.example/v25.0/1/comments"));
  CHECK_FALSE(safe_next_url(base, "https://127.0.0.1:9999/v25.0/1/comments"));
  CHECK_FALSE(safe_next_url(base, "http://127.0.0.1:8443/v25.0/1/comments"));
  CHECK_FALSE(safe_next_url(base, "https://127.0.0.1:8443/v26.0/1/comments"));
  CHECK_FALSE(safe_next_url(base, "https://127.0.0.1:8443/v25.0x/1"));
  CHECK_FALSE(safe_next_url(base, "https://127.0.0.1:8443/v25.0/../_emulator/reset"));
  CHECK_FALSE(safe_next_url(base, "garbage"));
}

TEST_CASE("secrets are redacted from URLs and messages") {
  auto u = *parse_https_url(
      "https://graph.facebook.com/v25.0/me?access_token=EAAB123&fields=id&client_secret=s3");
  const std::string r = redact_url(u);
  CHECK(r.find("EAAB123") == std::string::npos);
  CHECK(r.find("s3") == std::string::npos);
  CHECK(r.find("fields=id") != std::string::npos);
  CHECK(redact("token EAAB123 twice EAAB123", "EAAB123") == "token REDACTED twice REDACTED");
  CHECK(redact("unchanged", "") == "unchanged");
}

TEST_CASE("wire timestamps") {
  auto t = parse_wire_time("2025-03-22T18:20:04+0000");
  REQUIRE(t);
  CHECK(t->time_since_epoch().count() == 1742667604);
  CHECK(parse_wire_time("2025-03-22T19:20:04+01:00") == t);
  CHECK(parse_wire_time("2025-03-22T18:20:04.123Z") == t);
  CHECK(parse_wire_time("2025-03-22T13:20:04-0500") == t);
  CHECK(format_graph_time(*t) == "2025-03-22T18:20:04+0000");
  for (const char* bad :
       {"", "2025-02-30T00:00:00Z", "2025-03-22", "2025-03-22T25:00:00Z", "2025-03-22T18:20:04+",
        "2025-03-22T18:20:04.Z", "x025-03-22T18:20:04Z", "2025-03-22T18:20:04Zjunk"})
    CHECK_FALSE(parse_wire_time(bad));
}

TEST_CASE("HTTP Date headers (IMF-fixdate)") {
  auto t = parse_http_date("Sat, 22 Mar 2025 18:20:04 GMT");
  REQUIRE(t);
  CHECK(t == parse_wire_time("2025-03-22T18:20:04Z"));
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")->time_since_epoch().count() == 784111777);
  for (const char* bad : {"", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                          "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT",
                          "Sun, 06 Xyz 1994 08:49:37 GMT", "Sun, 06 ovD 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMTx"})
    CHECK_FALSE(parse_http_date(bad));
}

TEST_CASE("backoff: exponential, capped, jittered in [d/2, d], never zero") {
  BackoffPolicy p;
  p.base = std::chrono::milliseconds{100};
  p.cap = std::chrono::milliseconds{1000};
  auto low = [] { return 0.0; };
  auto high = [] { return 0.999999; };
  CHECK(backoff_delay(p, 1, low).count() == 50);
  CHECK(backoff_delay(p, 1, high).count() == 99);
  CHECK(backoff_delay(p, 2, low).count() == 100);
  CHECK(backoff_delay(p, 3, low).count() == 200);
  CHECK(backoff_delay(p, 4, high).count() == 799);
  CHECK(backoff_delay(p, 5, low).count() == 500);  // capped at 1000
  CHECK(backoff_delay(p, 60, high).count() == 999);
  BackoffPolicy tiny;
  tiny.base = std::chrono::milliseconds{0};
  CHECK(backoff_delay(tiny, 1, low).count() >= 1);
  auto rng = default_unit_random();
  std::set<long long> seen;
  for (int i = 0; i < 50; ++i) {
    auto d = backoff_delay(p, 3, rng).count();
    CHECK(d >= 200);
    CHECK(d <= 400);
    seen.insert(d);
  }
  CHECK(seen.size() > 5);
}

TEST_CASE("graph cursor: new, edited, known; round trip; bounded") {
  using namespace hm::connectors::graph;
  const Time t0{std::chrono::seconds{1'700'000'000}};
  SeenComments seen(3);
  CHECK(seen.classify("a", "hello", t0) == Novelty::new_comment);
  seen.remember("a", "hello", t0);
  seen.remember("b", "world", t0 + std::chrono::seconds{1});
  CHECK(seen.classify("a", "hello", t0) == Novelty::known);
  CHECK(seen.classify("a", "hello!", t0) == Novelty::edited);
  CHECK(seen.classify("c", "x", t0) == Novelty::new_comment);  // same second, unseen id

  auto decoded = SeenComments::decode(seen.encode(), 3);
  CHECK(decoded.size() == 2);
  CHECK(decoded.classify("b", "world", t0 + std::chrono::seconds{1}) == Novelty::known);
  CHECK(decoded.encode() == seen.encode());

  seen.remember("c", "x", t0 + std::chrono::seconds{2});
  seen.remember("d", "y", t0 + std::chrono::seconds{3});
  seen.trim();
  CHECK(seen.size() == 3);
  CHECK(seen.floor() == t0);
  // "a" was evicted; anything created at or before the floor counts as seen.
  CHECK(seen.classify("a", "hello", t0) == Novelty::known);
  CHECK(seen.classify("zz", "late", t0) == Novelty::known);
  CHECK(seen.classify("zz", "new", t0 + std::chrono::seconds{5}) == Novelty::new_comment);

  for (const char* bad : {"", "{", "[]", R"({"v":2,"seen":[]})", R"({"v":1,"seen":[["a"]]})",
                          R"({"v":1,"floor":"x","seen":[]})"}) {
    CAPTURE(bad);
    CHECK(SeenComments::decode(bad).size() == 0);
  }
}

TEST_CASE("credentials file formats") {
  std::string error;
  auto g = parse_graph_credentials(R"({"access_token":"EAAB"})", error);
  REQUIRE(g);
  CHECK(g->access_token == "EAAB");
  CHECK_FALSE(parse_graph_credentials(R"({"token":"EAAB"})", error));
  CHECK(error.find("access_token") != std::string::npos);
  CHECK_FALSE(parse_graph_credentials("EAAB-not-json", error));
  CHECK(error.find("EAAB") == std::string::npos);
  auto x = parse_x_credentials(R"({"client_id":"cid","client_secret":"cs","refresh_token":"rt"})",
                               error);
  REQUIRE(x);
  CHECK(x->client_secret == "cs");
  CHECK(x->access_token.empty());
  CHECK_FALSE(parse_x_credentials(R"({"client_id":"cid"})", error));
}
