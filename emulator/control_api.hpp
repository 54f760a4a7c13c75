// The emulator's control API under /_emulator/ (JSON in and out, loopback only, no auth):
// tests and the demo use it to set up accounts, posts and comments, script faults, move the
// clock and read back what the daemon did. The connectors never call it.
//
// Error policy: bad input is a 400 {"error":"..."} response; nothing throws except
// std::bad_alloc.
#pragma once

#include <string>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"

namespace hm::emulator {

bool is_control_path(const std::string& path);  // "/_emulator/..."

Response handle_control(State& st, const Request& req);

}  // namespace hm::emulator
