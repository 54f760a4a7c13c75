#include "connectors/emulator/graph_api.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "connectors/emulator/field_spec.hpp"
#include "connectors/emulator/json_response.hpp"
#include "connectors/emulator/url_codec.hpp"

namespace hm::emulator {

namespace {

constexpr std::int64_t kBucWindow = 24 * 3600;  // "Calls within 24 hours" (FB-RL, 2026)
constexpr std::int64_t kAppWindow = 3600;
constexpr std::int64_t kAppBudget = 4800;
constexpr int kDefaultLimit = 25;
constexpr int kMaxLimit = 100;
constexpr std::size_t kMaxBatch = 50;

std::string fbtrace_id() {
  static unsigned long n = 0;
  ++n;
  return "AhmEmu" + base64_encode(std::to_string(n * 2654435761UL)).substr(0, 12);
}

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

}  // namespace

bool is_graph_path(const std::string& path) {
  auto segs = split_path(path);
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

namespace {

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

// ---------------------------------------------------------------------------------------------
// Per-request context.

struct Ctx {
  State& st;
  const Request& req;
  Params params;
  std::string version;
  std::vector<std::string> segs;
  const Account* acct = nullptr;
  std::string token;
  bool token_in_query = false;

  std::optional<std::string> param(const std::string& name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return std::nullopt;
  }
  std::string host() const { return req.header("host").value_or("127.0.0.1"); }

  // Comments by parent id and by post id, built on first use for this request: rendering a
  // post's comments with their nested replies must not scan every comment for each comment.
  const std::vector<Comment*>& children_of(const std::string& parent_id) {
    index();
    static const std::vector<Comment*> none;
    auto it = by_parent_.find(parent_id);
    return it == by_parent_.end() ? none : it->second;
  }
  const std::vector<Comment*>& comments_on(const std::string& post_id) {
    index();
    static const std::vector<Comment*> none;
    auto it = by_post_.find(post_id);
    return it == by_post_.end() ? none : it->second;
  }

  // Filled by index(); part of the aggregate so Ctx stays brace-initialisable.
  void index() {
    if (indexed_) return;
    indexed_ = true;
    for (auto& [id, cm] : st.comments) {
      by_post_[cm.post_id].push_back(&cm);
      if (cm.parent_id) by_parent_[*cm.parent_id].push_back(&cm);
    }
  }
  bool indexed_ = false;
  std::unordered_map<std::string, std::vector<Comment*>> by_parent_{}, by_post_{};
};

// Ordering key of a listed item: (created time, sequence number).
using SortKey = std::pair<std::int64_t, std::uint64_t>;

std::string encode_cursor(const SortKey& k) {
  return base64_encode("hm1:" + std::to_string(k.first) + ":" + std::to_string(k.second));
}

std::optional<SortKey> decode_cursor(const std::string& c) {
  auto raw = base64_decode(c);
  if (!raw || raw->rfind("hm1:", 0) != 0) return std::nullopt;
  auto rest = raw->substr(4);
  auto colon = rest.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::uint64_t created = 0, seq = 0;
  std::string cs = rest.substr(0, colon);
  bool neg = !cs.empty() && cs[0] == '-';
  if (!parse_u64(neg ? cs.substr(1) : cs, created) || !parse_u64(rest.substr(colon + 1), seq))
    return std::nullopt;
  std::int64_t c64 = static_cast<std::int64_t>(created);
  return SortKey{neg ? -c64 : c64, seq};
}

struct PageRequest {
  int limit = kDefaultLimit;
  std::optional<std::string> after, before;
};

struct Item {
  SortKey key;
  json node;
};

// One page of a cursor-paged list: items sorted by `descending` order of key.
struct PageResult {
  json body;  // {"data":[...],"paging":{...}}
  bool ok = true;
  std::string error;
};

PageResult page_of(std::vector<Item> items, bool descending, const PageRequest& pr,
                   const std::function<std::string(const std::string&, const std::string&)>& link) {
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    return descending ? b.key < a.key : a.key < b.key;
  });
  auto comes_before = [&](const SortKey& a, const SortKey& b) {  // a precedes b in output order
    return descending ? b < a : a < b;
  };
  std::size_t begin = 0, end = items.size();
  if (pr.after) {
    auto c = decode_cursor(*pr.after);
    if (!c) return {json{}, false, "Invalid cursor: after"};
    begin = 0;
    while (begin < items.size() && !comes_before(*c, items[begin].key)) ++begin;
    end = std::min(items.size(), begin + static_cast<std::size_t>(pr.limit));
  } else if (pr.before) {
    auto c = decode_cursor(*pr.before);
    if (!c) return {json{}, false, "Invalid cursor: before"};
    end = 0;
    while (end < items.size() && comes_before(items[end].key, *c)) ++end;
    begin = end > static_cast<std::size_t>(pr.limit) ? end - static_cast<std::size_t>(pr.limit) : 0;
  } else {
    end = std::min(items.size(), static_cast<std::size_t>(pr.limit));
  }
  json data = json::array();
  for (std::size_t i = begin; i < end; ++i) data.push_back(std::move(items[i].node));
  json body = {{"data", data}};
  if (begin < end) {
    std::string first = encode_cursor(items[begin].key), last = encode_cursor(items[end - 1].key);
    json paging = {{"cursors", {{"before", first}, {"after", last}}}};
    if (begin > 0) paging["previous"] = link("before", first);
    if (end < items.size()) paging["next"] = link("after", last);
    body["paging"] = paging;
  }
  return {body, true, {}};
}

std::optional<int> parse_limit(const std::optional<std::string>& v) {
  if (!v) return kDefaultLimit;
  std::uint64_t n = 0;
  if (!parse_u64(*v, n) || n == 0) return std::nullopt;
  return static_cast<int>(std::min<std::uint64_t>(n, kMaxLimit));
}

// ---------------------------------------------------------------------------------------------
// Node rendering.

enum class NodeType { page, ig_user, post, media, comment, ig_comment };

const char* node_type_name(NodeType t) {
  switch (t) {
    case NodeType::page:
      return "Page";
    case NodeType::ig_user:
      return "IGUser";
    case NodeType::post:
      return "PagePost";
    case NodeType::media:
      return "IGMedia";
    case NodeType::comment:
      return "Comment";
    case NodeType::ig_comment:
      return "IGComment";
  }
  return "?";
}

const std::set<std::string>& known_fields(NodeType t) {
  static const std::set<std::string> post = {"id",
                                             "message",
                                             "created_time",
                                             "updated_time",
                                             "permalink_url",
                                             "from",
                                             "is_hidden",
                                             "is_published",
                                             "status_type",
                                             "story",
                                             "full_picture",
                                             "attachments",
                                             "shares",
                                             "privacy",
                                             "admin_creator",
                                             "application",
                                             "message_tags",
                                             "parent_id",
                                             "picture",
                                             "place",
                                             "to",
                                             "icon",
                                             "is_expired",
                                             "is_popular",
                                             "scheduled_publish_time",
                                             "promotable_id",
                                             "actions",
                                             "comments",
                                             "reactions",
                                             "likes",
                                             "sharedposts",
                                             "insights"};
  static const std::set<std::string> media = {"id",
                                              "caption",
                                              "comments_count",
                                              "is_comment_enabled",
                                              "like_count",
                                              "media_product_type",
                                              "media_type",
                                              "permalink",
                                              "timestamp",
                                              "username",
                                              "media_url",
                                              "owner",
                                              "shortcode",
                                              "thumbnail_url",
                                              "alt_text",
                                              "is_shared_to_feed",
                                              "legacy_instagram_media_id",
                                              "view_count",
                                              "comments",
                                              "children",
                                              "insights"};
  static const std::set<std::string> comment = {"admin_creator", "application",
                                                "attachment",    "can_comment",
                                                "can_hide",      "can_like",
                                                "can_remove",    "can_reply_privately",
                                                "comment_count", "created_time",
                                                "from",          "id",
                                                "is_hidden",     "is_private",
                                                "like_count",    "live_broadcast_timestamp",
                                                "message",       "message_tags",
                                                "object",        "parent",
                                                "permalink_url", "private_reply_conversation",
                                                "user_likes",    "comments",
                                                "reactions",     "likes"};
  static const std::set<std::string> ig_comment = {
      "from",       "hidden", "id",        "legacy_instagram_comment_id",
      "like_count", "media",  "parent_id", "text",
      "timestamp",  "user",   "username",  "replies"};
  static const std::set<std::string> any;
  switch (t) {
    case NodeType::post:
      return post;
    case NodeType::media:
      return media;
    case NodeType::comment:
      return comment;
    case NodeType::ig_comment:
      return ig_comment;
    default:
      return any;  // pages and IG users: every field name accepted
  }
}

FieldList default_fields(NodeType t) {
  auto mk = [](std::initializer_list<const char*> names) {
    FieldList out;
    for (auto* n : names) out.push_back(FieldSel{n, {}, std::nullopt});
    return out;
  };
  switch (t) {
    case NodeType::page:
      return mk({"name", "id"});
    case NodeType::ig_user:
      return mk({"id"});
    case NodeType::post:
      return mk({"created_time", "message", "id"});
    case NodeType::media:
      return mk({"id"});
    case NodeType::comment:
      return mk({"created_time", "from", "message", "id"});
    case NodeType::ig_comment:
      return mk({"timestamp", "text", "id"});
  }
  return {};
}

json sub_object(const json& full, const FieldSel& f) {
  if (!f.children) return full;
  json out = json::object();
  for (const auto& c : *f.children)
    if (full.contains(c.name)) out[c.name] = full[c.name];
  return out;
}

class Renderer {
 public:
  explicit Renderer(Ctx& c) : c_(c) {}

