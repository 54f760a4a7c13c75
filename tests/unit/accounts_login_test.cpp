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
  // A name that is not a valid user name is recorded in a printable form.
  auto s = f.store->connection().prepare(
      "SELECT subject FROM audit_log WHERE event = 'session.login_failed' ORDER BY id DESC");
  REQUIRE(s.step());
  CHECK(s.text(0) == "user:?<script>?");
}

TEST_CASE("throttle per user: refused before the password is checked, until the window ends") {
  store::AccountPolicy policy;
  policy.max_failures_per_user = 3;
  policy.failure_window = minutes(15);
  AccountsFixture f(policy);
  f.add("bob");
  for (int i = 0; i < 3; ++i)
    CHECK(f.accounts.login("bob", "wrong wrong wrong", "192.0.2.1", kT0 + seconds(10 * i))
              .error()
              .why == Why::bad_credentials);

  // The right password does not help, from any address.
  auto refused = f.accounts.login("bob", kPassword, "198.51.100.7", kT0 + seconds(30));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().why == Why::throttled);
  CHECK(refused.error().retry_after == seconds(900 - 30));
  CHECK(refused.error().message == "too many failed sign-ins; try again in 15 minutes");
  CHECK(f.accounts.login("bob", kPassword, "192.0.2.1", kT0 + seconds(899)).error().retry_after ==
        seconds(1));
  CHECK(f.count("login_failures") == 3);  // refusals while throttled are not failures
  // Other users are not affected.
  f.add("carol");
  f.login("carol", kPassword, kT0 + seconds(40));

  // The first failure leaves the window: below the limit again.
  auto session = f.login("bob", kPassword, kT0 + seconds(900));
  CHECK(session.user.name == "bob");
  CHECK(f.scalar("SELECT COUNT(*) FROM login_failures WHERE username = 'bob'") == 0);
}

TEST_CASE("throttle per address: many names from one address, then even a good login waits") {
  store::AccountPolicy policy;
  policy.max_failures_per_address = 3;
  policy.failure_window = minutes(10);
  AccountsFixture f(policy);
  f.add("dave");
  for (const char* name : {"admin", "root", "office"})
    CHECK(f.accounts.login(name, kPassword, "203.0.113.5", kT0).error().why ==
          Why::bad_credentials);
  auto refused = f.accounts.login("dave", kPassword, "203.0.113.5", kT0 + seconds(1));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().why == Why::throttled);
  CHECK(refused.error().retry_after == seconds(599));
  f.login("dave", kPassword, kT0 + seconds(2), "192.0.2.44");  // another address is fine

  f.login("dave", kPassword, kT0 + minutes(10), "203.0.113.5");
  // Old failures are pruned as new sign-ins come.
  CHECK(f.count("login_failures") == 0);
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
