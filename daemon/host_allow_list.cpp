#include "daemon/host_allow_list.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace hm::daemon {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

// "name:8088" → "name", "[::1]:8088" → "::1" (brackets kept off so it parses as an address).
// Empty when the header is malformed.
std::string host_without_port(std::string_view host) {
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return {};
    const auto rest = host.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return {};
    return lower(host.substr(1, close - 1));
  }
  const auto colon = host.find(':');
  return lower(host.substr(0, colon));
}

bool is_address(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

std::string url_host(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return host_without_port(url);
}

HostAllowList::HostAllowList(std::string_view public_url,
                             const std::vector<std::string>& allowed_hosts) {
  names_.push_back("localhost");
  if (auto host = url_host(public_url); !host.empty()) names_.push_back(std::move(host));
  for (const auto& name : allowed_hosts) names_.push_back(host_without_port(name));
}

bool HostAllowList::allows(std::string_view host_header) const {
  const std::string host = host_without_port(host_header);
  if (host.empty()) return false;
  if (is_address(host)) return true;
  // A trailing dot names the same host ("localhost."), so it is compared without it.
  std::string_view bare = host;
  if (bare.ends_with('.')) bare.remove_suffix(1);
  return std::find(names_.begin(), names_.end(), bare) != names_.end();
}

}  // namespace hm::daemon