  std::optional<Response> error;  // set when a field or modifier is invalid

  json node(NodeType t, const Account* acct, const Post* post, const Comment* cm,
            const FieldList& fields) {
    json out = json::object();
    for (const auto& f : fields) {
      if (error) break;
      if (!known_fields(t).empty() && !known_fields(t).count(f.name)) {
        error = no_such_field(f.name, node_type_name(t));
        break;
      }
      switch (t) {
        case NodeType::page:
        case NodeType::ig_user:
          account_field(out, *acct, f);
          break;
        case NodeType::post:
        case NodeType::media:
          post_field(out, *post, f);
          break;
        case NodeType::comment:
        case NodeType::ig_comment:
          comment_field(out, *cm, f);
          break;
      }
    }
    return out;
  }

  // Lists comments of a post or replies of a comment as a paged edge.
  // `fields`: subfields; `mods`: filter/order/limit/after/before/summary.
  std::optional<json> comments_edge(const std::string& object_id, const Post* post,
                                    const Comment* parent, const FieldSel& sel,
                                    const std::string& edge_name) {
    bool ig = (post ? post->platform : parent->platform) == Platform::instagram;
    std::string filter = sel.modifier("filter").value_or("toplevel");
    if (filter != "toplevel" && filter != "stream") {
      error = bad_param("Param filter must be one of {toplevel, stream}");
      return std::nullopt;
    }
    // Facebook's default order is chronological (UNVERIFIED); Instagram lists newest first
    // (UNVERIFIED, third-party tools) but replies oldest first.
    std::string default_order = ig && post ? "reverse_chronological" : "chronological";
    std::string order = sel.modifier("order").value_or(default_order);
    if (order != "chronological" && order != "reverse_chronological") {
      error = bad_param("Param order must be one of {chronological, reverse_chronological}");
      return std::nullopt;
    }
    auto limit = parse_limit(sel.modifier("limit"));
    if (!limit) {
      error = bad_param("Param limit must be a positive integer");
      return std::nullopt;
    }
    FieldList fields = sel.children ? *sel.children
                                    : default_fields(ig ? NodeType::ig_comment : NodeType::comment);
    std::vector<Item> items;
    std::size_t total = 0;
    for (Comment* candidate : post ? c_.comments_on(post->id) : c_.children_of(parent->id)) {
      Comment& cm = *candidate;
      if (cm.deleted) continue;
      if (post && !(filter == "stream" || !cm.parent_id)) continue;
      ++total;
      json n = node(ig ? NodeType::ig_comment : NodeType::comment, nullptr, nullptr, &cm, fields);
      if (error) return std::nullopt;
      items.push_back({{cm.created, cm.seq}, std::move(n)});
    }
    PageRequest pr{*limit, sel.modifier("after"), sel.modifier("before")};
    auto link = [&](const std::string& dir, const std::string& cursor) {
      Params p;
      if (c_.token_in_query) p.emplace_back("access_token", c_.token);
      if (sel.children) p.emplace_back("fields", to_string(*sel.children));
      if (!ig) {
        p.emplace_back("filter", filter);
        p.emplace_back("order", order);
      }
      if (sel.modifier("summary")) p.emplace_back("summary", *sel.modifier("summary"));
      p.emplace_back("limit", std::to_string(*limit));
      p.emplace_back(dir, cursor);
      return "https://" + c_.host() + "/" + c_.version + "/" + object_id + "/" + edge_name + "?" +
             encode_params(p);
    };
    auto page = page_of(std::move(items), order == "reverse_chronological", pr, link);
    if (!page.ok) {
      error = bad_param(page.error);
      return std::nullopt;
    }
    auto summary = sel.modifier("summary");
    if (summary && truthy(*summary) && !ig) {
      page.body["summary"] = {{"order", order}, {"total_count", total}, {"can_comment", true}};
    }
    return page.body;
  }

