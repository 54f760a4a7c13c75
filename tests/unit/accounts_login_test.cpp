// Signing in: credentials, the throttle, session expiry, CSRF tokens, signing out.
#include <doctest/doctest.h>

#include <chrono>

#include "accounts_fixture.hpp"
#include "store/sha256.hpp"

using namespace hm;
using namespace hm::test;
using std::chrono::minutes;
using std::chrono::seconds;
using Why = store::LoginRefused::Why;

TEST_CASE("csrf_for is derived from the session token, and csrf_matches checks it") {
  const std::string a = store::csrf_for("token-a");
  CHECK(a == store::csrf_for("token-a"));
  CHECK(a != store::csrf_for("token-b"));
  CHECK(a.size() == 64);
  CHECK(a != store::csrf_for(""));
  CHECK(store::csrf_matches("token-a", a));
  CHECK_FALSE(store::csrf_matches("token-b", a));
  CHECK_FALSE(store::csrf_matches("token-a", a.substr(1)));
  CHECK_FALSE(store::csrf_matches("token-a", ""));
}

TEST_CASE("login: a session for the right password; the same refusal for any wrong detail") {
  AccountsFixture f;
  auto alice = f.add("alice", {{store::Role::moderator, "jh"}});
  auto session = f.login("alice");
  CHECK(session.user == alice);
  CHECK(session.token.size() == 43);
  CHECK(session.csrf == store::csrf_for(session.token));
  CHECK(session.expires_at == kT0 + f.accounts.policy().session_lifetime);
  CHECK(f.accounts.session_user(session.token, kT0) == alice);
  CHECK_FALSE(f.accounts.session_user("not a session", kT0));
  CHECK_FALSE(f.accounts.session_user("", kT0));

  auto wrong_password = f.accounts.login("alice", "not the password", "192.0.2.1", kT0);
  const auto started = std::chrono::steady_clock::now();
  auto unknown_user = f.accounts.login("mallory", kPassword, "192.0.2.1", kT0);
  const auto unknown_took = std::chrono::steady_clock::now() - started;
  auto invalid_name = f.accounts.login("\xff<script>\n", kPassword, "192.0.2.1", kT0);
  for (const auto* refused : {&wrong_password, &unknown_user, &invalid_name}) {
    REQUIRE_FALSE(refused->has_value());
    CHECK(refused->error().why == Why::bad_credentials);
    CHECK(refused->error().message == "wrong username or password");
    CHECK(refused->error().retry_after == seconds(0));
  }
  // An unknown user still costs an Argon2id check (tens of ms), so timing does not tell.
  CHECK(unknown_took > std::chrono::milliseconds(10));
  CHECK(f.count("login_failures") == 3);
  // A name that is not a valid user name is recorded in a printable form; no audit row each.
  CHECK(f.scalar("SELECT COUNT(*) FROM login_failures WHERE account = '?<script>?'") == 1);
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE event LIKE 'session.%'") == 1);
}

TEST_CASE("throttle: growing delay per (account, address), never a lockout") {
  AccountsFixture f;
  f.add("bob");
  CHECK(f.accounts.login("bob", "wrong wrong wrong", "192.0.2.1", kT0).error().why ==
        Why::bad_credentials);
  CHECK(f.accounts.login("bob", "wrong wrong wrong", "192.0.2.1", kT0 + seconds(1)).error().why ==
        Why::bad_credentials);
  // Two failures: 2 s before the next check, even of the right password, from that address.
  auto refused = f.accounts.login("bob", kPassword, "192.0.2.1", kT0 + seconds(2));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().why == Why::throttled);
  CHECK(refused.error().retry_after == seconds(1));
  CHECK(refused.error().message == "too many failed sign-ins; try again in 1 second");
  CHECK(f.count("login_failures") == 2);  // refusals while throttled are not failures
  // Another address, and other users, are not slowed.
  f.login("bob", kPassword, kT0 + seconds(2), "198.51.100.7");
  f.add("carol");
  f.login("carol", kPassword, kT0 + seconds(2), "192.0.2.1");
  // When the delay is over the right password works; its address's failures are forgotten.
  f.login("bob", kPassword, kT0 + seconds(3), "192.0.2.1");
  CHECK(f.scalar("SELECT COUNT(*) FROM login_failures WHERE account = 'bob'") == 0);
}

TEST_CASE("throttle: many names from one address slow only those names, not other users") {
  AccountsFixture f;
  f.add("dave");
  for (int i = 0; i < 40; ++i)
    f.accounts.login("user" + std::to_string(i), kPassword, "127.0.0.1", kT0 + seconds(i));
  f.login("dave", kPassword, kT0 + seconds(40), "127.0.0.1");  // no shared fate per address
  // Old failures are pruned as new sign-ins come.
  f.login("dave", kPassword, kT0 + std::chrono::hours(25), "127.0.0.1");
  CHECK(f.count("login_failures") == 0);
}

