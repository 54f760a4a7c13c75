// The sign-in throttle's pure rules: address keys, growing delays, the per-account ceiling.
#include <doctest/doctest.h>

#include "store/login_throttle.hpp"

using namespace hm;
using namespace hm::store;
using moderation::Time;
using std::chrono::seconds;

namespace {
const Time kT0{seconds(1'700'000'000)};
}

TEST_CASE("address_keys: IPv4 exact with its /24, IPv6 by /64, mapped IPv4 as IPv4") {
  auto v4 = address_keys("203.0.113.77");
  CHECK(v4.exact == "203.0.113.77");
  CHECK(v4.prefix == "203.0.113.0/24");
  auto v6a = address_keys("2001:db8:1:2:aaaa::1");
  auto v6b = address_keys("2001:0db8:0001:0002:ffff:ffff:ffff:fffe");
  CHECK(v6a.exact == "2001:0db8:0001:0002::/64");
  CHECK(v6a.exact == v6b.exact);
  CHECK_FALSE(v6a.prefix);
  CHECK(address_keys("2001:db8:1:3::1").exact != v6a.exact);
  auto mapped = address_keys("::ffff:203.0.113.77");
  CHECK(mapped.exact == "203.0.113.77");
  CHECK(mapped.prefix == "203.0.113.0/24");
  auto junk = address_keys("not an\naddress");
  CHECK(junk.exact == "not?an?address");
  CHECK_FALSE(junk.prefix);
}

TEST_CASE("growing_delay doubles after the free failures, up to the cap") {
  CHECK(growing_delay(0, 0, seconds(1), seconds(60)) == seconds(0));
  CHECK(growing_delay(1, 0, seconds(1), seconds(60)) == seconds(1));
  CHECK(growing_delay(2, 0, seconds(1), seconds(60)) == seconds(2));
  CHECK(growing_delay(6, 0, seconds(1), seconds(60)) == seconds(32));
  CHECK(growing_delay(7, 0, seconds(1), seconds(60)) == seconds(60));
  CHECK(growing_delay(100000, 0, seconds(1), seconds(60)) == seconds(60));
  CHECK(growing_delay(8, 8, seconds(1), seconds(300)) == seconds(0));
  CHECK(growing_delay(9, 8, seconds(1), seconds(300)) == seconds(1));
}

TEST_CASE("wait_before_attempt: per (account, address) delay counted from the last failure") {
  LoginThrottlePolicy p;
  ThrottleInputs in;
  CHECK_FALSE(wait_before_attempt(p, in, kT0));
  in.address = {3, kT0};  // 3 failures: 4 s
  CHECK(wait_before_attempt(p, in, kT0 + seconds(1)) == seconds(3));
  CHECK_FALSE(wait_before_attempt(p, in, kT0 + seconds(4)));
  in.address = {50, kT0};
  CHECK(wait_before_attempt(p, in, kT0) == p.address_cap);
}

TEST_CASE("a known address meets only its own delay; unknown ones meet the account's ceiling") {
  LoginThrottlePolicy p;
  ThrottleInputs in;
  in.unknown_on_account = {500, kT0};  // a brute force from many addresses
  in.prefix = {40, kT0};
  in.known_address = true;
  CHECK_FALSE(wait_before_attempt(p, in, kT0 + seconds(1)));
  in.address = {2, kT0};
  CHECK(wait_before_attempt(p, in, kT0) == seconds(2));

  in = {};
  in.unknown_on_account = {500, kT0};
  CHECK(wait_before_attempt(p, in, kT0 + seconds(10)) == p.account_cap - seconds(10));
  CHECK_FALSE(wait_before_attempt(p, in, kT0 + p.account_cap));  // the bound for a new address
  in.unknown_on_account = {p.account_free, kT0};                 // below the ceiling: no wait
  CHECK_FALSE(wait_before_attempt(p, in, kT0));

  in = {};
  in.prefix = {p.prefix_free + 2, kT0};  // rotating through one /24
  CHECK(wait_before_attempt(p, in, kT0) == seconds(2));
}

TEST_CASE("account_throttle_starts once, at the first failure past the free ones") {
  LoginThrottlePolicy p;
  CHECK_FALSE(account_throttle_starts(p, p.account_free));
  CHECK(account_throttle_starts(p, p.account_free + 1));
  CHECK_FALSE(account_throttle_starts(p, p.account_free + 2));
}
