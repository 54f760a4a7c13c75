// Users and API tokens, for admins of every school.
#include <sodium.h>

#include <algorithm>

#include "console/console_impl.hpp"

namespace hm::console {

namespace {

// A new password on its way to a worker: hashed there, and wiped once hashed.
struct Hashing {
  explicit Hashing(std::string p) : password(std::move(p)) {}
  ~Hashing() { sodium_memzero(password.data(), password.size()); }
  void run() {
    hash = store::Accounts::hash_new_password(password);
    sodium_memzero(password.data(), password.size());
  }
  std::string password;
  std::string hash;
};

Json token_json(const store::TokenInfo& t) {
  return {{"id", t.id},
          {"user", t.user},
          {"name", t.name},
          {"created_at", time_json(t.created_at)},
          {"expires_at", time_json(t.expires_at)},
          {"last_used_at", time_json(t.last_used_at)},
          {"revoked_at", time_json(t.revoked_at)}};
}

// Administration covers every school, so it needs an admin grant for "*".
std::optional<HttpResponse> refuse_unless_admin(const Call& call) {
  if (permits(call.user, Permission::administer, "*")) return std::nullopt;
  return error_response(call.request, http::status::forbidden,
                        "only an admin for every school manages users and tokens");
}

// {"roles": [{"role", "school"}...]} as grants, or the sentence saying what is wrong.
std::variant<std::vector<store::Grant>, std::string> parse_grants(
    const Json& roles, const std::vector<SchoolInfo>& schools) {
  if (!roles.is_array() || roles.empty())
    return std::string("roles must be a non-empty array of {\"role\", \"school\"}");
  std::vector<store::Grant> grants;
  for (const auto& r : roles) {
    if (!r.is_object() || !r.contains("role") || !r["role"].is_string())
      return std::string("each role is {\"role\": \"moderator\", \"school\": \"id\" or \"*\"}");
    auto role = store::parse_role(r["role"].get<std::string>());
    if (!role) return std::string("role must be admin, moderator, safeguarding or viewer");
    std::string school = r.contains("school") && r["school"].is_string()
                             ? r["school"].get<std::string>()
                             : std::string("*");
    bool known = school == "*";
    for (const auto& s : schools) known = known || s.id == school;
    if (!known) return "no school '" + school + "'";
    grants.push_back({*role, school});
  }
  return grants;
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

Reply ConsoleApi::Impl::add_user(Call& call) {
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
  auto roles = b.find("roles");
  if (roles == b.end())
    return error_response(req, http::status::bad_request,
                          "roles must be a non-empty array of {\"role\", \"school\"}");
  auto grants = parse_grants(*roles, schools);
  if (auto* r = std::get_if<std::string>(&grants))
    return error_response(req, http::status::bad_request, *r);
  auto granted = std::get<std::vector<store::Grant>>(std::move(grants));
  if (auto refused = accounts.new_user_problem(*name, *password, granted))
    return error_response(req, http::status::conflict, *refused);
  // Argon2 on a worker; the row is written back on the io thread (which checks again).
  auto hashing = std::make_shared<Hashing>(std::move(*password));
  return SlowWork{[hashing] { hashing->run(); },
                  [this, hashing, &req, name = *name, granted = std::move(granted),
                   actor = call.actor, now = call.now] {
                    auto added = accounts.add_user_hashed(name, hashing->hash, granted, actor, now);
                    if (!added) return error_response(req, http::status::conflict, added.error());
                    Json j = user_json(*added);
                    j["created_at"] = time_json(added->created_at);
                    return json_response(req, http::status::created, j);
                  }};
}

HttpResponse ConsoleApi::Impl::update_user(Call& call, const std::string& name) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  store::UserChange change;
  if (auto roles = b.find("roles"); roles != b.end()) {
    auto grants = parse_grants(*roles, schools);
    if (auto* r = std::get_if<std::string>(&grants))
      return error_response(req, http::status::bad_request, *r);
    change.grants = std::get<std::vector<store::Grant>>(std::move(grants));
    // An admin who takes away their own admin role for every school would lock themselves out
    // of this page, perhaps leaving nobody who can manage users.
    const bool still_admin =
        std::any_of(change.grants->begin(), change.grants->end(),
                    [](const auto& g) { return g.role == store::Role::admin && g.school == "*"; });
    if (name == call.user.name && !still_admin)
      return error_response(req, http::status::conflict,
                            "you cannot take away your own admin role; ask another admin");
  }
  if (auto email = b.find("email"); email != b.end()) {
    if (!email->is_string() && !email->is_null())
      return error_response(req, http::status::bad_request,
                            "email must be an address, or \"\" or null to remove it");
    change.email = email->is_null() ? std::string() : email->get<std::string>();
  }
  if (auto digest = b.find("digest"); digest != b.end()) {
    if (!digest->is_boolean())
      return error_response(req, http::status::bad_request, "digest must be true or false");
    change.digest = digest->get<bool>();
  }
  if (!change.grants && !change.email && !change.digest)
    return error_response(req, http::status::bad_request,
                          "send any of {\"roles\", \"email\", \"digest\"}");
  if (!accounts.user(name)) return error_response(req, http::status::not_found, "no such user");
  auto updated = accounts.update_user(name, change, call.actor, call.now);
  if (!updated) return error_response(req, http::status::bad_request, updated.error());
  Json j = user_json(*updated);
  j["created_at"] = time_json(updated->created_at);
  return json_response(req, http::status::ok, j);
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

Reply ConsoleApi::Impl::set_password(Call& call, const std::string& name) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  std::string problem;
  auto password = string_field(std::get<Json>(body), "password", problem);
  if (!problem.empty() || !password)
    return error_response(call.request, http::status::bad_request, "send {\"password\": \"...\"}");
  if (!accounts.user(name))
    return error_response(call.request, http::status::not_found, "no such user");
  if (auto refused = accounts.new_password_problem(name, *password))
    return error_response(call.request, http::status::bad_request, *refused);
  auto hashing = std::make_shared<Hashing>(std::move(*password));
  return SlowWork{[hashing] { hashing->run(); },
                  [this, hashing, &req = call.request, name, actor = call.actor, now = call.now] {
                    auto set = accounts.set_password_hashed(name, hashing->hash, actor, now);
                    if (!set) return error_response(req, http::status::bad_request, set.error());
                    return no_content(req);
                  }};
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
                          "send {\"user\": \"...\", \"name\": \"...\", \"expires_in_days\": N}");
  // Optional: a token for a one-off job should not outlive it.
  std::optional<moderation::Time> expires_at;
  if (auto days = b.find("expires_in_days"); days != b.end() && !days->is_null()) {
    if (!days->is_number_integer() || days->get<std::int64_t>() < 1 ||
        days->get<std::int64_t>() > 3650)
      return error_response(call.request, http::status::bad_request,
                            "expires_in_days must be a whole number of days from 1 to 3650");
    expires_at = call.now + std::chrono::days(days->get<std::int64_t>());
  }
  auto made = accounts.create_token(*user, name.value_or(""), call.actor, call.now, expires_at);
  if (!made) return error_response(call.request, http::status::bad_request, made.error());
  return json_response(call.request, http::status::created,
                       Json{{"id", made->first.id},
                            {"token", made->second},
                            {"expires_at", time_json(made->first.expires_at)}});
}

HttpResponse ConsoleApi::Impl::revoke_token(Call& call, std::int64_t id) {
  if (auto refused = refuse_unless_admin(call)) return std::move(*refused);
  auto revoked = accounts.revoke_token(id, call.actor, call.now);
  if (!revoked) return error_response(call.request, http::status::not_found, revoked.error());
  return no_content(call.request);
}

}  // namespace hm::console
