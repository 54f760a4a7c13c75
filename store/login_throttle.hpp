// The sign-in throttle's rules, without I/O: how long an attempt must wait, given the failures
// already recorded (counted by the store) and the time passed in. Nothing here can fail; an
// address that does not parse as IP is keyed as its printable text (it then has no prefix key).
//
// Three counters, each a delay that doubles per failure up to a cap, counted from the last
// failure in the window:
//   - per (account, address key): the only one an address the account signed in from recently
//     (a "known" address) ever meets, so the right person at their usual address waits at most
//     `address_cap` however hard their name is attacked from elsewhere;
//   - per (account, IPv4 /24): looser (`prefix_free` failures first), so rotating through a
//     block of addresses does not reset the delay, while a school's neighbours behind one block
//     are not slowed by one person's typing;
//   - per account, failures from unknown addresses only: after `account_free` of them, every
//     unknown address waits, up to `account_cap` (the bound a new address can be made to wait).
// Nothing is keyed on the address alone, so many people behind one proxy share no fate.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "moderation/types.hpp"

namespace hm::store {

using moderation::Time;

struct LoginThrottlePolicy {
  std::chrono::seconds first_delay{1};  // after the first failure; doubles per failure after
  std::chrono::seconds address_cap{60};
  int prefix_free = 8;  // failures from one IPv4 /24 on one account before the /24 slows
  std::chrono::seconds prefix_cap{5 * 60};
  int account_free = 10;  // failures from unknown addresses before unknown addresses slow
  std::chrono::seconds account_cap{5 * 60};
  // Failures older than this are forgotten. Longer than account_free * account_cap, or a slowed
  // attacker's count would fall back below the free ones and speed up again.
  std::chrono::seconds window{24 * 3600};
  std::chrono::seconds known_for{90 * 24 * 3600};  // a sign-in keeps its address known this long
  int max_known_addresses = 10;                    // per account; the oldest is forgotten
};

// How the throttle names an address. IPv6 by its /64 (one subscriber's usual allocation, so a
// single host cannot rotate through 2^64 addresses); IPv4 exactly (one NAT can be a whole
// school), with the /24 as `prefix` for the looser limit.
struct AddressKeys {
  std::string exact;
  std::optional<std::string> prefix;
};
AddressKeys address_keys(std::string_view address);

// Failures within the window for one counter: how many, and the latest.
struct FailureCount {
  int count = 0;
  Time last{};
};

struct ThrottleInputs {
  FailureCount address;             // this account from this address key
  FailureCount prefix;              // this account from this IPv4 /24 (zero for IPv6)
  FailureCount unknown_on_account;  // this account from addresses it has not signed in from
  bool known_address = false;       // this account signed in from this address key recently
};

// Doubling from `first` after `free` failures, capped; zero while count <= free.
std::chrono::seconds growing_delay(int count, int free, std::chrono::seconds first,
                                   std::chrono::seconds cap);

// How long until an attempt may be checked, or nullopt when it may be checked now.
std::optional<std::chrono::seconds> wait_before_attempt(const LoginThrottlePolicy& policy,
                                                        const ThrottleInputs& in, Time now);

// True when the failure just recorded (the count including it) is the one that starts slowing
// unknown addresses for this account: the moment worth one audit row.
bool account_throttle_starts(const LoginThrottlePolicy& policy, int unknown_failures);

}  // namespace hm::store
