#include "emulator/graph_oauth.hpp"

#include <algorithm>

#include "emulator/graph_internal.hpp"

namespace hm::emulator {

using namespace graph;

namespace {

constexpr std::int64_t kShortLived = 3600;           // Explorer and Instagram-Login short tokens
constexpr std::int64_t kLongLived = 60 * 24 * 3600;  // 60 days (FB-TOK, IG-TOK)

// "Absent = everything the product needs": what a correctly set-up app is granted.
const std::set<std::string>& all_permissions() {
  static const std::set<std::string> all = {
      "pages_show_list",          "pages_read_engagement",
      "pages_manage_engagement",  "pages_read_user_content",
      "instagram_basic",          "instagram_manage_comments",
      "instagram_business_basic", "instagram_business_manage_comments"};
  return all;
}

std::optional<std::string> str(const json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_string()) return std::nullopt;
  return j[k].get<std::string>();
}

std::optional<std::set<std::string>> string_set(const json& j, const char* k) {
  if (!j.contains(k)) return all_permissions();
  if (!j[k].is_array()) return std::nullopt;
  std::set<std::string> out;
  for (const auto& v : j[k]) {
    if (!v.is_string()) return std::nullopt;
    out.insert(v.get<std::string>());
  }
  return out;
}

Response control_bad(const std::string& why) {
  return json_response(400, {{"error", why}});
}

// POST /_emulator/meta_users {"user_id","name","user_token","app_id","app_secret",
// "permissions"?, "pages":[{"page_id","tasks":[..],"instagram_id"?}], "expires_in"?}
Response add_meta_user(State& st, const json& b) {
  MetaUser u;
  u.id = str(b, "user_id").value_or("");
  u.name = str(b, "name").value_or("");
  u.app_id = str(b, "app_id").value_or("");
  u.app_secret = str(b, "app_secret").value_or("");
  auto token = str(b, "user_token").value_or("");
  if (u.id.empty() || token.empty() || u.app_id.empty() || u.app_secret.empty())
    return control_bad("user_id, user_token, app_id and app_secret are required");
  auto perms = string_set(b, "permissions");
  if (!perms) return control_bad("permissions must be an array of strings");
  u.permissions = *perms;
  if (b.contains("pages")) {
    if (!b["pages"].is_array()) return control_bad("pages must be an array");
    for (const auto& p : b["pages"]) {
      MetaPageRole role;
      role.page_id = p.is_object() ? str(p, "page_id").value_or("") : "";
      if (role.page_id.empty() || !st.account(Platform::facebook, role.page_id))
        return control_bad("pages[].page_id must name a facebook account added before");
      if (p.contains("tasks") && p["tasks"].is_array())
        for (const auto& t : p["tasks"])
          if (t.is_string()) role.tasks.push_back(t.get<std::string>());
      role.instagram_id = str(p, "instagram_id").value_or("");
      if (!role.instagram_id.empty() && !st.account(Platform::instagram, role.instagram_id))
        return control_bad("pages[].instagram_id must name an instagram account added before");
      u.pages.push_back(std::move(role));
    }
  }
  std::int64_t lifetime = b.contains("expires_in") && b["expires_in"].is_number_integer()
                              ? b["expires_in"].get<std::int64_t>()
                              : kShortLived;
  st.onboarding.user_tokens[token] = UserToken{u.id, st.now() + lifetime, false};
  st.onboarding.meta_users[u.id] = std::move(u);
  return json_response(200, {{"ok", true}});
}

// POST /_emulator/instagram_logins {"account_id","user_token","app_secret","permissions"?}
Response add_instagram_login(State& st, const json& b) {
  InstagramLogin l;
  l.account_id = str(b, "account_id").value_or("");
  l.app_secret = str(b, "app_secret").value_or("");
  auto token = str(b, "user_token").value_or("");
  if (l.account_id.empty() || token.empty() || l.app_secret.empty())
    return control_bad("account_id, user_token and app_secret are required");
  if (!st.account(Platform::instagram, l.account_id))
    return control_bad("account_id must name an instagram account added before");
  auto perms = string_set(b, "permissions");
  if (!perms) return control_bad("permissions must be an array of strings");
  l.permissions = *perms;
  l.expires_at = st.now() + kShortLived;
  st.onboarding.ig_short_tokens[token] = std::move(l);
  return json_response(200, {{"ok", true}});
}

std::string mint(State& st, const std::string& kind) {
  return "hm" + kind + "-" + std::to_string(st.next_seq()) + "-" + std::to_string(st.now());
}

Response client_secret_error() {
  return graph_error(400, 1, std::nullopt, "Error validating client secret.");
}

const UserToken* live_user_token(const State& st, const std::string& token) {
  auto it = st.onboarding.user_tokens.find(token);
  if (it == st.onboarding.user_tokens.end() || st.now() >= it->second.expires_at) return nullptr;
  return &it->second;
}

// GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token
Response exchange_user_token(State& st, const Ctx& c) {
  auto grant = c.param("grant_type");
  auto client_id = c.param("client_id");
  auto secret = c.param("client_secret");
  auto short_token = c.param("fb_exchange_token");
  if (!grant || *grant != "fb_exchange_token" || !client_id || !secret || !short_token)
    return bad_param(
        "Missing or invalid grant_type, client_id, client_secret or "
        "fb_exchange_token");
  const UserToken* ut = live_user_token(st, *short_token);
  if (!ut) return invalid_token();
  const MetaUser& u = st.onboarding.meta_users.at(ut->user_id);
  if (*client_id != u.app_id)
    return bad_param("Error validating application. Invalid application ID.");
  if (*secret != u.app_secret) return client_secret_error();
  std::string token = mint(st, "usr");
  st.onboarding.user_tokens[token] = UserToken{u.id, st.now() + kLongLived, true};
  return ok_json({{"access_token", token}, {"token_type", "bearer"}, {"expires_in", kLongLived}});
}

json page_entry(State& st, const MetaUser& u, const UserToken& ut, const MetaPageRole& role,
                bool with_instagram) {
  const Account* page = st.account(Platform::facebook, role.page_id);
  // A Page token made from a long-lived user token does not expire; from a short-lived one it
  // lasts as long as the user token (PLATFORMS.md, Corrections: Page token lifetimes).
  std::string token = mint(st, "pg");
  Token t{Platform::facebook, role.page_id, std::nullopt, u.permissions};
  if (!ut.long_lived) t.expires_at = ut.expires_at;
  st.tokens[token] = t;
  json e = {{"access_token", token},
            {"category", "School"},
            {"name", page ? page->name : ""},
            {"id", role.page_id},
            {"tasks", role.tasks}};
  if (!role.instagram_id.empty()) {
    std::string ig_token = mint(st, "pgig");
    st.tokens[ig_token] = Token{Platform::instagram, role.instagram_id, t.expires_at, t.scopes};
    st.onboarding.linked_instagram[token] = ig_token;
  }
  if (with_instagram && !role.instagram_id.empty()) {
    const Account* ig = st.account(Platform::instagram, role.instagram_id);
    e["instagram_business_account"] = {{"id", role.instagram_id},
                                       {"username", ig ? ig->username : ""}};
  }
  return e;
}

Response handle_user_read(State& st, const Ctx& c, const UserToken& ut) {
  const MetaUser& u = st.onboarding.meta_users.at(ut.user_id);
  const auto& s = c.segs;
  if (s.size() == 1) return ok_json({{"id", u.id}, {"name", u.name}});
  if (s[1] == "permissions") {
    json data = json::array();
    for (const auto& p : u.permissions) data.push_back({{"permission", p}, {"status", "granted"}});
    return ok_json({{"data", data}});
  }
  // accounts
  bool with_instagram =
      c.param("fields").value_or("").find("instagram_business_account") != std::string::npos;
  json data = json::array();
  if (u.permissions.count("pages_show_list"))
    for (const auto& role : u.pages) data.push_back(page_entry(st, u, ut, role, with_instagram));
  return ok_json({{"data", data}, {"paging", {{"cursors", {{"before", "MA"}, {"after", "MA"}}}}}});
}

// GET /debug_token?input_token=T: what the token is, for whom, with which permissions.
Response debug_token(State& st, const Ctx& c) {
  auto input = c.param("input_token");
  if (!input) return bad_param("The parameter input_token is required");
  json data;
  if (const UserToken* ut = live_user_token(st, *input)) {
    const MetaUser& u = st.onboarding.meta_users.at(ut->user_id);
    data = {{"app_id", u.app_id},
            {"type", "USER"},
            {"application", "hallmonitor"},
            {"expires_at", ut->expires_at},
            {"is_valid", true},
            {"scopes", u.permissions},
            {"user_id", u.id}};
    return ok_json({{"data", data}});
  }
  const Token* t = st.token(*input);
  bool valid = t && t->platform != Platform::x && (!t->expires_at || st.now() < *t->expires_at);
  if (!valid)
    return ok_json({{"data",
                     {{"error", {{"code", 190}, {"message", "Invalid OAuth access token."}}},
                      {"is_valid", false},
                      {"scopes", json::array()}}}});
  std::string app_id = "0";
  for (const auto& [id, u] : st.onboarding.meta_users)
    for (const auto& role : u.pages)
      if (role.page_id == t->account_id || role.instagram_id == t->account_id) app_id = u.app_id;
  const auto& scopes = t->scopes.empty() ? all_permissions() : t->scopes;
  data = {{"app_id", app_id},
          {"type", t->platform == Platform::facebook ? "PAGE" : "USER"},
          {"application", "hallmonitor"},
          {"expires_at", t->expires_at.value_or(0)},
          {"is_valid", true},
          {"scopes", scopes},
          {"profile_id", t->account_id}};
  return ok_json({{"data", data}});
}

// graph.instagram.com: /access_token (ig_exchange_token), /me, and the Graph reads.
Response handle_instagram_host(State& st, const Request& req) {
  std::string rest = req.target.substr(std::string(kInstagramHostPrefix).size());
  if (rest.empty() || rest[0] != '/') rest = "/" + rest;
  Request inner = make_request(req.method, rest, req.body, req.headers);
  Ctx c{st, inner, merged_params(inner), "v25.0", split_path(inner.path), nullptr, {}, false};
  if (!c.segs.empty() && is_version(c.segs[0])) c.segs.erase(c.segs.begin());
  if (c.segs.size() == 1 && c.segs[0] == "access_token") {
    auto grant = c.param("grant_type");
    auto secret = c.param("client_secret");
    auto short_token = c.param("access_token");
    if (!grant || *grant != "ig_exchange_token" || !secret || !short_token)
      return bad_param("Missing or invalid grant_type, client_secret or access_token");
    auto it = st.onboarding.ig_short_tokens.find(*short_token);
    if (it == st.onboarding.ig_short_tokens.end() || st.now() >= it->second.expires_at)
      return invalid_token();
    if (*secret != it->second.app_secret) return client_secret_error();
    std::string token = mint(st, "ig");
    st.tokens[token] = Token{Platform::instagram, it->second.account_id, st.now() + kLongLived,
                             it->second.permissions, true};
    return ok_json({{"access_token", token}, {"token_type", "bearer"}, {"expires_in", kLongLived}});
  }
  // /me with the account's user_id (what `connect --login instagram` reads); every other path
  // is the Graph emulation on its Instagram host (graph_tokens.cpp checks the token's kind).
  if (c.segs.size() != 1 || c.segs[0] != "me") return handle_graph(st, req);
  const std::string token = access_token_of(inner, c.params);
  const Token* t = st.token(token);
  if (!t || t->platform != Platform::instagram || !t->instagram_login) return invalid_token();
  if (t->expires_at && st.now() >= *t->expires_at) return graph_expired_token(st);
  const Account* a = st.account(Platform::instagram, t->account_id);
  if (!a) return invalid_token();
  if (auto refused = refuse_caller(*a, *t, token, true, c.params)) return *refused;
  Response r =
      ok_json({{"user_id", t->account_id}, {"username", a->username}, {"id", t->account_id}});
  add_usage_headers(st, r, *a, false, 0);
  return r;
}

bool is_instagram_host(const std::string& path) {
  const std::string p = kInstagramHostPrefix;
  return path == p || path.rfind(p + "/", 0) == 0;
}

// The Graph path without its version, and the request's user token if it has one.
std::vector<std::string> graph_segments(const Request& req) {
  auto segs = split_path(req.path);
  if (!segs.empty() && is_version(segs[0])) segs.erase(segs.begin());
  return segs;
}

// A request with a Page token whose Page has a linked Instagram account: as the Page first;
// when the Page cannot see the object (100/33, no side effects), as the Instagram account.
Response as_page_or_instagram(State& st, const Request& req, const std::string& ig_token) {
  Response r = handle_graph(st, req);
  json body = json::parse(r.body, nullptr, false);
  bool unseen = r.status == 400 && body.is_object() && body.contains("error") &&
                body["error"].value("code", 0) == 100 &&
                body["error"].value("error_subcode", 0) == 33;
  if (!unseen || !req.header("authorization")) return r;
  Request as_ig = req;
  as_ig.headers["authorization"] = "Bearer " + ig_token;
  return handle_graph(st, as_ig);
}

std::string header_token(const Request& req) {
  auto auth = req.header("authorization");
  const std::string p = "Bearer ";
  return auth && auth->rfind(p, 0) == 0 ? auth->substr(p.size()) : std::string{};
}

}  // namespace

