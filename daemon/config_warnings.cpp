#include "daemon/config_warnings.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

namespace hm::config {

bool listen_is_loopback(std::string_view listen) {
  std::string host(listen.substr(0, listen.rfind(':')));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned char v4[4];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, host.c_str(), v6) == 1) {
    static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return std::equal(v6, v6 + 16, kLoopback);
  }
  return false;  // not an address: the listener refuses it at start-up anyway
}

std::vector<Problem> warnings(const Config& cfg) {
  std::vector<Problem> out;
  const bool tls = !cfg.console.tls_cert.empty() && !cfg.console.tls_key.empty();
  if (!tls && !listen_is_loopback(cfg.daemon.listen))
    out.push_back(
        {cfg.file.string(), cfg.daemon.listen_line,
         "warning: [daemon] listen = \"" + cfg.daemon.listen +
             "\" is reachable beyond this machine but [console] has no tls_cert and tls_key: "
             "browsers will not keep the console's Secure sign-in cookie over plain http, so "
             "every sign-in will fail. Set [console] tls_cert and tls_key, or listen on "
             "127.0.0.1 behind an HTTPS reverse proxy"});
  return out;
}

}  // namespace hm::config