 private:
  void account_field(json& out, const Account& a, const FieldSel& f) {
    if (f.name == "id")
      out["id"] = a.id;
    else if (f.name == "name")
      out["name"] = a.name;
    else if (f.name == "username")
      out["username"] = a.username;
  }

  std::string post_permalink(const Post& p) {
    if (p.platform == Platform::instagram) return "https://www.instagram.com/p/HM" + p.id + "/";
    auto us = p.id.find('_');
    std::string obj = us == std::string::npos ? p.id : p.id.substr(us + 1);
    return "https://www.facebook.com/" + p.account_id + "/posts/" + obj;
  }

  void post_field(json& out, const Post& p, const FieldSel& f) {
    const Account* a = c_.st.account(p.platform, p.account_id);
    const std::string& n = f.name;
    if (n == "id")
      out["id"] = p.id;
    else if (n == "message" || n == "caption")
      out[n] = p.text;
    else if (n == "created_time" || n == "updated_time")
      out[n] = graph_time(p.created);
    else if (n == "timestamp")
      out[n] = graph_time(p.created);
    else if (n == "permalink_url" || n == "permalink")
      out[n] = post_permalink(p);
    else if (n == "from" && a)
      out[n] = sub_object({{"id", a->id}, {"name", a->name}}, f);
    else if (n == "owner" && a)
      out[n] = sub_object({{"id", a->id}}, f);
    else if (n == "username" && a)
      out[n] = a->username;
    else if (n == "is_hidden")
      out[n] = false;
    else if (n == "is_published")
      out[n] = true;
    else if (n == "status_type")
      out[n] = "mobile_status_update";
    else if (n == "is_comment_enabled")
      out[n] = true;
    else if (n == "like_count")
      out[n] = 0;
    else if (n == "media_type")
      out[n] = "IMAGE";
    else if (n == "media_product_type")
      out[n] = "FEED";
    else if (n == "shortcode")
      out[n] = "HM" + p.id;
    else if (n == "comments_count") {
      int count = 0;
      for (auto& [id, cm] : c_.st.comments)
        if (!cm.deleted && cm.post_id == p.id) ++count;
      out[n] = count;
    } else if (n == "comments") {
      if (auto e = comments_edge(p.id, &p, nullptr, f, "comments")) out[n] = *e;
    }
  }

