// Things in a valid config that will not work as the admin expects, reported by
// `hallmonitord --check` (and at start-up) as "file:line: warning: ..." without refusing the
// config (DESIGN.md §9).
//
// Error policy: pure over a loaded Config; nothing fails.
#pragma once

#include <string_view>
#include <vector>

#include "daemon/config.hpp"

namespace hm::config {

// True for a listen address on 127.0.0.0/8 or ::1 ("127.0.0.1:8088", "[::1]:8088").
bool listen_is_loopback(std::string_view listen);

// Today: the console listening beyond loopback without TLS. Its session cookie is Secure, so a
// browser on plain http:// drops it and every sign-in fails silently.
std::vector<Problem> warnings(const Config& cfg);

}  // namespace hm::config
