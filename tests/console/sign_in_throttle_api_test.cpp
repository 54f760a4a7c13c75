// The sign-in throttle through the API over a real store: an attack on a name cannot keep its
// owner out, people behind one trusted proxy share no fate, a forwarded header from anyone else
// is ignored, and failures do not grow the audit log.
#include "console/client_address.hpp"
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;

namespace {

const std::vector<std::string> kTrustedProxies{"127.0.0.1"};

// As the daemon does (daemon/service_console.cpp): the Caller's address from the TCP peer and
// X-Forwarded-For, then ConsoleApi::handle.
console::HttpResponse sign_in(ApiFixture& f, const std::string& user, std::string_view password,
                              const std::string& peer, const std::string& forwarded = "") {
  console::HttpRequest r{verb::post, "/api/v1/session", 11};
  if (!forwarded.empty()) r.set("X-Forwarded-For", forwarded);
  r.set("Content-Type", "application/json");
  r.body() = Json{{"username", user}, {"password", password}}.dump();
  r.prepare_payload();
  return f.api->handle(r, {console::client_address(peer, r, kTrustedProxies), false}, f.now);
}

std::int64_t audit_rows(ApiFixture& f) {
  auto s = f.store->connection().prepare("SELECT COUNT(*) FROM audit_log");
  REQUIRE(s.step());
  return s.int64(0);
}

int retry_after(const console::HttpResponse& r) {
  return std::stoi(std::string(r[http::field::retry_after]));
}

}  // namespace

TEST_CASE("client_address: the forwarded address only from a trusted proxy, rightmost first") {
  const std::vector<std::string_view> none;
  CHECK(console::client_address("203.0.113.9", {"198.51.100.7"}, kTrustedProxies) == "203.0.113.9");
  CHECK(console::client_address("127.0.0.1", none, kTrustedProxies) == "127.0.0.1");
  CHECK(console::client_address("127.0.0.1", {"198.51.100.7"}, kTrustedProxies) == "198.51.100.7");
  CHECK(console::client_address("::ffff:127.0.0.1", {" 198.51.100.7 "}, kTrustedProxies) ==
        "198.51.100.7");
  // The client wrote the left part itself; the proxy appended what it saw.
  CHECK(console::client_address("127.0.0.1", {"1.2.3.4, 203.0.113.5"}, kTrustedProxies) ==
        "203.0.113.5");
  CHECK(console::client_address("127.0.0.1", {"1.2.3.4", "203.0.113.5, 127.0.0.1"},
                                kTrustedProxies) == "203.0.113.5");
  CHECK(console::client_address("127.0.0.1", {"1.2.3.4, junk"}, kTrustedProxies) == "127.0.0.1");
  CHECK(console::canonical_ip("::FFFF:10.0.0.1") == "10.0.0.1");
  CHECK(console::canonical_ip("2001:DB8::1") == "2001:db8::1");
  CHECK_FALSE(console::canonical_ip("localhost"));
  CHECK_FALSE(console::canonical_ip("10.0.0.0/8"));
}

TEST_CASE("a brute force on the DSL's name from hundreds of addresses does not keep them out") {
  ApiFixture f;
  f.user("jh-dsl", store::Role::safeguarding, "jh");
  REQUIRE(sign_in(f, "jh-dsl", kPassword, "192.0.2.10").result() == http::status::ok);
  const auto audit_before = audit_rows(f);

  int refused = 0, throttled = 0;
  for (int i = 0; i < 400; ++i, f.now += std::chrono::seconds(5)) {
    const std::string address =
        i % 2 ? "2001:db8:" + std::to_string(i) + "::7"
              : "203.0." + std::to_string(i % 7) + "." + std::to_string(i % 200 + 1);
    auto r = sign_in(f, "jh-dsl", "guess " + std::to_string(i), address);
    if (r.result() == http::status::too_many_requests) {
      ++throttled;
      CHECK(retry_after(r) > 0);
    } else {
      CHECK(r.result() == http::status::unauthorized);
      ++refused;
    }
    // Meanwhile the DSL, from the address they signed in from before, at once.
    if (i % 100 == 50) {
      CHECK(sign_in(f, "jh-dsl", kPassword, "192.0.2.10").result() == http::status::ok);
    }
  }
  CHECK(throttled > 300);
  CHECK(refused < 60);
  // Failures write no audit row each: the DSL's sign-ins and one throttle_started row.
  CHECK(audit_rows(f) == audit_before + 4 + 1);

  // From a new address, right after a guess was checked: a wait no longer than the ceiling.
  const auto cap = store::AccountPolicy{}.throttle.account_cap;
  for (int i = 0; i * 5 <= cap.count(); ++i, f.now += std::chrono::seconds(5))
    if (sign_in(f, "jh-dsl", "one more", "203.0.113.200").result() !=
        http::status::too_many_requests)
      break;
  auto waited = sign_in(f, "jh-dsl", kPassword, "198.51.100.40");
  REQUIRE(waited.result() == http::status::too_many_requests);
  CHECK(retry_after(waited) <= cap.count());
  f.now += std::chrono::seconds(retry_after(waited));
  CHECK(sign_in(f, "jh-dsl", kPassword, "198.51.100.40").result() == http::status::ok);
}

TEST_CASE("behind a trusted proxy, one person's failures do not slow the others") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  f.user("oak-mod", store::Role::moderator, "oak");
  // Three guesses, each as soon as the growing delay (1 s, 2 s) allows; then 4 s to wait.
  for (int wait : {1, 2, 1}) {
    CHECK(sign_in(f, "jh-mod", "guess", "127.0.0.1", "203.0.113.5").result() ==
          http::status::unauthorized);
    f.now += std::chrono::seconds(wait);
  }
  // The guesser, even claiming another address to the left, is slowed...
  auto slowed = sign_in(f, "jh-mod", kPassword, "127.0.0.1", "198.51.100.7, 203.0.113.5");
  CHECK(slowed.result() == http::status::too_many_requests);
  // ...while the same name and other names through the same proxy are not.
  CHECK(sign_in(f, "jh-mod", kPassword, "127.0.0.1", "198.51.100.7").result() == http::status::ok);
  CHECK(sign_in(f, "oak-mod", kPassword, "127.0.0.1", "203.0.113.5").result() == http::status::ok);
}

TEST_CASE("X-Forwarded-For from a peer that is not a trusted proxy is ignored") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  int i = 0;
  for (int wait : {1, 2, 1}) {  // failures at 0, 1 and 3 s, each as soon as allowed
    CHECK(sign_in(f, "jh-mod", "guess", "203.0.113.9", "198.51.100." + std::to_string(i++))
              .result() == http::status::unauthorized);
    f.now += std::chrono::seconds(wait);
  }
  // Keyed on the peer: a fresh forwarded address does not reset the delay.
  auto r = sign_in(f, "jh-mod", kPassword, "203.0.113.9", "198.51.100.99");
  CHECK(r.result() == http::status::too_many_requests);
  CHECK(retry_after(r) == 3);  // 4 s after the third failure
  f.now += std::chrono::seconds(3);
  CHECK(sign_in(f, "jh-mod", kPassword, "203.0.113.9", "198.51.100.99").result() ==
        http::status::ok);
}
