// Which Host headers the listener answers (DNS rebinding): a page on an attacker's domain that
// re-points its name at 127.0.0.1 can make a staff browser, with the SSH tunnel open, send it
// requests; the browser sends the attacker's name as Host. Only names the admin chose are
// answered: any IP address literal (a rebinding attack needs a name it controls, so an address
// is never one), `localhost`, the host of [console] public_url and each [console]
// allowed_hosts entry. Compared without the port and case-insensitively.
//
// Error policy: pure; nothing fails. A malformed Host is simply not allowed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hm::daemon {

class HostAllowList {
 public:
  // `public_url`: "https://name[:port][/...]" or empty; `allowed_hosts`: plain names.
  HostAllowList(std::string_view public_url, const std::vector<std::string>& allowed_hosts);
  bool allows(std::string_view host_header) const;

 private:
  std::vector<std::string> names_;  // lower case, no port
};

// The host of an http(s) URL, lower case, without the port; empty when there is none.
std::string url_host(std::string_view url);

}  // namespace hm::daemon
