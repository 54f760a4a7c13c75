#include "emulator/graph_internal.hpp"

namespace hm::emulator::graph {

namespace {

// The `fields` parameter; sets `err` when it does not parse.
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

}  // namespace

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

Response read_node(Ctx& c, const Obj& o) {
  Response err;
  auto fields = fields_param(c, err);
  if (!err.body.empty()) return err;
  std::optional<Response> error;
  json n = render_node(c, o.type, o.acct, o.post, o.comment,
                       fields ? *fields : default_fields(o.type), error);
  if (error) return *error;
  return ok_json(n);
}

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
  std::optional<Response> error;
  std::vector<Item> items;
  for (auto& [id, p] : c.st.posts) {
    if (p.deleted || p.platform != a.platform || p.account_id != a.id) continue;
    // feed: the Page's own, visitor and tagged posts; published_posts and posts: its own.
    if (edge != "feed" && p.origin != "own") continue;
    if (since && p.created < static_cast<std::int64_t>(*since)) continue;
    if (until && p.created > static_cast<std::int64_t>(*until)) continue;
    json n = render_node(c, t, &a, &p, nullptr, fl, error);
    if (error) return *error;
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

Response list_comments(Ctx& c, const Obj& o, const std::string& edge) {
  Response err;
  auto fields = fields_param(c, err);
  if (!err.body.empty()) return err;
  FieldSel sel;
  sel.name = edge;
  sel.children = fields;
  for (auto name : {"filter", "order", "limit", "after", "before", "summary"})
    if (auto v = c.param(name)) sel.modifiers[name] = *v;
  std::optional<Response> error;
  auto id = o.comment ? o.comment->id : o.post->id;
  auto body =
      render_comments_edge(c, id, o.comment ? nullptr : o.post, o.comment, sel, edge, error);
  if (error) return *error;
  return ok_json(*body);
}

}  // namespace hm::emulator::graph
