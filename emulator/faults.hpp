// Scripted faults: the control API queues them, the router consumes them on matching API
// requests and turns them into the platform's own failure shapes (or delays, hangs, broken
// bodies).
//
// Error policy: parsing a fault request returns an error string for bad input; applying a fault
// never throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "emulator/http_message.hpp"
#include "emulator/platform.hpp"

namespace hm::emulator {

enum class FaultKind {
  rate_limit,
  server_error,
  slow,
  hang,
  expired_token,
  malformed_json,
  truncated_json,
  partial_errors,
  action_blocked,     // Graph only: this action is refused for now; reads are unaffected
  permission_denied,  // refused for good: the account lacks the permission (not a token problem)
  invalid_request,    // this request is refused for good as invalid (Graph #100, X 400)
};

struct Fault {
  Platform platform = Platform::facebook;
  FaultKind kind = FaultKind::server_error;
  int remaining = 1;           // how many more matching requests it applies to
  std::string match;           // substring of the decoded path or the raw target; empty matches all
  std::uint32_t delay_ms = 0;  // slow: wait before answering
  int regain_minutes = 1;      // rate_limit: estimated_time_to_regain_access (Graph)
};

std::optional<FaultKind> parse_fault_kind(const std::string& s);
const char* to_string(FaultKind k);

// Does this fault apply to a request on `platform` with this decoded path or raw target?
bool fault_matches(const Fault& f, Platform platform, const std::string& path,
                   const std::string& target);

// Turns a successful 200 JSON response into the broken body the fault asks for.
void break_body(FaultKind kind, Response& r);
// X partial errors: adds an `errors[]` array next to `data` in a 200 response.
void add_partial_errors(Response& r);

}  // namespace hm::emulator
