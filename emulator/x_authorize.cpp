#include "emulator/x_authorize.hpp"

#include <openssl/evp.h>

#include <set>
#include <sstream>

#include "emulator/json_response.hpp"

namespace hm::emulator {

namespace {

constexpr std::int64_t kCodeLifetime = 30;  // "auth code valid 30 s" (XDOCS authorization-code)

const std::set<std::string>& known_scopes() {
  static const std::set<std::string> s = {"tweet.read",     "tweet.write",   "tweet.moderate.write",
                                          "users.read",     "follows.read",  "follows.write",
                                          "offline.access", "space.read",    "mute.read",
                                          "mute.write",     "like.read",     "like.write",
                                          "list.read",      "list.write",    "block.read",
                                          "block.write",    "bookmark.read", "bookmark.write",
                                          "media.write"};
  return s;
}

Response oauth_error(int status, const std::string& error, const std::string& description) {
  return json_response(status, {{"error", error}, {"error_description", description}});
}

std::optional<std::string> first(const Params& ps, const std::string& k) {
  for (const auto& [n, v] : ps)
    if (n == k) return v;
  return std::nullopt;
}

// BASE64URL(SHA-256(verifier)) without padding (RFC 7636 §4.2).
std::string s256(const std::string& verifier) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(verifier.data(), verifier.size(), digest, &len, EVP_sha256(), nullptr);
  std::string b = base64_encode(std::string_view(reinterpret_cast<const char*>(digest), len));
  for (char& ch : b) {
    if (ch == '+') ch = '-';
    if (ch == '/') ch = '_';
  }
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

}  // namespace

bool is_x_authorize_path(const std::string& path) {
  return path == "/i/oauth2/authorize";
}

Response handle_x_authorize(State& st, const Request& req) {
  if (req.method != "GET") return oauth_error(405, "invalid_request", "Use GET.");
  auto q = [&](const char* k) { return req.query_param(k).value_or(""); };
  if (q("response_type") != "code")
    return oauth_error(400, "unsupported_response_type", "response_type must be code.");
  const std::string client_id = q("client_id"), redirect = q("redirect_uri");
  const std::string challenge = q("code_challenge"), scope = q("scope");
  if (redirect.empty() || q("state").empty())
    return oauth_error(400, "invalid_request", "redirect_uri and state are required.");
  if (challenge.empty() || q("code_challenge_method") != "S256")
    return oauth_error(400, "invalid_request",
                       "code_challenge with code_challenge_method=S256 is required.");
  std::istringstream words(scope);
  for (std::string s; words >> s;)
    if (!known_scopes().count(s)) return oauth_error(400, "invalid_scope", "Unknown scope " + s);
  const Account* who = nullptr;
  for (const auto& [k, a] : st.accounts)
    if (a.platform == Platform::x && !client_id.empty() && a.client_id == client_id) who = &a;
  if (!who) return oauth_error(400, "invalid_client", "Unknown client_id.");
  std::string code = "hmx-code-" + std::to_string(st.next_seq()) + "-" + std::to_string(st.now());
  st.onboarding.auth_codes[code] =
      AuthCode{who->id, client_id, redirect, challenge, scope, st.now() + kCodeLifetime};
  Response r;
  r.status = 302;
  r.set_header("Location", redirect + (redirect.find('?') == std::string::npos ? "?" : "&") +
                               encode_params({{"state", q("state")}, {"code", code}}));
  return r;
}

namespace x {

Response exchange_code(State& st, const Request& req, const Params& form) {
  auto code = first(form, "code");
  auto verifier = first(form, "code_verifier");
  auto redirect = first(form, "redirect_uri");
  if (!code || !verifier || !redirect)
    return oauth_error(400, "invalid_request",
                       "Missing required parameter [code, code_verifier or redirect_uri].");
  auto it = st.onboarding.auth_codes.find(*code);
  if (it == st.onboarding.auth_codes.end() || st.now() >= it->second.expires_at)
    return oauth_error(400, "invalid_request",
                       "Value passed for the authorization code was invalid.");
  AuthCode grant = it->second;
  st.onboarding.auth_codes.erase(it);  // single use, whatever follows
  Account* acct = st.account(Platform::x, grant.account_id);
  if (!acct) return oauth_error(400, "invalid_request", "Unknown account.");
  bool client_ok = false;
  if (auto auth = req.header("authorization"); auth && auth->rfind("Basic ", 0) == 0) {
    auto decoded = base64_decode(auth->substr(6));
    client_ok = decoded && *decoded == acct->client_id + ":" + acct->client_secret;
  } else if (auto cid = first(form, "client_id")) {
    client_ok = acct->client_secret.empty() && *cid == acct->client_id;
  }
  if (!client_ok)
    return oauth_error(401, "unauthorized_client", "Missing valid authorization header");
  if (*redirect != grant.redirect_uri || s256(*verifier) != grant.code_challenge)
    return oauth_error(400, "invalid_request",
                       "Value passed for the authorization code was invalid.");
  std::set<std::string> scopes;
  std::istringstream words(grant.scope);
  for (std::string s; words >> s;) scopes.insert(s);
  auto seq = st.next_seq();
  std::string access = "hmx-at-" + std::to_string(seq) + "-" + std::to_string(st.now());
  std::int64_t lifetime = acct->expires_in > 0 ? acct->expires_in : 7200;
  st.tokens[access] = Token{Platform::x, acct->id, st.now() + lifetime, scopes};
  json out = {{"token_type", "bearer"},
              {"expires_in", lifetime},
              {"access_token", access},
              {"scope", grant.scope}};
  if (scopes.count("offline.access")) {
    std::string refresh = "hmx-rt-" + std::to_string(seq) + "-" + std::to_string(st.now());
    if (!acct->refresh_token.empty()) st.spent_refresh_tokens.insert(acct->refresh_token);
    acct->refresh_token = refresh;
    out["refresh_token"] = refresh;
  }
  return json_response(200, out);
}

}  // namespace x

}  // namespace hm::emulator