bool is_graph_oauth_request(const State& st, const Request& req) {
  if (is_instagram_host(req.path)) return true;
  if (!is_graph_path(req.path)) return false;
  if (st.onboarding.linked_instagram.count(header_token(req))) return true;
  if (req.method != "GET") return false;
  auto s = graph_segments(req);
  if (s.size() == 2 && s[0] == "oauth" && s[1] == "access_token") return true;
  if (s.size() == 1 && s[0] == "debug_token") return true;
  if (s.empty() || s[0] != "me" || s.size() > 2) return false;
  // /me, /me/accounts and /me/permissions are answered here for user tokens only; a Page
  // token's /me goes on to the Graph emulation.
  auto token = access_token_of(req, merged_params(req));
  return st.onboarding.user_tokens.count(token) > 0;
}

Response handle_graph_oauth(State& st, const Request& req) {
  if (is_instagram_host(req.path)) return handle_instagram_host(st, req);
  Ctx c{st, req, merged_params(req), "v25.0", graph_segments(req), nullptr, {}, false};
  const auto& s = c.segs;
  const bool onboarding =
      !s.empty() && ((s.size() == 2 && s[0] == "oauth") || s[0] == "debug_token" ||
                     (s[0] == "me" && s.size() <= 2 &&
                      st.onboarding.user_tokens.count(access_token_of(req, c.params))));
  if (auto linked = st.onboarding.linked_instagram.find(header_token(req));
      !onboarding && linked != st.onboarding.linked_instagram.end())
    return as_page_or_instagram(st, req, linked->second);
  if (s.size() == 2 && s[0] == "oauth") return exchange_user_token(st, c);
  std::string token = access_token_of(req, c.params);
  if (s[0] == "debug_token") {
    // Any valid token may ask about itself; an app token is "app_id|app_secret".
    bool app_token = false;
    for (const auto& [id, u] : st.onboarding.meta_users)
      if (token == u.app_id + "|" + u.app_secret) app_token = true;
    const Token* t = st.token(token);
    if (!app_token && !live_user_token(st, token) &&
        !(t && t->platform != Platform::x && (!t->expires_at || st.now() < *t->expires_at)))
      return invalid_token();
    return debug_token(st, c);
  }
  const UserToken* ut = live_user_token(st, token);
  if (!ut) return graph_expired_token(st);
  if (s.size() == 2 && s[1] != "accounts" && s[1] != "permissions")
    return no_such_field(s[1], "User");
  return handle_user_read(st, c, *ut);
}

std::optional<Response> graph_oauth_control(State& st, const std::string& what, const json& b) {
  if (what == "meta_users") return add_meta_user(st, b);
  if (what == "instagram_logins") return add_instagram_login(st, b);
  return std::nullopt;
}

}  // namespace hm::emulator
