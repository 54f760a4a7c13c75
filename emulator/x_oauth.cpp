#include "emulator/x_internal.hpp"
#include "emulator/x_rules.hpp"

#include "emulator/url_codec.hpp"
#include "emulator/x_authorize.hpp"

namespace hm::emulator::x {

namespace {

Response token_error(int status, const std::string& error, const std::string& description) {
  return json_response(status, {{"error", error}, {"error_description", description}});
}

}  // namespace

Response oauth_token(State& st, const Request& req) {
  Params form = parse_params(req.body);
  auto get = [&](const std::string& k) -> std::optional<std::string> {
    for (auto& [n, v] : form)
      if (n == k) return v;
    return std::nullopt;
  };
  auto grant = get("grant_type");
  if (!grant)
    return token_error(400, "invalid_request", "Missing required parameter [grant_type].");
  if (*grant == "authorization_code") return exchange_code(st, req, form);
  if (*grant != "refresh_token")
    return token_error(400, "invalid_request", "Value passed for the grant type was invalid.");
  auto rt = get("refresh_token");
  if (!rt)
    return token_error(400, "invalid_request", "Missing required parameter [refresh_token].");
  Account* acct = nullptr;
  for (auto& [k, a] : st.accounts)
    if (a.platform == Platform::x && !a.refresh_token.empty() && a.refresh_token == *rt) acct = &a;
  if (!acct) return token_error(400, "invalid_request", "Value passed for the token was invalid.");
  // Client authentication: confidential clients send Basic client_id:client_secret; public
  // clients send client_id in the body.
  bool client_ok = false;
  if (auto auth = req.header("authorization"); auth && auth->rfind("Basic ", 0) == 0) {
    auto decoded = base64_decode(auth->substr(6));
    client_ok = decoded && *decoded == acct->client_id + ":" + acct->client_secret;
  } else if (auto cid = get("client_id")) {
    client_ok = acct->client_secret.empty() && *cid == acct->client_id;
  }
  if (!client_ok)
    return token_error(401, "unauthorized_client", "Missing valid authorization header");
  auto seq = st.next_seq();
  std::string access = "hmx-at-" + std::to_string(seq) + "-" + std::to_string(st.now());
  std::string refresh = "hmx-rt-" + std::to_string(seq) + "-" + std::to_string(st.now());
  st.spent_refresh_tokens.insert(acct->refresh_token);
  acct->refresh_token = refresh;
  std::int64_t lifetime = acct->expires_in > 0 ? acct->expires_in : 7200;
  const auto scopes = token_scopes(*acct);
  st.tokens[access] = Token{Platform::x, acct->id, st.now() + lifetime, scopes};
  std::string scope;
  for (const auto& s : scopes) scope += (scope.empty() ? "" : " ") + s;
  return json_response(200, {{"token_type", "bearer"},
                             {"expires_in", lifetime},
                             {"access_token", access},
                             {"scope", scope},
                             {"refresh_token", refresh}});
}

}  // namespace hm::emulator::x
