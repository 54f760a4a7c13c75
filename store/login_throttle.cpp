// The sign-in throttle's rules; see login_throttle.hpp.
#include "store/login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace hm::store {

AddressKeys address_keys(std::string_view address) {
  const std::string text(address.substr(0, 64));
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%u.%u.%u.0/24", bytes[0], bytes[1], bytes[2]);
    char exact[32];
    std::snprintf(exact, sizeof exact, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
    return {exact, std::string(prefix)};
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    // An IPv4-mapped IPv6 address is the IPv4 address, or mapping would dodge the /24 limit.
    static constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0,    0,
                                                           0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), bytes.begin())) {
      char v4[32];
      std::snprintf(v4, sizeof v4, "%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
      return address_keys(v4);
    }
    char prefix[48];
    std::snprintf(prefix, sizeof prefix, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", bytes[0],
                  bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]);
    return {prefix, std::nullopt};
  }
  // Not an IP (a test, or a Unix socket): its printable text, which the caller made.
  std::string key;
  for (char ch : text) key += (ch >= 0x21 && ch <= 0x7e) ? ch : '?';
  return {key, std::nullopt};
}

std::chrono::seconds growing_delay(int count, int free, std::chrono::seconds first,
                                   std::chrono::seconds cap) {
  if (count <= free) return std::chrono::seconds(0);
  const int doublings = std::min(count - free - 1, 30);
  const auto delay = first.count() * (std::int64_t{1} << doublings);
  return std::chrono::seconds(std::min<std::int64_t>(delay, cap.count()));
}

namespace {

std::chrono::seconds remaining(const FailureCount& f, std::chrono::seconds delay, Time now) {
  if (f.count == 0 || delay.count() == 0) return std::chrono::seconds(0);
  const auto free_at = f.last + delay;
  return free_at > now ? std::chrono::duration_cast<std::chrono::seconds>(free_at - now)
                       : std::chrono::seconds(0);
}

}  // namespace

std::optional<std::chrono::seconds> wait_before_attempt(const LoginThrottlePolicy& p,
                                                        const ThrottleInputs& in, Time now) {
  auto wait =
      remaining(in.address, growing_delay(in.address.count, 0, p.first_delay, p.address_cap), now);
  if (!in.known_address) {
    wait = std::max(
        wait,
        remaining(in.prefix,
                  growing_delay(in.prefix.count, p.prefix_free, p.first_delay, p.prefix_cap), now));
    wait = std::max(wait, remaining(in.unknown_on_account,
                                    growing_delay(in.unknown_on_account.count, p.account_free,
                                                  p.first_delay, p.account_cap),
                                    now));
  }
  if (wait.count() == 0) return std::nullopt;
  return wait;
}

bool account_throttle_starts(const LoginThrottlePolicy& policy, int unknown_failures) {
  return unknown_failures == policy.account_free + 1;
}

}  // namespace hm::store
