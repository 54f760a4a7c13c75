// Users and API tokens, for admins of every school.
#include "console/console_impl.hpp"

namespace hm::console {

namespace {

Json token_json(const store::TokenInfo& t) {
  return {{"id", t.id},
          {"user", t.user},
          {"name", t.name},
          {"created_at", time_json(t.created_at)},
          {"last_used_at", time_json(t.last_used_at)},
          {"revoked_at", time_json(t.revoked_at)}};
}

// Administration covers every school, so it needs an admin grant for "*".
std::optional<HttpResponse> refuse_unless_admin(const Call& call) {
  if (permits(call.user, Permission::administer, "*")) return std::nullopt;
  return error_response(call.request, http::status::forbidden,
                        "only an admin for every school manages users and tokens");
}

}  // namespace

HttpResponse ConsoleApi::Impl::list_users(Call& call) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  Json users = Json::array();
  for (const auto& u : accounts.users()) {
    Json j = user_json(u);
    j["created_at"] = time_json(u.created_at);
    users.push_back(std::move(j));
  }
  return json_response(call.request, http::status::ok, Json{{"users", std::move(users)}});
}

HttpResponse ConsoleApi::Impl::add_user(Call& call) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  std::string problem;
  auto name = string_field(b, "name", problem);
  auto password = string_field(b, "password", problem);
  if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
  if (!name || !password)
    return error_response(req, http::status::bad_request, "give name, password and roles");
  std::vector<store::Grant> grants;
  auto roles = b.find("roles");
  if (roles == b.end() || !roles->is_array() || roles->empty())
    return error_response(req, http::status::bad_request,
                          "roles must be a non-empty array of {\"role\", \"school\"}");
  for (const auto& r : *roles) {
    if (!r.is_object() || !r.contains("role") || !r["role"].is_string())
      return error_response(req, http::status::bad_request,
                            "each role is {\"role\": \"moderator\", \"school\": \"id\" or \"*\"}");
    auto role = store::parse_role(r["role"].get<std::string>());
    if (!role)
      return error_response(req, http::status::bad_request,
                            "role must be admin, moderator, safeguarding or viewer");
    std::string school = r.contains("school") && r["school"].is_string()
                             ? r["school"].get<std::string>()
                             : std::string("*");
    bool known = school == "*";
    for (const auto& s : schools) known = known || s.id == school;
    if (!known) return error_response(req, http::status::bad_request, "no school '" + school + "'");
    grants.push_back({*role, school});
  }
  auto added = accounts.add_user(*name, *password, grants, call.actor, call.now);
  if (!added) return error_response(req, http::status::conflict, added.error());
  Json j = user_json(*added);
  j["created_at"] = time_json(added->created_at);
  return json_response(req, http::status::created, j);
}

HttpResponse ConsoleApi::Impl::remove_user(Call& call, const std::string& name) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  if (name == call.user.name)
    return error_response(call.request, http::status::conflict,
                          "you cannot remove yourself; ask another admin");
  auto removed = accounts.remove_user(name, call.actor, call.now);
  if (!removed) return error_response(call.request, http::status::not_found, removed.error());
  return no_content(call.request);
}

HttpResponse ConsoleApi::Impl::set_password(Call& call, const std::string& name) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  std::string problem;
  auto password = string_field(std::get<Json>(body), "password", problem);
  if (!problem.empty() || !password)
    return error_response(call.request, http::status::bad_request, "send {\"password\": \"...\"}");
  if (!accounts.user(name))
    return error_response(call.request, http::status::not_found, "no such user");
  auto set = accounts.set_password(name, *password, call.actor, call.now);
  if (!set) return error_response(call.request, http::status::bad_request, set.error());
  return no_content(call.request);
}

HttpResponse ConsoleApi::Impl::list_tokens(Call& call) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  Json tokens = Json::array();
  for (const auto& t : accounts.tokens()) tokens.push_back(token_json(t));
  return json_response(call.request, http::status::ok, Json{{"tokens", std::move(tokens)}});
}

HttpResponse ConsoleApi::Impl::create_token(Call& call) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  std::string problem;
  const Json& b = std::get<Json>(body);
  auto user = string_field(b, "user", problem);
  auto name = string_field(b, "name", problem);
  if (!problem.empty() || !user)
    return error_response(call.request, http::status::bad_request,
                          "send {\"user\": \"...\", \"name\": \"...\"}");
  auto made = accounts.create_token(*user, name.value_or(""), call.actor, call.now);
  if (!made) return error_response(call.request, http::status::bad_request, made.error());
  return json_response(call.request, http::status::created,
                       Json{{"id", made->first.id}, {"token", made->second}});
}

HttpResponse ConsoleApi::Impl::revoke_token(Call& call, std::int64_t id) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  auto revoked = accounts.revoke_token(id, call.actor, call.now);
  if (!revoked) return error_response(call.request, http::status::not_found, revoked.error());
  return no_content(call.request);
}

}  // namespace hm::console
