#include "emulator/control_api.hpp"

#include <cctype>

#include "emulator/graph_oauth.hpp"
#include "emulator/json_response.hpp"
#include "emulator/url_codec.hpp"
#include "emulator/x_rules.hpp"

namespace hm::emulator {

namespace {

constexpr int kMaxReplyDepth = 64;

Response bad(const std::string& why) {
  return json_response(400, {{"error", why}});
}
Response ok(json j = {{"ok", true}}) {
  return json_response(200, j);
}

std::optional<std::string> str(const json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_string()) return std::nullopt;
  return j[k].get<std::string>();
}

std::optional<std::int64_t> integer(const json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_number_integer()) return std::nullopt;
  return j[k].get<std::int64_t>();
}

Response add_account(State& st, const json& b) {
  auto platform = parse_platform(str(b, "platform").value_or(""));
  if (!platform) return bad(platform.error());
  auto id = str(b, "account_id");
  auto token = str(b, "access_token");
  if (!id || id->empty()) return bad("account_id is required");
  if (!token || token->empty()) return bad("access_token is required");
  Account a;
  a.platform = *platform;
  a.id = *id;
  a.name = str(b, "name").value_or("");
  a.username = str(b, "username").value_or("");
  a.client_id = str(b, "client_id").value_or("");
  a.client_secret = str(b, "client_secret").value_or("");
  a.refresh_token = str(b, "refresh_token").value_or("");
  a.login = str(b, "login").value_or("facebook");
  if (a.login != "facebook" && (a.login != "instagram" || *platform != Platform::instagram))
    return bad("login is \"facebook\" or, on an instagram account, \"instagram\"");
  a.app_secret = str(b, "app_secret").value_or("");
  a.require_app_secret = b.contains("require_app_secret") && b["require_app_secret"] == true;
  if (a.require_app_secret && a.app_secret.empty())
    return bad("require_app_secret needs app_secret");
  a.expires_in = integer(b, "expires_in")
                     .value_or(*platform == Platform::x ? 7200
                               : a.login == "instagram" ? Account::kInstagramLoginLifetime
                                                        : 0);
  if (a.expires_in < 0) return bad("expires_in must be >= 0");
  if (auto budget = integer(b, "call_budget")) {
    if (*budget <= 0) return bad("call_budget must be > 0");
    a.call_budget = *budget;
  }
  if (*platform == Platform::x)
    if (auto why = x::read_account_options(b, a)) return bad(*why);
  if (b.contains("permissions")) {
    if (!b["permissions"].is_array()) return bad("permissions must be an array of strings");
    a.permissions.emplace();
    for (const auto& p : b["permissions"]) {
      if (!p.is_string()) return bad("permissions must be an array of strings");
      a.permissions->insert(p.get<std::string>());
    }
  }
  std::optional<std::int64_t> expires;
  if (a.expires_in > 0) expires = st.now() + a.expires_in;
  st.tokens[*token] = Token{*platform, a.id, expires,
                            *platform == Platform::x ? x::token_scopes(a) : std::set<std::string>{},
                            *platform == Platform::instagram && a.login == "instagram"};
  st.people[State::key(*platform, a.id)] = Person{a.name, a.username};
  st.accounts[State::key(*platform, a.id)] = a;
  return ok();
}

Response add_post(State& st, const json& b) {
  auto platform = parse_platform(str(b, "platform").value_or(""));
  if (!platform) return bad(platform.error());
  auto account_id = str(b, "account_id");
  if (!account_id || !st.account(*platform, *account_id)) return bad("unknown account_id");
  auto text = str(b, "text").value_or("");
  auto seq = st.next_seq();
  Post p;
  p.platform = *platform;
  p.id = st.new_post_id(*platform, *account_id, seq);
  p.account_id = *account_id;
  p.text = text;
  p.origin = str(b, "origin").value_or("own");
  if (p.origin != "own" && p.origin != "visitor" && p.origin != "tagged")
    return bad("origin must be own, visitor or tagged");
  p.created = integer(b, "created_time").value_or(st.now());
  p.seq = seq;
  std::string id = p.id;
  st.posts[id] = std::move(p);
  return ok({{"id", id}});
}

