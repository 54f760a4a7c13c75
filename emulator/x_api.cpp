#include "emulator/x_api.hpp"

#include <algorithm>

#include "emulator/rate_limits.hpp"
#include "emulator/url_codec.hpp"
#include "emulator/x_internal.hpp"
#include "emulator/x_rules.hpp"

namespace hm::emulator {

namespace x {

std::vector<std::string> x_segments(const std::string& path) {
  auto segs = split_path(path);
  if (!segs.empty()) segs.erase(segs.begin());  // "2"
  return segs;
}

Response invalid_request(const std::string& param, const std::string& value,
                         const std::string& message) {
  json err = {{"parameters", {{param, json::array({value})}}}, {"message", message}};
  return json_response(400,
                       {{"errors", json::array({err})},
                        {"title", "Invalid Request"},
                        {"detail", "One or more parameters to your request was invalid."},
                        {"type", "https://api.x.com/2/problems/invalid-request"}},
                       kProblemJson);
}

Response forbidden() {
  return x_problem(403, "Forbidden", "Forbidden");
}

Response not_found(const std::string& id) {
  return json_response(404,
                       {{"value", id},
                        {"detail", "Could not find tweet with id: [" + id + "]."},
                        {"title", "Not Found Error"},
                        {"resource_type", "tweet"},
                        {"parameter", "id"},
                        {"resource_id", id},
                        {"type", "https://api.x.com/2/problems/resource-not-found"}},
                       kProblemJson);
}

const Token* bearer(const State& st, const Request& req) {
  auto auth = req.header("authorization");
  const std::string p = "Bearer ";
  if (!auth || auth->size() <= p.size() || auth->compare(0, p.size(), p) != 0) return nullptr;
  const Token* t = st.token(auth->substr(p.size()));
  if (!t || t->platform != Platform::x) return nullptr;
  if (t->expires_at && st.now() >= *t->expires_at) return nullptr;
  return t;
}

}  // namespace x

using namespace x;

namespace {

Response route(State& st, const Request& req, const Account& me,
               const std::vector<std::string>& s) {
  const std::string& m = req.method;
  if (m == "GET" && s.size() == 2 && s[0] == "users" && s[1] == "me") {
    Selection sel;
    if (auto err = parse_selection(st, req, sel)) return *err;
    return json_response(200, {{"data", render_user(st, me.id, sel)}});
  }
  if (m == "GET" && s.size() == 3 && s[0] == "users" && s[2] == "mentions")
    return mentions(st, req, s[1]);
  if (m == "GET" && s.size() == 3 && s[0] == "users" && s[2] == "tweets")
    return own_tweets(st, req, s[1]);
  if (m == "GET" && s.size() == 3 && s[0] == "tweets" && s[1] == "search" && s[2] == "recent")
    return search_recent(st, req);
  if (m == "GET" && s.size() == 1 && s[0] == "tweets") {
    auto ids = req.query_param("ids");
    if (!ids || ids->empty())
      return invalid_request("ids", "", "The `ids` query parameter can not be empty");
    auto list = csv(*ids);
    if (list.size() > 100) return invalid_request("ids", *ids, "Too many ids (max 100)");
    return lookup(st, req, list, false);
  }
  if (m == "GET" && s.size() == 2 && s[0] == "tweets") return lookup(st, req, {s[1]}, true);
  if (m == "PUT" && s.size() == 3 && s[0] == "tweets" && s[2] == "hidden")
    return hide_reply(st, req, me, s[1]);
  if (m == "DELETE" && s.size() == 2 && s[0] == "tweets") return delete_tweet(st, me, s[1]);
  if (m == "POST" && s.size() == 1 && s[0] == "tweets") return create_tweet(st, req, me);
  if (m == "POST" && s.size() == 3 && s[0] == "users" && s[2] == "muting") {
    if (s[1] != me.id) return forbidden();
    auto body = json_body(req);
    if (!body || !body->contains("target_user_id") || !(*body)["target_user_id"].is_string())
      return body_invalid();
    st.muted.insert({Platform::x, me.id, (*body)["target_user_id"].get<std::string>()});
    return json_response(200, {{"data", {{"muting", true}}}});
  }
  if (m == "DELETE" && s.size() == 4 && s[0] == "users" && s[2] == "muting") {
    if (s[1] != me.id) return forbidden();
    st.muted.erase({Platform::x, me.id, s[3]});
    return json_response(200, {{"data", {{"muting", false}}}});
  }
  if (s.size() >= 3 && s[0] == "users" && s[2] == "blocking" && m != "GET") {
    const Account* a = &me;
    return json_response(
        403,
        {{"client_id", a->client_id.empty() ? "0" : a->client_id},
         {"detail",
          "Managing blocks through the X API v2 is available to Enterprise clients only."},
         {"registration_url", "https://developer.x.com/en/portal/product"},
         {"title", "Client Forbidden"},
         {"required_enrollment", "Appropriate Level of API Access"},
         {"reason", "client-not-enrolled"},
         {"type", "https://api.x.com/2/problems/client-forbidden"}},
        kProblemJson);
  }
  if (m == "GET" && s.size() == 3 && s[0] == "users" && s[2] == "blocking")
    return json_response(200, {{"meta", {{"result_count", 0}}}});
  return x_problem(404, "Not Found Error", "The requested resource was not found.");
}

}  // namespace

bool is_x_path(const std::string& path) {
  auto segs = split_path(path);
  return !segs.empty() && segs[0] == "2";
}

Response x_problem(int status, const std::string& title, const std::string& detail,
                   const std::string& type) {
  return json_response(status,
                       {{"title", title}, {"detail", detail}, {"type", type}, {"status", status}},
                       kProblemJson);
}

Response x_unauthorized() {
  return json_response(401,
                       {{"title", "Unauthorized"},
                        {"type", "about:blank"},
                        {"status", 401},
                        {"detail", "Unauthorized"}},
                       kProblemJson);
}

Response x_server_error() {
  return x_problem(503, "Service Unavailable", "Service Unavailable");
}

void add_x_rate_headers(State& st, const Request& req, Response& r) {
  const Token* t = bearer(st, req);
  if (!t) return;
  const Account* acct = st.account(Platform::x, t->account_id);
  auto lim = x_endpoint_limit(req.method, x_segments(req.path), acct ? acct->x_plan : "");
  auto w = st.peek_window("x:" + t->account_id + ":" + lim.route, kXWindowSeconds);
  r.set_header("x-rate-limit-limit", std::to_string(lim.limit));
  r.set_header("x-rate-limit-remaining",
               std::to_string(std::max<std::int64_t>(0, lim.limit - w.count)));
  r.set_header("x-rate-limit-reset", std::to_string(w.start + kXWindowSeconds));
}

Response x_rate_limited(State& st, const Request& req) {
  Response r = x_problem(429, "Too Many Requests", "Too Many Requests");
  add_x_rate_headers(st, req, r);
  if (r.header("x-rate-limit-remaining")) r.set_header("x-rate-limit-remaining", "0");
  return r;
}

Response handle_x(State& st, const Request& req) {
  auto segs = x_segments(req.path);
  if (req.method == "POST" && segs.size() == 2 && segs[0] == "oauth2" && segs[1] == "token")
    return oauth_token(st, req);
  const Token* t = bearer(st, req);
  if (!t) return x_unauthorized();
  const Account* me = st.account(Platform::x, t->account_id);
  if (!me) return x_unauthorized();
  auto lim = x_endpoint_limit(req.method, segs, me->x_plan);
  auto& w = st.count_call("x:" + t->account_id + ":" + lim.route, kXWindowSeconds);
  if (w.count > lim.limit) return x_rate_limited(st, req);
  // Issue 13: the token's scopes, then the parameters (each answer still counts in the window).
  std::optional<Response> refused = missing_scope(req.method, segs, *t);
  if (!refused) refused = unknown_parameter(req, segs, *me);
  Response r = refused ? std::move(*refused) : route(st, req, *me, segs);
  add_x_rate_headers(st, req, r);
  return r;
}

}  // namespace hm::emulator