  void comment_field(json& out, const Comment& cm, const FieldSel& f) {
    const std::string& n = f.name;
    bool ig = cm.platform == Platform::instagram;
    if (n == "id")
      out["id"] = cm.id;
    else if (n == "message" || n == "text")
      out[n] = cm.text;
    else if (n == "created_time" || n == "timestamp")
      out[n] = graph_time(cm.created);
    else if (n == "from") {
      json from = ig ? json{{"id", cm.author_id}, {"username", cm.author_username}}
                     : json{{"id", cm.author_id}, {"name", cm.author_name}};
      out[n] = sub_object(from, f);
    } else if (n == "username")
      out[n] = cm.author_username;
    else if (n == "parent") {
      if (cm.parent_id) out[n] = sub_object({{"id", *cm.parent_id}}, f);
    } else if (n == "parent_id") {
      if (cm.parent_id) out[n] = *cm.parent_id;
    } else if (n == "is_hidden" || n == "hidden")
      out[n] = cm.hidden;
    else if (n == "can_hide")
      out[n] = !cm.by_account;
    else if (n == "can_remove" || n == "can_like" || n == "can_comment")
      out[n] = true;
    else if (n == "can_reply_privately" || n == "is_private" || n == "user_likes")
      out[n] = false;
    else if (n == "like_count")
      out[n] = cm.like_count;
    else if (n == "comment_count") {
      int count = 0;
      for (const Comment* r : c_.children_of(cm.id)) count += !r->deleted;
      out[n] = count;
    } else if (n == "object" || n == "media") {
      out[n] = sub_object({{"id", cm.post_id}}, f);
    } else if (n == "permalink_url") {
      const Post* p = c_.st.post(cm.post_id);
      if (p) {
        auto us = cm.id.find('_');
        out[n] = post_permalink(*p) +
                 "?comment_id=" + (us == std::string::npos ? cm.id : cm.id.substr(us + 1));
      }
    } else if (n == "comments" || n == "replies") {
      if (auto e = comments_edge(cm.id, nullptr, &cm, f, n)) out[n] = *e;
    }
  }

