// A user's own second factor: setting it up (a secret shown once as a QR code, then confirmed
// with a code from the app) and its state. Resetting one is an admin's job on the server
// (hallmonitorctl user reset-second-factor), so a stolen session cannot turn it off.
#include "console/console_impl.hpp"
#include "console/qr_code.hpp"

namespace hm::console {

namespace {

Json status_json(store::Accounts& accounts, const store::User& user) {
  return {{"enabled", user.second_factor},
          {"required", accounts.second_factor_required(user)},
          {"recovery_codes_left", accounts.recovery_codes_left(user.name)}};
}

}  // namespace

bool ConsoleApi::Impl::allowed_before_second_factor(const Call& call) {
  const auto& p = call.path;
  if (p.size() == 1 && p[0] == "session") return true;  // who am I; sign out
  return p.size() >= 2 && p[0] == "me" && p[1] == "second-factor";
}

HttpResponse ConsoleApi::Impl::second_factor(Call& call) {
  const auto& p = call.path;
  const auto m = call.request.method();
  const auto& req = call.request;
  if (p.size() == 2 && m == http::verb::get)
    return json_response(req, http::status::ok, status_json(accounts, call.user));
  if (p.size() == 2 && m == http::verb::post) {
    auto enrolment = accounts.begin_second_factor(call.user.name, call.now);
    if (!enrolment) return error_response(req, http::status::conflict, enrolment.error());
    return json_response(
        req, http::status::ok,
        {{"secret", enrolment->secret}, {"uri", enrolment->uri}, {"qr", qr_rows(enrolment->uri)}});
  }
  if (p.size() == 3 && p[2] == "confirm" && m == http::verb::post) {
    auto body = parse_body(call);
    if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
    std::string problem;
    auto code = string_field(std::get<Json>(body), "code", problem);
    if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
    if (!code) return error_response(req, http::status::bad_request, "send {\"code\": \"123456\"}");
    auto codes = accounts.confirm_second_factor(call.user.name, *code, call.now);
    if (!codes) return error_response(req, http::status::unprocessable_entity, codes.error());
    return json_response(req, http::status::ok, {{"recovery_codes", *codes}});
  }
  if (p.size() <= 3)
    return error_response(req, http::status::method_not_allowed, "method not allowed here");
  return error_response(req, http::status::not_found, "no such API endpoint");
}

}  // namespace hm::console
