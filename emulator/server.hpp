// The emulator's HTTPS server: Beast over TLS 1.2+, one coroutine session per connection,
// keep-alive, a deadline on every handshake/read/write, a body limit, and a graceful stop on
// SIGTERM/SIGINT. Each request is handed to the sans-io Emulator.
//
// Error policy: setup failures (bind, TLS context) throw std::runtime_error / system_error;
// a session's failure is caught once in that session, logged, and ends only that connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "emulator/emulator.hpp"
#include "emulator/tls_identity.hpp"

namespace hm::emulator {

struct ServerConfig {
  std::string address;  // a loopback IP literal
  std::uint16_t port = 0;
  TlsIdentity identity;
  std::function<void(std::uint16_t bound_port)> on_ready;  // called once listening
};

// Serves until SIGTERM or SIGINT; returns after the listener and every session are closed.
void run_server(Emulator& emulator, const ServerConfig& config);

}  // namespace hm::emulator
