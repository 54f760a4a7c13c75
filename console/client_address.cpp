// The client's address behind a trusted proxy; see client_address.hpp.
#include "console/client_address.hpp"

#include <algorithm>

namespace hm::console {

namespace {

bool trusted(const std::string& canonical, const std::vector<std::string>& proxies) {
  return std::find(proxies.begin(), proxies.end(), canonical) != proxies.end();
}

}  // namespace

std::string client_address(std::string_view peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  const auto peer_ip = canonical_ip(peer);
  if (!peer_ip || !trusted(*peer_ip, trusted_proxies)) return std::string(peer);
  std::vector<std::string_view> hops;
  for (std::string_view value : forwarded_for) {
    while (!value.empty()) {
      const auto comma = value.find(',');
      hops.push_back(value.substr(0, comma));
      value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    }
  }
  // From the right: each trusted proxy appended the address it saw; the first one not ours
  // is the client as our proxies saw it.
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    const auto ip = canonical_ip(*hop);
    if (!ip) return *peer_ip;  // a proxy of ours would not write this: trust nothing further
    if (!trusted(*ip, trusted_proxies)) return *ip;
  }
  return *peer_ip;
}

std::string client_address(std::string_view peer, const HttpRequest& request,
                           const std::vector<std::string>& trusted_proxies) {
  std::vector<std::string_view> values;
  for (auto [it, end] = request.equal_range("X-Forwarded-For"); it != end; ++it)
    values.emplace_back(it->value().data(), it->value().size());
  return client_address(peer, values, trusted_proxies);
}

}  // namespace hm::console
