#include "emulator/faults.hpp"

#include "emulator/json_response.hpp"

namespace hm::emulator {

std::optional<FaultKind> parse_fault_kind(const std::string& s) {
  if (s == "rate_limit") return FaultKind::rate_limit;
  if (s == "server_error") return FaultKind::server_error;
  if (s == "slow") return FaultKind::slow;
  if (s == "hang") return FaultKind::hang;
  if (s == "expired_token") return FaultKind::expired_token;
  if (s == "malformed_json") return FaultKind::malformed_json;
  if (s == "truncated_json") return FaultKind::truncated_json;
  if (s == "partial_errors") return FaultKind::partial_errors;
  if (s == "action_blocked") return FaultKind::action_blocked;
  if (s == "permission_denied") return FaultKind::permission_denied;
  if (s == "invalid_request") return FaultKind::invalid_request;
  return std::nullopt;
}

const char* to_string(FaultKind k) {
  switch (k) {
    case FaultKind::rate_limit:
      return "rate_limit";
    case FaultKind::server_error:
      return "server_error";
    case FaultKind::slow:
      return "slow";
    case FaultKind::hang:
      return "hang";
    case FaultKind::expired_token:
      return "expired_token";
    case FaultKind::malformed_json:
      return "malformed_json";
    case FaultKind::truncated_json:
      return "truncated_json";
    case FaultKind::partial_errors:
      return "partial_errors";
    case FaultKind::action_blocked:
      return "action_blocked";
    case FaultKind::permission_denied:
      return "permission_denied";
    case FaultKind::invalid_request:
      return "invalid_request";
  }
  return "?";
}

bool fault_matches(const Fault& f, Platform platform, const std::string& path,
                   const std::string& target) {
  if (f.remaining <= 0 || f.platform != platform) return false;
  return f.match.empty() || path.find(f.match) != std::string::npos ||
         target.find(f.match) != std::string::npos;
}

void break_body(FaultKind kind, Response& r) {
  r.status = 200;
  if (kind == FaultKind::truncated_json) {
    // Cut the real body in half (at least one byte short, so it never parses).
    std::size_t keep = r.body.size() > 1 ? r.body.size() / 2 : 0;
    if (keep == 0)
      r.body = "{\"data\":[";
    else
      r.body.resize(keep);
  } else {
    r.body = "{\"data\":[{\"id\":\"1\",,\"text\":}]<html>";
  }
}

void add_partial_errors(Response& r) {
  if (r.status != 200) return;
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object()) return;
  body["errors"] = json::array({{{"value", "1"},
                                 {"detail", "Could not find tweet with id: [1]."},
                                 {"title", "Not Found Error"},
                                 {"resource_type", "tweet"},
                                 {"parameter", "id"},
                                 {"resource_id", "1"},
                                 {"type", "https://api.x.com/2/problems/resource-not-found"}}});
  r.body = dump(body);
}

}  // namespace hm::emulator
