#include <algorithm>

#include "emulator/graph_internal.hpp"

namespace hm::emulator {

namespace {

std::string fbtrace_id() {
  static unsigned long n = 0;
  ++n;
  return "AhmEmu" + base64_encode(std::to_string(n * 2654435761UL)).substr(0, 12);
}

}  // namespace

namespace graph {

bool is_version(const std::string& s) {
  // vNN.0
  if (s.size() < 4 || s[0] != 'v') return false;
  auto dot = s.find('.');
  if (dot == std::string::npos || dot == 1 || dot + 1 >= s.size()) return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (i != dot && (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

bool truthy(const std::string& v) {
  return v == "true" || v == "1";
}

}  // namespace graph

using namespace graph;

bool is_graph_path(const std::string& path) {
  auto segs = split_path(path);
  if (strip_instagram_host(segs) && !segs.empty() && segs[0] == "refresh_access_token") return true;
  return segs.empty() || is_version(segs[0]);
}

Response graph_error(int http_status, int code, std::optional<int> subcode,
                     const std::string& message, const std::string& type) {
  json err = {{"message", message}, {"type", type}, {"code", code}};
  if (subcode) err["error_subcode"] = *subcode;
  err["fbtrace_id"] = fbtrace_id();
  return json_response(http_status, json{{"error", err}});
}

Response graph_expired_token(const State& st) {
  std::string msg = "Error validating access token: Session has expired on " +
                    graph_time(st.now() - 3600) + ". The current time is " + graph_time(st.now()) +
                    ".";
  Response r = graph_error(400, 190, 463, msg);
  r.set_header("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\" \"" + msg + "\"");
  return r;
}

Response graph_server_error() {
  Response r = graph_error(500, 1, std::nullopt, "An unknown error has occurred.");
  json body = json::parse(r.body);
  body["error"]["is_transient"] = true;
  r.body = dump(body);
  return r;
}

namespace graph {

Response invalid_token() {
  std::string msg = "Invalid OAuth access token - Cannot parse access token";
  Response r = graph_error(400, 190, 467, msg);
  r.set_header("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\" \"" + msg + "\"");
  return r;
}

Response missing_object(const std::string& method, const std::string& id) {
  std::string m = method;
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
  return graph_error(400, 100, 33,
                     "Unsupported " + m + " request. Object with ID '" + id +
                         "' does not exist, cannot be loaded due to missing permissions, or does "
                         "not support this operation. Please read the Graph API documentation at "
                         "https://developers.facebook.com/docs/graph-api",
                     "GraphMethodException");
}

Response bad_param(const std::string& msg) {
  return graph_error(400, 100, std::nullopt, "(#100) " + msg);
}

Response no_such_field(const std::string& field, const std::string& node_type) {
  return bad_param("Tried accessing nonexisting field (" + field + ") on node type (" + node_type +
                   ")");
}

std::string access_token_of(const Request& req, const Params& params) {
  for (const auto& [k, v] : params)
    if (k == "access_token") return v;
  if (auto auth = req.header("authorization")) {
    const std::string p = "Bearer ";
    if (auth->size() > p.size() && auth->compare(0, p.size(), p) == 0)
      return auth->substr(p.size());
    const std::string o = "OAuth ";
    if (auth->size() > o.size() && auth->compare(0, o.size(), o) == 0)
      return auth->substr(o.size());
  }
  return {};
}

Params merged_params(const Request& req) {
  Params params = req.query;
  auto ct = req.header("content-type").value_or("");
  if (req.body.empty()) return params;
  if (ct.find("application/json") != std::string::npos) {
    // A JSON object body: its scalar members are parameters (arrays/objects as JSON text).
    json j = json::parse(req.body, nullptr, false);
    if (j.is_object()) {
      for (auto& [k, v] : j.items())
        params.emplace_back(k, v.is_string() ? v.get<std::string>() : dump(v));
    }
  } else if (ct.find("x-www-form-urlencoded") != std::string::npos || ct.empty()) {
    for (auto& kv : parse_params(req.body)) params.push_back(std::move(kv));
  }
  return params;
}

// Buc usage: `{"<id>":[{"type":"pages","call_count":N,...}]}` as percentages of the budget.
void add_usage_headers(const State& st, Response& r, const Account& a, bool throttled,
                       int regain_minutes) {
  auto w = st.peek_window("buc:" + State::key(a.platform, a.id), kBucWindow);
  std::int64_t budget = std::max<std::int64_t>(1, a.call_budget);
  std::int64_t pct = throttled ? 100 : std::min<std::int64_t>(100, w.count * 100 / budget);
  json entry = {{"type", a.platform == Platform::instagram ? "instagram" : "pages"},
                {"call_count", pct},
                {"total_cputime", pct / 4},
                {"total_time", pct / 4},
                {"estimated_time_to_regain_access", throttled ? regain_minutes : 0}};
  r.set_header("X-Business-Use-Case-Usage", dump(json{{a.id, json::array({entry})}}));
  auto app = st.peek_window("app:graph", kAppWindow);
  std::int64_t app_pct = std::min<std::int64_t>(100, app.count * 100 / kAppBudget);
  r.set_header("X-App-Usage", dump(json{{"call_count", app_pct},
                                        {"total_time", app_pct / 4},
                                        {"total_cputime", app_pct / 4}}));
}

Response throttle_error(Platform p) {
  if (p == Platform::instagram)
    return graph_error(400, 80002, std::nullopt,
                       "(#80002) There have been too many calls to this Instagram account. Wait "
                       "a bit and try again. For more info, please refer to "
                       "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.");
  return graph_error(400, 80001, std::nullopt,
                     "(#80001) There have been too many calls to this Page account. Wait a bit "
                     "and try again. For more info, please refer to "
                     "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.");
}

Response ok_json(const json& j) {
  return json_response(200, j);
}
Response success() {
  return ok_json({{"success", true}});
}

}  // namespace graph

Platform graph_platform(const State& st, const Request& req) {
  auto tok = st.token(access_token_of(req, merged_params(req)));
  if (tok && tok->platform != Platform::x) return tok->platform;
  return Platform::facebook;
}

Response graph_action_blocked(Platform p) {
  if (p == Platform::instagram)
    return graph_error(400, 4, 2207051,
                       "Action is blocked. We restrict certain activity to protect our community.");
  return graph_error(400, 368, std::nullopt,
                     "(#368) The action attempted has been deemed abusive or is otherwise "
                     "disallowed");
}

Response graph_permission_denied() {
  return graph_error(403, 10, std::nullopt,
                     "(#10) Application does not have permission for this action");
}

Response graph_rate_limited(State& st, const Request& req, Platform p, int regain_minutes) {
  Response r = throttle_error(p);
  auto tok = st.token(access_token_of(req, merged_params(req)));
  if (tok) {
    if (const Account* a = st.account(tok->platform, tok->account_id))
      add_usage_headers(st, r, *a, true, regain_minutes);
  }
  return r;
}

}  // namespace hm::emulator
