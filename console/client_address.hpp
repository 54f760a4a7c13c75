// The client's address for the sign-in throttle: the TCP peer, or, only when that peer is a
// configured trusted proxy ([console] trusted_proxies), the rightmost address in
// X-Forwarded-For that is not itself a trusted proxy. Anything a client writes in the header
// further left is its own claim and is never used. Nothing here fails: a header that does not
// parse leaves the peer's address.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console/http_types.hpp"
#include "console/ip_address.hpp"

namespace hm::console {

// `forwarded_for`: the X-Forwarded-For values in the order they arrived (several headers are
// one list). `trusted_proxies`: canonical_ip forms.
std::string client_address(std::string_view peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);
std::string client_address(std::string_view peer, const HttpRequest& request,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace hm::console
