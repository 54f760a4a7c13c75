#include "connectors/emulator/x_api.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "connectors/emulator/json_response.hpp"
#include "connectors/emulator/rate_limits.hpp"
#include "connectors/emulator/url_codec.hpp"

namespace hm::emulator {

namespace {

constexpr std::int64_t kSearchWindow = 7 * 24 * 3600;  // recent search: last 7 days
const char* kProblemJson = "application/problem+json";
const char* kScope =
    "tweet.read users.read tweet.write tweet.moderate.write mute.write offline.access";

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

// A Tweet as the API shows it: an account's post or a reply (a comment).
struct TweetView {
  std::string id;  // current version
  std::uint64_t num = 0;
  std::string text, author_id, conversation_id;
  std::int64_t created = 0;
  std::optional<std::string> in_reply_to_user_id, replied_to;
  std::vector<std::string> edit_history;
  const Comment* comment = nullptr;
  const Post* post = nullptr;
};

TweetView view_of(State& st, const Post& p) {
  TweetView v;
  v.id = p.id;
  parse_u64(p.id, v.num);
  v.text = p.text;
  v.author_id = p.account_id;
  v.conversation_id = p.id;
  v.created = p.created;
  v.edit_history = {p.id};
  v.post = &p;
  (void)st;
  return v;
}

TweetView view_of(State& st, const Comment& c) {
  TweetView v;
  v.id = c.current_id();
  parse_u64(v.id, v.num);
  v.text = c.text;
  v.author_id = c.author_id;
  v.conversation_id = c.post_id;
  v.created = c.created;
  v.edit_history = c.edit_history.empty() ? std::vector<std::string>{c.id} : c.edit_history;
  v.comment = &c;
  if (c.parent_id) {
    if (const Comment* parent = st.comment(*c.parent_id)) {
      v.in_reply_to_user_id = parent->author_id;
      v.replied_to = parent->current_id();
    }
  } else if (const Post* root = st.post(c.post_id)) {
    v.in_reply_to_user_id = root->account_id;
    v.replied_to = root->id;
  }
  return v;
}

std::vector<TweetView> all_tweets(State& st) {
  std::vector<TweetView> out;
  for (auto& [id, p] : st.posts)
    if (p.platform == Platform::x && !p.deleted) out.push_back(view_of(st, p));
  for (auto& [id, c] : st.comments)
    if (c.platform == Platform::x && !c.deleted) out.push_back(view_of(st, c));
  return out;
}

const std::set<std::string> kTweetFields = {"article",
                                            "attachments",
                                            "author_id",
                                            "card_uri",
                                            "community_id",
                                            "context_annotations",
                                            "conversation_id",
                                            "created_at",
                                            "display_text_range",
                                            "edit_controls",
                                            "edit_history_tweet_ids",
                                            "entities",
                                            "geo",
                                            "id",
                                            "in_reply_to_user_id",
                                            "lang",
                                            "media_metadata",
                                            "non_public_metrics",
                                            "note_tweet",
                                            "organic_metrics",
                                            "possibly_sensitive",
                                            "promoted_metrics",
                                            "public_metrics",
                                            "referenced_tweets",
                                            "reply_settings",
                                            "scopes",
                                            "source",
                                            "suggested_source_links",
                                            "text",
                                            "withheld"};
const std::set<std::string> kUserFields = {"affiliation",
                                           "connection_status",
                                           "created_at",
                                           "description",
                                           "entities",
                                           "id",
                                           "location",
                                           "most_recent_tweet_id",
                                           "name",
                                           "pinned_tweet_id",
                                           "profile_banner_url",
                                           "profile_image_url",
                                           "protected",
                                           "public_metrics",
                                           "receives_your_dm",
                                           "subscription_type",
                                           "url",
                                           "username",
                                           "verified",
                                           "verified_type",
                                           "withheld"};
const std::set<std::string> kExpansions = {"article.cover_media",
                                           "article.media_entities",
                                           "attachments.media_keys",
                                           "attachments.media_source_tweet",
                                           "attachments.poll_ids",
                                           "author_id",
                                           "edit_history_tweet_ids",
                                           "entities.mentions.username",
                                           "geo.place_id",
                                           "in_reply_to_user_id",
                                           "entities.note.mentions.username",
                                           "referenced_tweets.id",
                                           "referenced_tweets.id.attachments.media_keys",
                                           "referenced_tweets.id.author_id"};

std::vector<std::string> csv(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : v) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

struct Selection {
  std::set<std::string> tweet_fields, user_fields, expansions;
};

std::optional<Response> parse_selection(const Request& req, Selection& sel) {
  struct Spec {
    const char* param;
    const std::set<std::string>* known;
    std::set<std::string>* into;
  } specs[] = {{"tweet.fields", &kTweetFields, &sel.tweet_fields},
               {"user.fields", &kUserFields, &sel.user_fields},
               {"expansions", &kExpansions, &sel.expansions}};
  for (auto& s : specs) {
    auto v = req.query_param(s.param);
    if (!v) continue;
    for (auto& f : csv(*v)) {
      if (!s.known->count(f))
        return invalid_request(
            s.param, f,
            std::string("The `") + s.param + "` query parameter value [" + f + "] is not one of [" +
                [&] {
                  std::string all;
                  for (auto& k : *s.known) all += (all.empty() ? "" : ",") + k;
                  return all;
                }() +
                "]");
      s.into->insert(f);
    }
  }
  return std::nullopt;
}

json render_tweet(State& st, const TweetView& t, const Selection& sel) {
  json j = {{"id", t.id}, {"text", t.text}, {"edit_history_tweet_ids", t.edit_history}};
  auto want = [&](const char* f) { return sel.tweet_fields.count(f) > 0; };
  if (want("author_id")) j["author_id"] = t.author_id;
  if (want("conversation_id")) j["conversation_id"] = t.conversation_id;
  if (want("created_at")) j["created_at"] = x_time(t.created);
  if (want("in_reply_to_user_id") && t.in_reply_to_user_id)
    j["in_reply_to_user_id"] = *t.in_reply_to_user_id;
  if (want("referenced_tweets") && t.replied_to)
    j["referenced_tweets"] = json::array({{{"type", "replied_to"}, {"id", *t.replied_to}}});
  if (want("lang")) j["lang"] = "en";
  if (want("reply_settings")) j["reply_settings"] = "everyone";
  if (want("possibly_sensitive")) j["possibly_sensitive"] = false;
  if (want("public_metrics")) {
    int replies = 0;
    for (auto& [id, c] : st.comments) {
      if (c.platform != Platform::x || c.deleted) continue;
      bool direct = t.comment ? (c.parent_id && st.comment(*c.parent_id) == t.comment)
                              : (!c.parent_id && c.post_id == t.id);
      if (direct) ++replies;
    }
    j["public_metrics"] = {{"retweet_count", 0}, {"reply_count", replies}, {"like_count", 0},
                           {"quote_count", 0},   {"bookmark_count", 0},    {"impression_count", 0}};
  }
  if (want("edit_controls")) {
    j["edit_controls"] = {
        {"edits_remaining", std::max<int>(0, 6 - static_cast<int>(t.edit_history.size()))},
        {"is_edit_eligible", true},
        {"editable_until", x_time(t.created + 3600)}};
  }
  return j;
}

json render_user(State& st, const std::string& id, const Selection& sel) {
  json u = {{"id", id}};
  if (const Person* p = st.person(Platform::x, id)) {
    u["name"] = p->name;
    u["username"] = p->username;
  } else {
    u["name"] = "User " + id;
    u["username"] = "user" + id;
  }
  if (sel.user_fields.count("protected")) u["protected"] = false;
  if (sel.user_fields.count("verified")) u["verified"] = false;
  return u;
}

// `{data, includes, meta}` for a list of Tweets already filtered and sorted newest first.
json list_body(State& st, const std::vector<TweetView>& page, const Selection& sel,
               const std::optional<std::string>& next_token) {
  if (page.empty()) return {{"meta", {{"result_count", 0}}}};
  json data = json::array();
  for (auto& t : page) data.push_back(render_tweet(st, t, sel));
  json body = {{"data", data}};
  json includes = json::object();
  std::vector<std::string> user_ids;
  auto add_user = [&](const std::string& id) {
    if (std::find(user_ids.begin(), user_ids.end(), id) == user_ids.end()) user_ids.push_back(id);
  };
  for (auto& t : page) {
    if (sel.expansions.count("author_id")) add_user(t.author_id);
    if (sel.expansions.count("in_reply_to_user_id") && t.in_reply_to_user_id)
      add_user(*t.in_reply_to_user_id);
  }
  if (!user_ids.empty()) {
    json users = json::array();
    for (auto& id : user_ids) users.push_back(render_user(st, id, sel));
    includes["users"] = users;
  }
  if (sel.expansions.count("referenced_tweets.id")) {
    json tweets = json::array();
    for (auto& t : page) {
      if (!t.replied_to) continue;
      if (const Comment* c = st.comment(*t.replied_to); c && !c->deleted)
        tweets.push_back(render_tweet(st, view_of(st, *c), sel));
      else if (const Post* p = st.post(*t.replied_to); p && !p->deleted)
        tweets.push_back(render_tweet(st, view_of(st, *p), sel));
    }
    if (!tweets.empty()) includes["tweets"] = tweets;
  }
  if (!includes.empty()) body["includes"] = includes;
  json meta = {
      {"newest_id", page.front().id}, {"oldest_id", page.back().id}, {"result_count", page.size()}};
  if (next_token) meta["next_token"] = *next_token;
  body["meta"] = meta;
  return body;
}

std::string encode_token(std::uint64_t id) {
  std::string s;
  do {
    s.insert(s.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[id % 36]);
    id /= 36;
  } while (id);
  return "7140dib" + s;
}

std::optional<std::uint64_t> decode_token(const std::string& t) {
  if (t.size() < 8 || t.size() > 30 || t.compare(0, 7, "7140dib") != 0) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 7; i < t.size(); ++i) {
    char c = t[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
    if (d < 0 || v > (UINT64_MAX - static_cast<unsigned>(d)) / 36) return std::nullopt;
    v = v * 36 + static_cast<unsigned>(d);
  }
  return v;
}

// Shared by mentions and search: since/until/max_results/pagination, newest first.
Response list_tweets(State& st, const Request& req, std::vector<TweetView> tweets, int min_results,
                     int max_allowed) {
  Selection sel;
  if (auto err = parse_selection(req, sel)) return *err;
  int max_results = 10;
  if (auto v = req.query_param("max_results")) {
    std::uint64_t n = 0;
    if (!parse_u64(*v, n) || n < static_cast<std::uint64_t>(min_results) ||
        n > static_cast<std::uint64_t>(max_allowed))
      return invalid_request("max_results", *v,
                             "The `max_results` query parameter value [" + *v +
                                 "] is not between " + std::to_string(min_results) + " and " +
                                 std::to_string(max_allowed));
    max_results = static_cast<int>(n);
  }
  std::optional<std::uint64_t> since, until, below;
  for (auto name : {"since_id", "until_id"}) {
    if (auto v = req.query_param(name)) {
      std::uint64_t n = 0;
      if (!parse_u64(*v, n) || v->size() > 19)
        return invalid_request(name, *v,
                               std::string("The `") + name + "` query parameter value [" + *v +
                                   "] does not match ^[0-9]{1,19}$");
      (std::string(name) == "since_id" ? since : until) = n;
    }
  }
  for (auto name : {"pagination_token", "next_token"}) {
    if (auto v = req.query_param(name)) {
      auto n = decode_token(*v);
      if (!n)
        return invalid_request(
            name, *v,
            std::string("The `") + name + "` query parameter value [" + *v + "] is not valid");
      below = *n;
    }
  }
  std::vector<TweetView> kept;
  for (auto& t : tweets) {
    if (since && t.num <= *since) continue;
    if (until && t.num >= *until) continue;
    if (below && t.num >= *below) continue;
    kept.push_back(std::move(t));
  }
  std::sort(kept.begin(), kept.end(),
            [](const TweetView& a, const TweetView& b) { return a.num > b.num; });
  std::optional<std::string> next;
  if (kept.size() > static_cast<std::size_t>(max_results)) {
    kept.resize(static_cast<std::size_t>(max_results));
    next = encode_token(kept.back().num);
  }
  return json_response(200, list_body(st, kept, sel, next));
}

bool mentions_user(State& st, const TweetView& t, const std::string& user_id) {
  if (t.author_id == user_id) return false;
  if (t.in_reply_to_user_id && *t.in_reply_to_user_id == user_id) return true;
  if (const Person* p = st.person(Platform::x, user_id); p && !p->username.empty()) {
    std::string needle = "@" + p->username, hay = t.text;
    auto low = [](std::string s) {
      std::transform(s.begin(), s.end(), s.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return s;
    };
    return low(hay).find(low(needle)) != std::string::npos;
  }
  return false;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Response search_recent(State& st, const Request& req) {
  auto q = req.query_param("query");
  if (!q || q->empty())
    return invalid_request("query", "", "The `query` query parameter can not be empty");
  if (q->size() > 512)
    return invalid_request("query", *q, "The `query` query parameter value is too long");
  std::vector<std::string> terms;
  {
    std::string cur;
    for (char c : *q) {
      if (c == ' ') {
        if (!cur.empty()) terms.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    if (!cur.empty()) terms.push_back(cur);
  }
  auto username_of = [&](const std::string& id) {
    const Person* p = st.person(Platform::x, id);
    return p ? lower(p->username) : std::string{};
  };
  std::vector<TweetView> out;
  for (auto& t : all_tweets(st)) {
    if (t.created < st.now() - kSearchWindow) continue;
    bool ok = true;
    for (auto term : terms) {
      bool neg = term.size() > 1 && term[0] == '-';
      if (neg) term = term.substr(1);
      auto colon = term.find(':');
      std::string op = colon == std::string::npos ? "" : term.substr(0, colon);
      std::string arg = colon == std::string::npos ? term : term.substr(colon + 1);
      bool m = true;
      if (op == "conversation_id")
        m = t.conversation_id == arg;
      else if (op == "in_reply_to_tweet_id")
        m = t.replied_to && *t.replied_to == arg;
      else if (op == "to")
        m = t.in_reply_to_user_id && username_of(*t.in_reply_to_user_id) == lower(arg);
      else if (op == "from")
        m = username_of(t.author_id) == lower(arg);
      else if (op == "is" && arg == "reply")
        m = t.comment != nullptr;
      else if (op == "is")
        m = false;  // is:retweet, is:quote, ...: nothing emulated matches
      else
        m = lower(t.text).find(lower(term)) != std::string::npos;
      if (neg) m = !m;
      if (!m) {
        ok = false;
        break;
      }
    }
    if (ok) out.push_back(std::move(t));
  }
  return list_tweets(st, req, std::move(out), 10, 100);
}

Response mentions(State& st, const Request& req, const std::string& user_id) {
  std::vector<TweetView> out;
  for (auto& t : all_tweets(st))
    if (mentions_user(st, t, user_id)) out.push_back(std::move(t));
  return list_tweets(st, req, std::move(out), 5, 100);
}

Response own_tweets(State& st, const Request& req, const std::string& user_id) {
  std::vector<TweetView> out;
  for (auto& t : all_tweets(st))
    if (t.author_id == user_id) out.push_back(std::move(t));
  return list_tweets(st, req, std::move(out), 5, 100);
}

Response lookup(State& st, const Request& req, const std::vector<std::string>& ids, bool single) {
  Selection sel;
  if (auto err = parse_selection(req, sel)) return *err;
  json data = json::array(), errors = json::array();
  for (auto& id : ids) {
    const Comment* c = st.comment(id);
    const Post* p = st.post(id);
    if (c && !c->deleted && c->platform == Platform::x)
      data.push_back(render_tweet(st, view_of(st, *c), sel));
    else if (p && !p->deleted && p->platform == Platform::x)
      data.push_back(render_tweet(st, view_of(st, *p), sel));
    else
      errors.push_back({{"value", id},
                        {"detail", "Could not find tweet with id: [" + id + "]."},
                        {"title", "Not Found Error"},
                        {"resource_type", "tweet"},
                        {"parameter", single ? "id" : "ids"},
                        {"resource_id", id},
                        {"type", "https://api.x.com/2/problems/resource-not-found"}});
  }
  json body = json::object();
  if (!data.empty()) body["data"] = single ? data[0] : data;
  if (!errors.empty()) body["errors"] = errors;
  return json_response(200, body);
}

std::optional<json> json_body(const Request& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

Response body_invalid() {
  return json_response(400,
                       {{"errors", json::array({{{"message", "Request body is not valid JSON"}}})},
                        {"title", "Invalid Request"},
                        {"detail", "One or more parameters to your request was invalid."},
                        {"type", "https://api.x.com/2/problems/invalid-request"}},
                       kProblemJson);
}

Response hide_reply(State& st, const Request& req, const Account& me, const std::string& id) {
  auto body = json_body(req);
  if (!body || !body->contains("hidden") || !(*body)["hidden"].is_boolean()) return body_invalid();
  Comment* c = st.comment(id);
  if (!c || c->deleted || c->platform != Platform::x) {
    if (const Post* p = st.post(id); p && !p->deleted) return forbidden();  // not a reply
    return not_found(id);
  }
  const Post* root = st.post(c->post_id);
  if (!root || root->account_id != me.id || c->author_id == me.id) return forbidden();
  c->hidden = (*body)["hidden"].get<bool>();
  return json_response(200, {{"data", {{"hidden", c->hidden}}}});
}

Response delete_tweet(State& st, const Account& me, const std::string& id) {
  if (Comment* c = st.comment(id); c && !c->deleted && c->platform == Platform::x) {
    if (c->author_id != me.id) return forbidden();
    c->deleted = true;
    return json_response(200, {{"data", {{"deleted", true}}}});
  }
  if (Post* p = st.post(id); p && !p->deleted && p->platform == Platform::x) {
    if (p->account_id != me.id) return forbidden();
    p->deleted = true;
    return json_response(200, {{"data", {{"deleted", true}}}});
  }
  return not_found(id);
}

Response create_tweet(State& st, const Request& req, const Account& me) {
  auto body = json_body(req);
  if (!body || !body->contains("text") || !(*body)["text"].is_string()) return body_invalid();
  std::string text = (*body)["text"].get<std::string>();
  if (text.empty() || text.size() > 4000) return body_invalid();
  std::optional<std::string> reply_to;
  if (body->contains("reply")) {
    const json& r = (*body)["reply"];
    if (!r.is_object() || !r.contains("in_reply_to_tweet_id") ||
        !r["in_reply_to_tweet_id"].is_string())
      return body_invalid();
    reply_to = r["in_reply_to_tweet_id"].get<std::string>();
  }
  auto seq = st.next_seq();
  if (!reply_to) {
    Post p;
    p.platform = Platform::x;
    p.id = st.new_post_id(Platform::x, me.id, seq);
    p.account_id = me.id;
    p.text = text;
    p.created = st.now();
    p.seq = seq;
    st.posts[p.id] = p;
    return json_response(
        201, {{"data", {{"id", p.id}, {"text", text}, {"edit_history_tweet_ids", {p.id}}}}});
  }
  Comment* target = st.comment(*reply_to);
  Post* root = nullptr;
  if (target && !target->deleted && target->platform == Platform::x)
    root = st.post(target->post_id);
  else if (Post* p = st.post(*reply_to); p && !p->deleted && p->platform == Platform::x)
    root = p;
  if (!root)
    return invalid_request("reply.in_reply_to_tweet_id", *reply_to,
                           "The Tweet you are replying to does not exist or was deleted");
  // Summoned-only rule (2026-02-23): we allow a reply when the conversation is the account's
  // own (its author engaged by posting it) or the Tweet replied to @mentions the account.
  bool summoned =
      root->account_id == me.id ||
      (target && lower(target->text).find("@" + lower(me.username)) != std::string::npos &&
       !me.username.empty());
  if (!summoned)
    return x_problem(403, "Forbidden",
                     "Reply to this conversation is not allowed because you have not been "
                     "mentioned or otherwise engaged by the author of the post you are replying "
                     "to.");
  Comment c;
  c.platform = Platform::x;
  c.id = st.new_comment_id(Platform::x, root->id, seq);
  c.post_id = root->id;
  if (target) c.parent_id = target->id;
  c.author_id = me.id;
  c.author_name = me.name;
  c.author_username = me.username;
  c.text = text;
  c.created = st.now();
  c.seq = seq;
  c.by_account = true;
  c.edit_history = {c.id};
  st.comments[c.id] = c;
  st.posted_replies.push_back({Platform::x, *reply_to, text, c.id});
  return json_response(
      201, {{"data", {{"id", c.id}, {"text", text}, {"edit_history_tweet_ids", {c.id}}}}});
}

Response token_error(int status, const std::string& error, const std::string& description) {
  return json_response(status, {{"error", error}, {"error_description", description}});
}

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
  st.tokens[access] = Token{Platform::x, acct->id, st.now() + lifetime};
  return json_response(200, {{"token_type", "bearer"},
                             {"expires_in", lifetime},
                             {"access_token", access},
                             {"scope", kScope},
                             {"refresh_token", refresh}});
}

Response route(State& st, const Request& req, const Account& me,
               const std::vector<std::string>& s) {
  const std::string& m = req.method;
  if (m == "GET" && s.size() == 2 && s[0] == "users" && s[1] == "me") {
    Selection sel;
    if (auto err = parse_selection(req, sel)) return *err;
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
  auto lim = x_endpoint_limit(req.method, x_segments(req.path));
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
  auto lim = x_endpoint_limit(req.method, segs);
  auto& w = st.count_call("x:" + t->account_id + ":" + lim.route, kXWindowSeconds);
  if (w.count > lim.limit) return x_rate_limited(st, req);
  Response r = route(st, req, *me, segs);
  add_x_rate_headers(st, req, r);
  return r;
}

}  // namespace hm::emulator
