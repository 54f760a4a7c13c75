// Who may call the emulated Graph API, beyond a known unexpired token: the two hosts (Instagram-
// login tokens only on the emulated graph.instagram.com, every other Graph token only on
// graph.facebook.com), appsecret_proof when the account's app requires it, and the refresh of
// Instagram-login tokens (GET /refresh_access_token?grant_type=ig_refresh_token).
//
// The emulated graph.instagram.com is the path prefix "/graph.instagram.com" on the same port:
// https://127.0.0.1:PORT/graph.instagram.com/v25.0/... (emulator/README.md).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>

#include "emulator/graph_internal.hpp"

namespace hm::emulator {

namespace graph {

bool strip_instagram_host(std::vector<std::string>& segs) {
  if (segs.empty() || segs[0] != kInstagramHost) return false;
  segs.erase(segs.begin());
  return true;
}

namespace {

// Hex HMAC-SHA256 of the token keyed with the app secret (OpenSSL: the client computes it with
// libsodium, so the two check each other).
std::string expected_proof(const std::string& token, const std::string& app_secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), app_secret.data(), static_cast<int>(app_secret.size()),
       reinterpret_cast<const unsigned char*>(token.data()), token.size(), mac, &size);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

std::optional<std::string> param_of(const Params& params, const std::string& name) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::nullopt;
}

}  // namespace

std::optional<Response> refuse_caller(const Account& acct, const Token& tok,
                                      const std::string& token, bool instagram_host,
                                      const Params& params) {
  if (tok.instagram_login != instagram_host) return invalid_token();
  if (!acct.require_app_secret) return std::nullopt;
  auto proof = param_of(params, "appsecret_proof");
  if (!proof)
    return graph_error(400, 100, std::nullopt,
                       "API calls from the server require an appsecret_proof argument",
                       "GraphMethodException");
  const std::string want = expected_proof(token, acct.app_secret);
  if (proof->size() != want.size() || CRYPTO_memcmp(proof->data(), want.data(), want.size()) != 0)
    return graph_error(400, 100, std::nullopt,
                       "Invalid appsecret_proof provided in the API argument",
                       "GraphMethodException");
  return std::nullopt;
}

Response refresh_instagram_token(State& st, const Params& params) {
  if (param_of(params, "grant_type").value_or("") != "ig_refresh_token")
    return bad_param("grant_type must be ig_refresh_token");
  const std::string token = param_of(params, "access_token").value_or("");
  const Token* tok = token.empty() ? nullptr : st.token(token);
  const Account* acct = tok ? st.account(tok->platform, tok->account_id) : nullptr;
  if (!acct) return invalid_token();
  if (tok->expires_at && st.now() >= *tok->expires_at) return graph_expired_token(st);
  if (auto refused = refuse_caller(*acct, *tok, token, true, params)) return *refused;
  // "Refresh a long-lived access token that is at least 24 hours old but has not expired."
  if (tok->expires_at && *tok->expires_at - acct->expires_in > st.now() - 24 * 3600)
    return bad_param("The access token can be refreshed only once it is at least 24 hours old");
  const std::string fresh = "IGAA" + std::to_string(st.next_seq()) + "-refreshed";
  const std::int64_t lifetime = Account::kInstagramLoginLifetime;
  Token t = *tok;  // the same account (and whatever else the token carries)
  t.expires_at = st.now() + lifetime;
  st.tokens[fresh] = t;  // the old token stays valid until it expires
  return ok_json({{"access_token", fresh}, {"token_type", "bearer"}, {"expires_in", lifetime}});
}

}  // namespace graph

}  // namespace hm::emulator
