#include "emulator/emulator.hpp"

#include "emulator/control_api.hpp"
#include "emulator/graph_api.hpp"
#include "emulator/graph_oauth.hpp"
#include "emulator/json_response.hpp"
#include "emulator/x_api.hpp"
#include "emulator/x_authorize.hpp"

namespace hm::emulator {

namespace {

std::optional<Fault> take_fault(State& st, Platform p, const Request& req) {
  for (auto it = st.faults.begin(); it != st.faults.end(); ++it) {
    if (!fault_matches(*it, p, req.path, req.target)) continue;
    Fault f = *it;
    if (--it->remaining <= 0) st.faults.erase(it);
    return f;
  }
  return std::nullopt;
}

}  // namespace

Response Emulator::handle(const Request& req) {
  State& st = state_;
  if (is_control_path(req.path)) return handle_control(st, req);
  if (is_x_authorize_path(req.path)) return handle_x_authorize(st, req);
  bool x = is_x_path(req.path);
  const bool onboarding = !x && is_graph_oauth_request(st, req);  // graph_oauth.hpp
  if (!x && !onboarding && !is_graph_path(req.path))
    return json_response(404, {{"error", "unknown path; Graph is /vNN.0/..., X is /2/..."}});
  Platform p = x ? Platform::x : graph_platform(st, req);
  auto serve = [&] {
    return x ? handle_x(st, req) : onboarding ? handle_graph_oauth(st, req) : handle_graph(st, req);
  };

  Response r;
  auto fault = take_fault(st, p, req);
  if (!fault) {
    r = serve();
  } else {
    switch (fault->kind) {
      case FaultKind::rate_limit:
        r = x ? x_rate_limited(st, req) : graph_rate_limited(st, req, p, fault->regain_minutes);
        break;
      case FaultKind::action_blocked:
        r = graph_action_blocked(p);
        break;
      case FaultKind::permission_denied:
        r = x ? x_problem(403, "Forbidden", "You are not permitted to perform this action.")
              : graph_permission_denied();
        break;
      case FaultKind::invalid_request:
        r = x ? x_problem(400, "Invalid Request",
                          "One or more parameters to your request was invalid.",
                          "https://api.x.com/2/problems/invalid-request")
              : graph_error(400, 100, std::nullopt, "(#100) Invalid parameter");
        break;
      case FaultKind::server_error:
        r = x ? x_server_error() : graph_server_error();
        break;
      case FaultKind::expired_token:
        r = x ? x_unauthorized() : graph_expired_token(st);
        break;
      case FaultKind::slow:
        r = serve();
        r.delay_ms = fault->delay_ms;
        break;
      case FaultKind::hang:
        r.status = 0;
        r.hang = true;
        break;
      case FaultKind::malformed_json:
      case FaultKind::truncated_json:
        r = serve();
        break_body(fault->kind, r);
        break;
      case FaultKind::partial_errors:
        r = serve();
        if (x) add_partial_errors(r);
        break;
    }
    if (x && fault->kind != FaultKind::hang && fault->kind != FaultKind::rate_limit)
      add_x_rate_headers(st, req, r);
  }
  // Every API answer says the emulator's time, as the real platforms' servers do: clients that
  // place rate-limit resets against it follow the emulator's clock when a test moves it.
  if (!r.hang) r.set_header("Date", http_date(st.now()));
  st.log_call({p, req.method, req.target, r.status, false});
  return r;
}

}  // namespace hm::emulator
