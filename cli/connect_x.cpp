// connect x: X's OAuth 2.0 authorisation code flow with PKCE for a confidential client
// (PLATFORMS.md §3.3): print the authorise URL, take the redirect URL (or the code) back on
// stdin, exchange it at the token endpoint with the code_verifier, read /2/users/me.
#include <iostream>
#include <set>
#include <sstream>

#include "cli/connect_flows.hpp"
#include "cli/password_input.hpp"
#include "connectors/url_tools.hpp"

namespace hm::cli::connect {

namespace {

using nlohmann::json;

std::string authorize_base(const Options& o) {
  if (!o.authorize_url.empty()) return o.authorize_url;
  if (o.api_base.empty()) return kXAuthorizeDefault;
  // An API base elsewhere (the emulator): its host serves x.com's path too.
  auto u = connectors::parse_https_url(o.api_base);
  if (!u) return o.api_base;
  u->set_path("/i/oauth2/authorize");
  return std::string(u->buffer());
}

std::set<std::string> words(const std::string& s) {
  std::set<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

}  // namespace

int connect_x(const Options& o) {
  if (o.client_id.empty() || o.redirect_uri.empty()) {
    std::cerr << "hallmonitorctl: --client-id and --redirect-uri are required (the app's OAuth "
                 "2.0 Client ID and a Callback URI from its User authentication settings)\n";
    return 2;
  }
  auto base = connectors::parse_https_url(api_base(o));
  auto authorize = connectors::parse_https_url(authorize_base(o));
  if (!base || !authorize) {
    std::cerr << "hallmonitorctl: --api-base and --authorize-url must be absolute https URLs\n";
    return 2;
  }
  auto client_secret = read_secret_line(o.client_secret_file, "Client secret (not shown): ");
  if (!client_secret || client_secret->empty()) {
    std::cerr << "hallmonitorctl: no client secret given\n";
    return 2;
  }
  const std::string verifier = random_urlsafe(48);  // 64 characters (RFC 7636: 43..128)
  const std::string state = random_urlsafe(16);
  auto params = authorize->params();
  for (auto [k, v] : {std::pair<std::string, std::string>{"response_type", "code"},
                      {"client_id", o.client_id},
                      {"redirect_uri", o.redirect_uri},
                      {"scope", kXScopes},
                      {"state", state},
                      {"code_challenge", s256_challenge(verifier)},
                      {"code_challenge_method", "S256"}})
    params.append({k, v});
  std::cout << "1. Open this address in a browser signed in to the school's X account:\n\n"
            << authorize->buffer() << "\n\n"
            << "2. Click \"Authorize app\". X sends the browser to " << o.redirect_uri
            << "?state=...&code=... (the page may fail to load: that is fine).\n"
            << "3. Paste that whole address here within 30 seconds.\n"
            << std::flush;
  auto pasted = ask("Address (or code): ");
  if (!pasted) {
    std::cerr << "hallmonitorctl: nothing was pasted; nothing was written\n";
    return 2;
  }
  auto code = code_from_paste(*pasted, state);
  if (code.code.empty()) {
    std::cerr << "hallmonitorctl: " << code.error << "; nothing was written\n";
    return 2;
  }
  connectors::HttpRequest token_request;
  token_request.method = "POST";
  token_request.url = connectors::endpoint(*base, {"oauth2", "token"});
  token_request.idempotent = false;  // a code is single-use
  token_request.content_type = "application/x-www-form-urlencoded";
  boost::urls::url form("x:");
  form.params().append({"grant_type", "authorization_code"});
  form.params().append({"code", code.code});
  form.params().append({"redirect_uri", o.redirect_uri});
  form.params().append({"code_verifier", verifier});
  token_request.body = std::string(form.encoded_query());
  token_request.headers.push_back({"Authorization", basic_auth(o.client_id, *client_secret)});
  auto grant = call_json(std::move(token_request), o, "Exchanging the code at X's token endpoint");
  if (!grant) return 1;
  const std::string access = grant->value("access_token", std::string{});
  const std::string refresh = grant->value("refresh_token", std::string{});
  const auto granted = words(grant->value("scope", std::string{}));
  if (access.empty() || refresh.empty()) {
    std::cerr << "hallmonitorctl: X gave no refresh token (was offline.access granted?); "
                 "nothing was written\n";
    return 1;
  }
  for (const auto& needed : words(kXScopes))
    if (!granted.count(needed)) {
      std::cerr << "hallmonitorctl: X did not grant the " << needed
                << " scope; check the app's permissions (Read and write) and authorise "
                   "again; nothing was written\n";
      return 1;
    }
  connectors::HttpRequest me;
  me.url = connectors::endpoint(*base, {"users", "me"});
  me.headers.push_back({"Authorization", "Bearer " + access});
  auto user = call_json(std::move(me), o, "Reading the X account (/2/users/me)");
  if (!user || !user->contains("data") || !(*user)["data"].contains("id")) return 1;
  const std::string id = (*user)["data"]["id"].get<std::string>();
  const std::string handle = (*user)["data"].value("username", std::string{});
  if (!o.account.empty() && o.account != id) {
    std::cerr << "hallmonitorctl: the browser authorised @" << handle << " (" << id
              << "), not --account " << o.account << "; nothing was written\n";
    return 2;
  }
  json creds = {{"client_id", o.client_id},
                {"client_secret", *client_secret},
                {"refresh_token", refresh},
                {"access_token", access}};
  wipe(*client_secret);
  ChannelLines lines;
  lines.account_id = id;
  return finish(o, creds, lines, "@" + handle + " (X account " + id + ")");
}

}  // namespace hm::cli::connect
