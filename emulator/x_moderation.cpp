#include "emulator/x_internal.hpp"

#include <algorithm>

namespace hm::emulator::x {

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

}  // namespace hm::emulator::x