TEST_CASE("throttle: a brute force on a name from many addresses keeps its owner's way in") {
  AccountsFixture f;
  f.add("dsl");
  f.login("dsl", kPassword, kT0, "192.0.2.10");  // the DSL's usual address becomes known
  CHECK(f.scalar("SELECT COUNT(*) FROM login_known_addresses") == 1);
  CHECK(f.scalar("SELECT COUNT(*) FROM login_known_addresses WHERE address_sha256 LIKE "
                 "'%192.0.2.10%' OR salt LIKE '%192.0.2.10%'") == 0);
  // 300 guesses from 300 addresses in 3 different /24s and IPv6 /64s, one every 10 s.
  int checked = 0, throttled = 0;
  Time t = kT0 + minutes(1);
  for (int i = 0; i < 300; ++i, t += seconds(10)) {
    const std::string address =
        i % 2 ? "203.0." + std::to_string(i % 3) + "." + std::to_string(i % 250)
              : "2001:db8:" + std::to_string(i) + "::1";
    auto r = f.accounts.login("dsl", "guess guess guess", address, t);
    (r.error().why == Why::throttled ? throttled : checked) += 1;
  }
  CHECK(throttled > 250);  // the unknown addresses are slowed to one check per account_cap
  CHECK(checked < 40);
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'session.throttle_started'") == 1);
  // The DSL, from the known address, at once.
  f.login("dsl", kPassword, t, "192.0.2.10");
  // From a new address, just after a guess was checked: refused, for at most account_cap, then in.
  const auto cap = f.accounts.policy().throttle.account_cap;
  for (int i = 0; i * 10 <= cap.count(); ++i, t += seconds(10))
    if (f.accounts.login("dsl", "guess guess guess", "203.0.200.1", t).error().why ==
        Why::bad_credentials)
      break;
  auto refused = f.accounts.login("dsl", kPassword, "198.51.100.99", t + seconds(1));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().why == Why::throttled);
  CHECK(refused.error().retry_after == cap - seconds(1));
  f.login("dsl", kPassword, t + cap, "198.51.100.99");
}

TEST_CASE("a session ends after session_idle unused, and after session_lifetime in any case") {
  store::AccountPolicy policy;
  policy.session_idle = minutes(30);
  policy.session_lifetime = minutes(120);
  AccountsFixture f(policy);
  f.add("erin");
  auto busy = f.login("erin");
  auto idle = f.login("erin");
  const auto last_seen = [&](const std::string& token) {
    auto s =
        f.store->connection().prepare("SELECT last_seen_at FROM sessions WHERE token_sha256 = ?");
    s.bind(1, store::sha256_hex(token));
    REQUIRE(s.step());
    return s.int64(0) - kT0.time_since_epoch().count();
  };

  // last_seen_at is written at most once a minute.
  REQUIRE(f.accounts.session_user(busy.token, kT0 + seconds(30)));
  CHECK(last_seen(busy.token) == 0);
  REQUIRE(f.accounts.session_user(busy.token, kT0 + seconds(60)));
  CHECK(last_seen(busy.token) == 60);

  // Idle: valid until 30 minutes after its last use, then gone for good.
  CHECK(f.accounts.session_user(idle.token, kT0 + minutes(30) - seconds(1)));
  CHECK(last_seen(idle.token) == 30 * 60 - 1);
  CHECK(f.accounts.session_user(idle.token, kT0 + minutes(59) + seconds(58)));
  CHECK_FALSE(f.accounts.session_user(idle.token, kT0 + minutes(90)));
  CHECK_FALSE(f.accounts.session_user(idle.token, kT0 + minutes(60)));
  CHECK(f.count("sessions") == 1);  // the expired row was deleted when met

  // Absolute: used every 20 minutes, still over at two hours.
  for (int m = 20; m < 120; m += 20)
    CHECK_MESSAGE(f.accounts.session_user(busy.token, kT0 + minutes(m)), std::to_string(m));
  CHECK(f.accounts.session_user(busy.token, kT0 + minutes(120) - seconds(1)));
  CHECK_FALSE(f.accounts.session_user(busy.token, kT0 + minutes(120)));
  CHECK(f.count("sessions") == 0);
}

TEST_CASE("logout ends that session only, and is audited once") {
  AccountsFixture f;
  f.add("frank");
  auto laptop = f.login("frank");
  auto phone = f.login("frank");
  f.accounts.logout(laptop.token, kT0 + seconds(5));
  CHECK_FALSE(f.accounts.session_user(laptop.token, kT0 + seconds(6)));
  CHECK(f.accounts.session_user(phone.token, kT0 + seconds(6)));
  f.accounts.logout(laptop.token, kT0 + seconds(7));
  f.accounts.logout("never a session", kT0 + seconds(7));
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'session.logout'") == 1);
}