Response add_comment(State& st, const json& b) {
  auto platform = parse_platform(str(b, "platform").value_or(""));
  if (!platform) return bad(platform.error());
  auto post_id = str(b, "post_id");
  Post* post = post_id ? st.post(*post_id) : nullptr;
  if (!post || post->platform != *platform) return bad("unknown post_id");
  std::optional<std::string> parent;
  if (auto pid = str(b, "parent_id")) {
    Comment* pc = st.comment(*pid);
    if (!pc || pc->post_id != post->id) return bad("unknown parent_id");
    // Facebook and Instagram threads are two levels deep: a reply to a reply joins the
    // top-level comment's thread. X replies nest freely.
    parent = (*platform != Platform::x && pc->parent_id) ? *pc->parent_id : pc->id;
  }
  auto author_id = str(b, "author_id");
  if (!author_id || author_id->empty()) return bad("author_id is required");
  auto seq = st.next_seq();
  Comment c;
  c.platform = *platform;
  c.id = st.new_comment_id(*platform, post->id, seq);
  c.post_id = post->id;
  c.parent_id = parent;
  c.author_id = *author_id;
  c.author_name = str(b, "author_name").value_or("");
  std::string uname;
  for (char ch : c.author_name)
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')
      uname.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  c.author_username =
      str(b, "author_username").value_or(uname.empty() ? "user" + *author_id : uname);
  c.text = str(b, "text").value_or("");
  c.created = integer(b, "created_time").value_or(st.now());
  c.seq = seq;
  c.by_account = *author_id == post->account_id;
  if (*platform == Platform::x) c.edit_history = {c.id};
  auto key = State::key(*platform, *author_id);
  if (!st.people.count(key)) st.people[key] = Person{c.author_name, c.author_username};
  std::string id = c.id;
  st.comments[id] = std::move(c);
  return ok({{"id", id}});
}

Response edit_comment(State& st, const std::string& id, const json& b) {
  Comment* c = st.comment(id);
  if (!c || c->deleted) return json_response(404, {{"error", "unknown comment"}});
  auto text = str(b, "text");
  if (!text) return bad("text is required");
  if (c->platform == Platform::x)
    if (auto why = x::edit_refusal(st, *c)) return bad(*why);
  c->text = *text;
  if (c->platform == Platform::x) {
    // X's edit model: an edit is a new Tweet id; edit_history_tweet_ids lists every version,
    // oldest first, and the listings show the latest id.
    auto seq = st.next_seq();
    std::string new_id = st.new_comment_id(Platform::x, c->post_id, seq);
    c->edit_history.push_back(new_id);
    c->seq = seq;
    st.comment_aliases[new_id] = c->id;
    return ok({{"id", new_id}});
  }
  return ok({{"id", c->id}});
}

Response delete_comment(State& st, const std::string& id) {
  Comment* c = st.comment(id);
  if (!c || c->deleted) return json_response(404, {{"error", "unknown comment"}});
  std::string root = c->id;
  c->deleted = true;
  if (c->platform != Platform::x) {
    for (auto& [cid, r] : st.comments)
      if (r.parent_id && *r.parent_id == root) r.deleted = true;
  }
  return ok();
}

Response add_fault(State& st, const json& b) {
  auto platform = parse_platform(str(b, "platform").value_or(""));
  if (!platform) return bad(platform.error());
  auto kind = parse_fault_kind(str(b, "kind").value_or(""));
  if (!kind) return bad("unknown fault kind");
  if (*kind == FaultKind::action_blocked && *platform == Platform::x)
    return bad("action_blocked is a Graph (facebook, instagram) fault");
  Fault f;
  f.platform = *platform;
  f.kind = *kind;
  f.remaining = static_cast<int>(integer(b, "count").value_or(1));
  if (f.remaining < 1 || f.remaining > 1000000) return bad("count must be 1..1000000");
  f.match = str(b, "match").value_or("");
  auto delay = integer(b, "delay_ms").value_or(*kind == FaultKind::slow ? 1000 : 0);
  if (delay < 0 || delay > 600000) return bad("delay_ms must be 0..600000");
  f.delay_ms = static_cast<std::uint32_t>(delay);
  auto regain = integer(b, "regain_minutes").value_or(1);
  if (regain < 0 || regain > 100000) return bad("regain_minutes must be 0..100000");
  f.regain_minutes = static_cast<int>(regain);
  st.faults.push_back(f);
  return ok({{"ok", true}, {"queued", st.faults.size()}});
}

json comment_json(const State& st, const Comment& c, int depth) {
  json j = {{"id", c.id},
            {"platform", to_string(c.platform)},
            {"post_id", c.post_id},
            {"text", c.text},
            {"author_id", c.author_id},
            {"author_name", c.author_name},
            {"hidden", c.hidden},
            {"deleted", c.deleted},
            {"by_account", c.by_account},
            {"created_time", c.created}};
  if (c.parent_id) j["parent_id"] = *c.parent_id;
  if (c.platform == Platform::x) {
    j["current_id"] = c.current_id();
    j["edit_history_tweet_ids"] = c.edit_history;
  }
  json replies = json::array();
  if (depth < kMaxReplyDepth) {
    for (const auto& [id, r] : st.comments)
      if (r.parent_id && *r.parent_id == c.id) replies.push_back(comment_json(st, r, depth + 1));
  }
  j["replies"] = replies;
  return j;
}

