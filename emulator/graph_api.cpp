#include "emulator/graph_api.hpp"

#include <algorithm>
#include <map>

#include "emulator/graph_internal.hpp"

namespace hm::emulator {

using namespace graph;

namespace {

Response handle_batch(State& st, const Request& req, const Params& params, bool instagram_host);

// Routes a request by its path: /{id} or /{id}/{edge}, to the endpoint family that serves it.
Response dispatch(Ctx& c) {
  const std::string& m = c.req.method;
  const std::string& id = c.segs[0];
  auto obj = resolve(c, id);
  if (!obj) return missing_object(m, id);
  if (c.segs.size() > 2) return missing_object(m, c.segs[0] + "/" + c.segs[1] + "/" + c.segs[2]);
  bool ig = obj->acct->platform == Platform::instagram;
  if (auto refused = refuse_unknown_params(c)) return *refused;
  if (auto refused = refuse_without_permission(c, *obj, c.segs.size() > 1 ? c.segs[1] : ""))
    return *refused;

  if (c.segs.size() == 1) {
    if (m == "GET") return read_node(c, *obj);
    if (m == "POST") return update_node(c, *obj);
    if (m == "DELETE") return delete_node(c, *obj);
    return missing_object(m, id);
  }

  const std::string& edge = c.segs[1];
  switch (obj->type) {
    case NodeType::page:
      if (m == "GET" && (edge == "published_posts" || edge == "posts" || edge == "feed"))
        return list_posts(c, *obj->acct, edge);
      if (edge == "blocked" && (m == "GET" || m == "POST" || m == "DELETE"))
        return handle_blocked(c, *obj->acct);
      break;
    case NodeType::ig_user:
      if (m == "GET" && edge == "media") return list_posts(c, *obj->acct, edge);
      if (m == "POST" && edge == "moderate_conversations")
        return graph_error(400, 100, std::nullopt,
                           "(#100) A conversation must exist between the user and the Instagram "
                           "business account.",
                           "IGApiException");
      break;
    case NodeType::post:
    case NodeType::media:
      if (edge == "comments" && m == "GET") return list_comments(c, *obj, edge);
      if (edge == "comments" && m == "POST") return post_comment(c, *obj);
      break;
    case NodeType::comment:
    case NodeType::ig_comment: {
      bool reply_edge = ig ? edge == "replies" : edge == "comments";
      if (reply_edge && m == "GET") return list_comments(c, *obj, edge);
      if (reply_edge && m == "POST") return post_comment(c, *obj);
      break;
    }
  }
  if (m == "GET") return no_such_field(edge, node_type_name(obj->type));
  return missing_object(m, id + "/" + edge);
}

Response serve(State& st, const Request& req, bool batched) {
  Ctx c{st, req, merged_params(req), "v25.0", {}, nullptr, {}, false};
  auto segs = split_path(req.path);
  const bool instagram_host = strip_instagram_host(segs);
  if (!segs.empty() && is_version(segs[0])) {
    c.version = segs[0];
    segs.erase(segs.begin());
  }
  const std::string version = c.version;
  // Links (paging.next) are built on "https://host/" + c.version: on the emulated Instagram host
  // they keep its prefix.
  if (instagram_host) c.version = std::string(kInstagramHost) + "/" + c.version;
  c.segs = segs;
  if (segs.empty()) {
    if (req.method == "POST" && !batched) return handle_batch(st, req, c.params, instagram_host);
    return bad_param("Unsupported request");
  }
  if (instagram_host && segs.size() == 1 && segs[0] == "refresh_access_token" &&
      req.method == "GET")
    return refresh_instagram_token(st, c.params);
  c.token = access_token_of(req, c.params);
  for (const auto& [k, v] : req.query)
    if (k == "access_token") c.token_in_query = true;
  const Token* tok = c.token.empty() ? nullptr : st.token(c.token);
  if (!tok || tok->platform == Platform::x) {
    if (c.token.empty()) {
      Response r = graph_error(400, 190, std::nullopt,
                               "An active access token must be used to query information about "
                               "the current user.");
      r.set_header("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\"");
      return r;
    }
    return invalid_token();
  }
  if (tok->expires_at && st.now() >= *tok->expires_at) return graph_expired_token(st);
  c.acct = st.account(tok->platform, tok->account_id);
  if (!c.acct) return invalid_token();
  // A batch's parts were admitted with the batch (its top-level token and appsecret_proof).
  if (!batched)
    if (auto refused = refuse_caller(*c.acct, *tok, c.token, instagram_host, c.params))
      return *refused;
  if (c.segs[0] == "me") c.segs[0] = c.acct->id;  // "the account whose token this is"

  auto& w = st.count_call("buc:" + State::key(c.acct->platform, c.acct->id), kBucWindow);
  st.count_call("app:graph", kAppWindow);
  if (w.count > c.acct->call_budget) {
    Response r = throttle_error(c.acct->platform);
    auto regain = static_cast<int>((w.start + kBucWindow - st.now() + 59) / 60);
    add_usage_headers(st, r, *c.acct, true, std::max(1, regain));
    return r;
  }
  Response r = dispatch(c);
  add_usage_headers(st, r, *c.acct, false, 0);
  r.set_header("facebook-api-version", version);
  return r;
}

Response handle_batch(State& st, const Request& req, const Params& params, bool instagram_host) {
  std::optional<std::string> batch;
  bool include_headers = true;
  for (const auto& [k, v] : params) {
    if (k == "batch") batch = v;
    if (k == "include_headers") include_headers = truthy(v);
  }
  if (!batch) return bad_param("The parameter batch is required");
  json items = json::parse(*batch, nullptr, false);
  if (!items.is_array()) return bad_param("Param batch must be a JSON array");
  if (items.size() > kMaxBatch)
    return bad_param("Too many requests in batch message. Maximum batch size is 50");
  // "You must include an access token as a top level parameter" (FB-BATCH): a form or query
  // parameter, not only an Authorization header.
  std::string token;
  for (const auto& [k, v] : params)
    if (k == "access_token") token = v;
  if (token.empty())
    return graph_error(400, 104, std::nullopt,
                       "An access token is required to request this resource. A batch request "
                       "must include an access_token as a top-level parameter.");
  const Token* tok = st.token(token);
  const Account* acct = tok ? st.account(tok->platform, tok->account_id) : nullptr;
  if (!acct || tok->platform == Platform::x) return invalid_token();
  if (tok->expires_at && st.now() >= *tok->expires_at) return graph_expired_token(st);
  if (auto refused = refuse_caller(*acct, *tok, token, instagram_host, params)) return *refused;
  json out = json::array();
  for (const auto& item : items) {
    if (!item.is_object() || !item.contains("relative_url") || !item["relative_url"].is_string()) {
      out.push_back(nullptr);  // Graph answers null for a request it could not run
      continue;
    }
    std::string method = "GET";
    if (item.contains("method") && item["method"].is_string())
      method = item["method"].get<std::string>();
    std::string rel = item["relative_url"].get<std::string>();
    if (rel.empty() || rel[0] != '/') rel = "/" + rel;
    auto first = split_path(rel.substr(0, rel.find('?')));
    // The emulated host is a path prefix, so a client's relative_url may start with it.
    const std::string host_prefix = "/" + std::string(kInstagramHost);
    if (strip_instagram_host(first)) rel.erase(0, host_prefix.size());
    if (first.empty() || !is_version(first[0])) rel = "/v25.0" + rel;
    if (instagram_host) rel = host_prefix + rel;
    std::string body = item.contains("body") && item["body"].is_string()
                           ? item["body"].get<std::string>()
                           : std::string{};
    std::map<std::string, std::string> headers;
    if (auto h = req.header("host")) headers["host"] = *h;
    headers["content-type"] = "application/x-www-form-urlencoded";
    Request sub = make_request(method, rel, body, headers);
    Params body_params = parse_params(body);
    bool body_token = std::any_of(body_params.begin(), body_params.end(),
                                  [](const auto& kv) { return kv.first == "access_token"; });
    if (!sub.query_param("access_token") && !body_token)
      sub.headers["authorization"] = "Bearer " + token;
    Response r = serve(st, sub, true);
    st.log_call({graph_platform(st, sub), sub.method, sub.target, r.status, true});
    json el = {{"code", r.status}};
    if (include_headers) {
      json hs = json::array();
      for (const auto& [k, v] : r.headers) hs.push_back({{"name", k}, {"value", v}});
      el["headers"] = hs;
    }
    el["body"] = r.body;
    out.push_back(el);
  }
  return ok_json(out);
}

}  // namespace

Response handle_graph(State& st, const Request& req) {
  return serve(st, req, false);
}

}  // namespace hm::emulator
