#include "emulator/graph_internal.hpp"

namespace hm::emulator::graph {

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

namespace {

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

}  // namespace

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

namespace {

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
      if (!may_read_commenters(c_)) return;  // no pages_read_user_content: Graph omits it
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

}  // namespace

json render_node(Ctx& c, NodeType t, const Account* acct, const Post* post, const Comment* cm,
                 const FieldList& fields, std::optional<Response>& error) {
  Renderer r(c);
  json out = r.node(t, acct, post, cm, fields);
  error = std::move(r.error);
  return out;
}

std::optional<json> render_comments_edge(Ctx& c, const std::string& object_id, const Post* post,
                                         const Comment* parent, const FieldSel& sel,
                                         const std::string& edge_name,
                                         std::optional<Response>& error) {
  Renderer r(c);
  auto out = r.comments_edge(object_id, post, parent, sel, edge_name);
  error = std::move(r.error);
  return out;
}

}  // namespace hm::emulator::graph
