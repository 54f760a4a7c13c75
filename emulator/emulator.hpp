// The sans-io emulator: one request in, one response out. Routes the control API, Graph
// (Facebook, Instagram) and X, applies queued faults, and logs every API call.
//
// Error policy: bad requests are answered in the addressed platform's error shape; nothing
// here throws except std::bad_alloc (the server's per-session catch-all covers that).
#pragma once

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"

namespace hm::emulator {

class Emulator {
 public:
  Response handle(const Request& req);
  State& state() { return state_; }

 private:
  State state_;
};

}  // namespace hm::emulator
