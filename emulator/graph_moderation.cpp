#include "emulator/graph_internal.hpp"

namespace hm::emulator::graph {

namespace {

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

}  // namespace

Response update_node(Ctx& c, const Obj& o) {
  if (o.type == NodeType::comment) {
    if (auto h = c.param("is_hidden")) {
      o.comment->hidden = truthy(*h);
      return success();
    }
    if (auto msg = c.param("message")) {
      if (!o.comment->by_account)
        return graph_error(403, 200, std::nullopt, "(#200) Permissions error");
      o.comment->text = *msg;
      return success();
    }
    return bad_param("Invalid parameter");
  }
  if (o.type == NodeType::ig_comment) {
    if (auto h = c.param("hide")) {
      o.comment->hidden = truthy(*h);
      return success();
    }
    return bad_param("Invalid parameter");
  }
  return missing_object(c.req.method, c.segs[0]);
}

Response delete_node(Ctx& c, const Obj& o) {
  if (o.type == NodeType::comment || o.type == NodeType::ig_comment) {
    delete_thread(c.st, o.comment->id);
    return success();
  }
  return missing_object(c.req.method, c.segs[0]);
}

Response post_comment(Ctx& c, const Obj& o) {
  auto msg = c.param("message");
  if (!msg || msg->empty()) return bad_param("Missing message or attachment");
  if (!o.comment) {  // a top-level comment on a post or media
    auto& cm = add_own_comment(c, *o.post, std::nullopt, *msg);
    c.st.posted_replies.push_back({cm.platform, o.post->id, *msg, cm.id});
    return ok_json({{"id", cm.id}});
  }
  const bool ig = o.acct->platform == Platform::instagram;
  Comment& target = *o.comment;
  if (ig && target.hidden)
    return graph_error(400, 100, std::nullopt, "(#100) Cannot reply to a hidden comment.",
                       "IGApiException");
  if (ig && target.parent_id)
    return graph_error(400, 100, std::nullopt,
                       "(#100) Replies can only be made to top-level comments.", "IGApiException");
  // Facebook threads are two levels deep: a reply to a reply joins the top-level thread.
  std::string parent = target.parent_id ? *target.parent_id : target.id;
  std::string requested = target.id;
  auto& cm = add_own_comment(c, *o.post, parent, *msg);
  c.st.posted_replies.push_back({cm.platform, requested, *msg, cm.id});
  return ok_json({{"id", cm.id}});
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

}  // namespace hm::emulator::graph