json state_json(const State& st) {
  json comments = json::array();
  for (const auto& [id, c] : st.comments)
    if (!c.parent_id) comments.push_back(comment_json(st, c, 0));
  json posts = json::array();
  for (const auto& [id, p] : st.posts)
    posts.push_back({{"id", p.id},
                     {"platform", to_string(p.platform)},
                     {"account_id", p.account_id},
                     {"text", p.text},
                     {"deleted", p.deleted},
                     {"created_time", p.created}});
  auto refs = [](const std::set<UserRef>& s) {
    json out = json::array();
    for (const auto& r : s)
      out.push_back({{"platform", to_string(r.platform)},
                     {"account_id", r.account_id},
                     {"user_id", r.user_id}});
    return out;
  };
  json replies = json::array();
  for (const auto& r : st.posted_replies)
    replies.push_back({{"platform", to_string(r.platform)},
                       {"parent_id", r.parent_id},
                       {"text", r.text},
                       {"id", r.id}});
  json calls = json::array();
  for (const auto& c : st.calls)
    calls.push_back({{"platform", to_string(c.platform)},
                     {"method", c.method},
                     {"path", c.path},
                     {"status", c.status},
                     {"batched", c.batched}});
  json access = json::array();
  for (const auto& [tok, t] : st.tokens) {
    json e = {
        {"access_token", tok}, {"platform", to_string(t.platform)}, {"account_id", t.account_id}};
    if (t.expires_at) {
      e["expires_at"] = *t.expires_at;
      e["expired"] = st.now() >= *t.expires_at;
    } else {
      e["expired"] = false;
    }
    access.push_back(e);
  }
  json refresh = json::array();
  for (const auto& [k, a] : st.accounts)
    if (!a.refresh_token.empty())
      refresh.push_back({{"platform", to_string(a.platform)},
                         {"account_id", a.id},
                         {"refresh_token", a.refresh_token}});
  json faults = json::array();
  for (const auto& f : st.faults)
    faults.push_back({{"platform", to_string(f.platform)},
                      {"kind", to_string(f.kind)},
                      {"remaining", f.remaining},
                      {"match", f.match}});
  return {{"now", st.now()},
          {"posts", posts},
          {"comments", comments},
          {"blocked", refs(st.blocked)},
          {"muted", refs(st.muted)},
          {"posted_replies", replies},
          {"calls", calls},
          {"calls_dropped", st.calls_dropped},
          {"faults", faults},
          {"tokens",
           {{"access", access}, {"refresh", refresh}, {"spent_refresh", st.spent_refresh_tokens}}}};
}

}  // namespace

bool is_control_path(const std::string& path) {
  return path.rfind("/_emulator/", 0) == 0;
}

Response handle_control(State& st, const Request& req) {
  auto segs = split_path(req.path);  // "_emulator", ...
  segs.erase(segs.begin());
  const std::string& m = req.method;
  if (m == "GET" && segs.size() == 1 && segs[0] == "state")
    return json_response(200, state_json(st));
  if (m == "GET" && segs.size() == 1 && segs[0] == "clock") return ok({{"now", st.now()}});
  // Cheap reads for benches that watch thousands of channels: one comment, and the call count,
  // without rendering the whole state.
  if (m == "GET" && segs.size() == 2 && segs[0] == "comments") {
    auto found = st.comments.find(segs[1]);
    if (found == st.comments.end()) return json_response(404, {{"error", "no such comment"}});
    return json_response(200, comment_json(st, found->second, 0));
  }
  if (m == "GET" && segs.size() == 1 && segs[0] == "call-count")
    return json_response(200, {{"calls", st.calls.size() + st.calls_dropped}});
  if (m != "POST" || segs.empty())
    return json_response(404, {{"error", "unknown control endpoint"}});
  json b = req.body.empty() ? json::object() : json::parse(req.body, nullptr, false);
  if (!b.is_object()) return bad("body must be a JSON object");
  if (segs.size() == 1) {
    const std::string& what = segs[0];
    if (what == "reset") {
      st.reset();
      return ok();
    }
    if (what == "accounts") return add_account(st, b);
    if (what == "posts") return add_post(st, b);
    if (what == "comments") return add_comment(st, b);
    if (what == "faults") return add_fault(st, b);
    if (auto r = graph_oauth_control(st, what, b)) return *r;
    if (what == "clock") {
      auto s = integer(b, "advance_seconds");
      if (!s || *s < 0 || *s > 10LL * 365 * 24 * 3600)
        return bad("advance_seconds must be 0..10 years");
      st.advance(*s);
      return ok({{"now", st.now()}});
    }
  }
  if (segs.size() == 3 && segs[0] == "comments") {
    if (segs[2] == "edit") return edit_comment(st, segs[1], b);
    if (segs[2] == "delete") return delete_comment(st, segs[1]);
  }
  return json_response(404, {{"error", "unknown control endpoint"}});
}

}  // namespace hm::emulator