  Ctx& c_;
};

// ---------------------------------------------------------------------------------------------
// Object resolution.

struct Obj {
  NodeType type;
  const Account* acct = nullptr;  // page / ig user / owner
  Post* post = nullptr;
  Comment* comment = nullptr;
};

// Resolves an id the token's account may see; std::nullopt when it does not exist, is deleted,
// or belongs to another account.
std::optional<Obj> resolve(Ctx& c, const std::string& id) {
  const Account& me = *c.acct;
  if (id == me.id || id == "me") {
    return Obj{me.platform == Platform::instagram ? NodeType::ig_user : NodeType::page, &me};
  }
  if (Post* p = c.st.post(id);
      p && !p->deleted && p->platform == me.platform && p->account_id == me.id) {
    return Obj{p->platform == Platform::instagram ? NodeType::media : NodeType::post, &me, p};
  }
  auto it = c.st.comments.find(id);
  if (it != c.st.comments.end() && !it->second.deleted && it->second.platform == me.platform) {
    Post* p = c.st.post(it->second.post_id);
    if (p && p->account_id == me.id)
      return Obj{me.platform == Platform::instagram ? NodeType::ig_comment : NodeType::comment, &me,
                 p, &it->second};
  }
  return std::nullopt;
}

std::optional<FieldList> fields_param(Ctx& c, Response& err) {
  auto f = c.param("fields");
  if (!f) return std::nullopt;
  auto parsed = parse_fields(*f);
  if (auto* e = std::get_if<std::string>(&parsed)) {
    err = bad_param(*e);
    return FieldList{};
  }
  return std::get<FieldList>(parsed);
}

Response ok_json(const json& j) {
  return json_response(200, j);
}
Response success() {
  return ok_json({{"success", true}});
}

// Adds a comment (reply or top-level) made by the account itself.
Comment& add_own_comment(Ctx& c, const Post& post, const std::optional<std::string>& parent,
                         const std::string& text) {
  auto seq = c.st.next_seq();
  Comment cm;
  cm.platform = post.platform;
  cm.id = c.st.new_comment_id(post.platform, post.id, seq);
  cm.post_id = post.id;
  cm.parent_id = parent;
  cm.author_id = c.acct->id;
  cm.author_name = c.acct->name;
  cm.author_username = c.acct->username;
  cm.text = text;
  cm.created = c.st.now();
  cm.seq = seq;
  cm.by_account = true;
  auto id = cm.id;
  return c.st.comments[id] = std::move(cm);
}

void delete_thread(State& st, const std::string& id) {
  for (auto& [cid, cm] : st.comments)
    if (cid == id || (cm.parent_id && *cm.parent_id == id)) cm.deleted = true;
}

std::vector<std::string> user_list(const std::string& v) {
  // "123", "123,456" or a JSON array ["123",456]
  std::vector<std::string> out;
  json j = json::parse(v, nullptr, false);
  if (j.is_array()) {
    for (auto& e : j) {
      if (e.is_string())
        out.push_back(e.get<std::string>());
      else if (e.is_number_unsigned())
        out.push_back(std::to_string(e.get<std::uint64_t>()));
    }
    return out;
  }
  std::string cur;
  for (char ch : v) {
    if (ch == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (ch != ' ' && ch != '"') {
      cur.push_back(ch);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// GET /{page-id}/{published_posts|posts|feed} and GET /{ig-user-id}/media.
Response list_posts(Ctx& c, const Account& a, const std::string& edge) {
  Response err;
  auto fields = fields_param(c, err);
  if (!err.body.empty()) return err;
  auto limit = parse_limit(c.param("limit"));
  if (!limit) return bad_param("Param limit must be a positive integer");
  std::optional<std::uint64_t> since, until;
  for (auto name : {"since", "until"}) {
    if (auto v = c.param(name)) {
      std::uint64_t t = 0;
      if (!parse_u64(*v, t))
        return bad_param(std::string("Param ") + name + " is not a valid timestamp");
      (std::string(name) == "since" ? since : until) = t;
    }
  }
  NodeType t = a.platform == Platform::instagram ? NodeType::media : NodeType::post;
  FieldList fl = fields ? *fields : default_fields(t);
  Renderer r(c);
  std::vector<Item> items;
  for (auto& [id, p] : c.st.posts) {
    if (p.deleted || p.platform != a.platform || p.account_id != a.id) continue;
    if (since && p.created < static_cast<std::int64_t>(*since)) continue;
    if (until && p.created > static_cast<std::int64_t>(*until)) continue;
    json n = r.node(t, &a, &p, nullptr, fl);
    if (r.error) return *r.error;
    items.push_back({{p.created, p.seq}, std::move(n)});
  }
  PageRequest pr{*limit, c.param("after"), c.param("before")};
  auto link = [&](const std::string& dir, const std::string& cursor) {
    Params p;
    for (const auto& kv : c.req.query)
      if (kv.first != "after" && kv.first != "before") p.push_back(kv);
    p.emplace_back(dir, cursor);
    return "https://" + c.host() + "/" + c.version + "/" + a.id + "/" + edge + "?" +
           encode_params(p);
  };
  auto page = page_of(std::move(items), true, pr, link);
  if (!page.ok) return bad_param(page.error);
  return ok_json(page.body);
}

// GET /{object}/comments or /{ig-comment}/replies as a top-level request.
Response list_comments(Ctx& c, const Obj& o, const std::string& edge) {
  Response err;
  auto fields = fields_param(c, err);
  if (!err.body.empty()) return err;
  FieldSel sel;
  sel.name = edge;
  sel.children = fields;
  for (auto name : {"filter", "order", "limit", "after", "before", "summary"})
    if (auto v = c.param(name)) sel.modifiers[name] = *v;
  Renderer r(c);
  auto id = o.comment ? o.comment->id : o.post->id;
  auto body = r.comments_edge(id, o.comment ? nullptr : o.post, o.comment, sel, edge);
  if (r.error) return *r.error;
  return ok_json(*body);
}

Response handle_blocked(Ctx& c, const Account& a) {
  auto key_of = [&](const std::string& user) { return UserRef{a.platform, a.id, user}; };
  std::optional<std::string> who;
  for (auto name : {"user", "uid", "asid", "psid"})
    if (!who) who = c.param(name);
  if (c.req.method == "POST") {
    if (!who) return bad_param("The parameter user is required");
    auto users = user_list(*who);
    if (users.empty()) return bad_param("Param user must be a valid user id");
    json out = json::object();
    for (auto& u : users) {
      c.st.blocked.insert(key_of(u));
      out[u] = true;
    }
    return ok_json(out);
  }
  if (c.req.method == "DELETE") {
    if (!who) return bad_param("The parameter user is required");
    auto users = user_list(*who);
    if (users.size() != 1) return bad_param("Param user must be a single user id");
    c.st.blocked.erase(key_of(users[0]));
    return success();
  }
  // GET
  json data = json::array();
  for (const auto& b : c.st.blocked) {
    if (b.platform != a.platform || b.account_id != a.id) continue;
    if (who && b.user_id != *who) continue;
    json prof = {{"id", b.user_id}};
    if (auto* p = c.st.person(a.platform, b.user_id)) prof["name"] = p->name;
    data.push_back(prof);
  }
  return ok_json({{"data", data}, {"paging", json::object()}});
}

Response dispatch(Ctx& c) {
  const std::string& m = c.req.method;
  const std::string& id = c.segs[0];
  auto obj = resolve(c, id);
  if (!obj) return missing_object(m, id);
  if (c.segs.size() > 2) return missing_object(m, c.segs[0] + "/" + c.segs[1] + "/" + c.segs[2]);
  bool ig = obj->acct->platform == Platform::instagram;

  if (c.segs.size() == 1) {
    if (m == "GET") {
      Response err;
      auto fields = fields_param(c, err);
      if (!err.body.empty()) return err;
      Renderer r(c);
      json n = r.node(obj->type, obj->acct, obj->post, obj->comment,
                      fields ? *fields : default_fields(obj->type));
      if (r.error) return *r.error;
      return ok_json(n);
    }
    if (m == "POST") {
      if (obj->type == NodeType::comment) {
        if (auto h = c.param("is_hidden")) {
          obj->comment->hidden = truthy(*h);
          return success();
        }
        if (auto msg = c.param("message")) {
          if (!obj->comment->by_account)
            return graph_error(403, 200, std::nullopt, "(#200) Permissions error");
          obj->comment->text = *msg;
          return success();
        }
        return bad_param("Invalid parameter");
      }
      if (obj->type == NodeType::ig_comment) {
        if (auto h = c.param("hide")) {
          obj->comment->hidden = truthy(*h);
          return success();
        }
        return bad_param("Invalid parameter");
      }
      return missing_object(m, id);
    }
    if (m == "DELETE") {
      if (obj->type == NodeType::comment || obj->type == NodeType::ig_comment) {
        delete_thread(c.st, obj->comment->id);
        return success();
      }
      return missing_object(m, id);
    }
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
      if (edge == "comments" && m == "POST") {
        auto msg = c.param("message");
        if (!msg || msg->empty()) return bad_param("Missing message or attachment");
        auto& cm = add_own_comment(c, *obj->post, std::nullopt, *msg);
        c.st.posted_replies.push_back({cm.platform, obj->post->id, *msg, cm.id});
        return ok_json({{"id", cm.id}});
      }
      break;
    case NodeType::comment:
    case NodeType::ig_comment: {
      bool reply_edge = ig ? edge == "replies" : edge == "comments";
      if (reply_edge && m == "GET") return list_comments(c, *obj, edge);
      if (reply_edge && m == "POST") {
        auto msg = c.param("message");
        if (!msg || msg->empty()) return bad_param("Missing message or attachment");
        Comment& target = *obj->comment;
        if (ig && target.hidden)
          return graph_error(400, 100, std::nullopt, "(#100) Cannot reply to a hidden comment.",
                             "IGApiException");
        if (ig && target.parent_id)
          return graph_error(400, 100, std::nullopt,
                             "(#100) Replies can only be made to top-level comments.",
                             "IGApiException");
        // Facebook threads are two levels deep: a reply to a reply joins the top-level thread.
        std::string parent = target.parent_id ? *target.parent_id : target.id;
        std::string requested = target.id;
        auto& cm = add_own_comment(c, *obj->post, parent, *msg);
        c.st.posted_replies.push_back({cm.platform, requested, *msg, cm.id});
        return ok_json({{"id", cm.id}});
      }
      break;
    }
  }
  if (m == "GET") return no_such_field(edge, node_type_name(obj->type));
  return missing_object(m, id + "/" + edge);
}

Response handle_batch(State& st, const Request& req, const Params& params);

}  // namespace

Platform graph_platform(const State& st, const Request& req) {
  auto tok = st.token(access_token_of(req, merged_params(req)));
  if (tok && tok->platform != Platform::x) return tok->platform;
  return Platform::facebook;
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

namespace {

Response serve(State& st, const Request& req, bool batched) {
  Ctx c{st, req, merged_params(req), "v25.0", {}, nullptr, {}, false};
  auto segs = split_path(req.path);
  if (!segs.empty() && is_version(segs[0])) {
    c.version = segs[0];
    segs.erase(segs.begin());
  }
  c.segs = segs;
  if (segs.empty()) {
    if (req.method == "POST" && !batched) return handle_batch(st, req, c.params);
    return bad_param("Unsupported request");
  }
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
  r.set_header("facebook-api-version", c.version);
  return r;
}

Response handle_batch(State& st, const Request& req, const Params& params) {
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
  std::string token = access_token_of(req, params);
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
    if (first.empty() || !is_version(first[0])) rel = "/v25.0" + rel;
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
    if (!token.empty() && !sub.query_param("access_token") && !body_token)
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
