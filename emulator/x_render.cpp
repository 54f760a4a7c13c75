#include "emulator/x_internal.hpp"
#include "emulator/x_rules.hpp"

#include <algorithm>

namespace hm::emulator::x {

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

namespace {

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
// X's OpenAPI spec v2.167 (PostFieldsParameter, PostExpansionsParameter): author_id,
// in_reply_to_user_id, referenced_posts and edit_history_post_ids are expansions there.
const std::set<std::string> kPostFields = {"article",
                                           "article_title",
                                           "attachments",
                                           "card_uri",
                                           "community_id",
                                           "context_annotations",
                                           "conversation_id",
                                           "created_at",
                                           "display_text_range",
                                           "edit_controls",
                                           "entities",
                                           "geo",
                                           "id",
                                           "lang",
                                           "matched_media_notes",
                                           "media_metadata",
                                           "non_public_metrics",
                                           "note_post",
                                           "note_request_suggestions",
                                           "organic_metrics",
                                           "paid_partnership",
                                           "possibly_sensitive",
                                           "promoted_metrics",
                                           "public_metrics",
                                           "reply_settings",
                                           "scopes",
                                           "source",
                                           "suggested_source_links",
                                           "suggested_source_links_with_counts",
                                           "text",
                                           "withheld"};
const std::set<std::string> kPostExpansions = {
    "article.cover_media",    "article.media_entities",
    "attachments.media_keys", "attachments.media_source_tweet",
    "attachments.poll_ids",   "author_id",
    "edit_history_post_ids",  "entities.mentions.username",
    "geo.place_id",           "in_reply_to_user_id",
    "referenced_posts",       "username"};
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

}  // namespace

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

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

std::optional<Response> parse_selection(const State& st, const Request& req, Selection& sel) {
  // The spelling the account accepts (x_params.cpp refuses the other fields parameter).
  std::string accepts = "both";
  if (const Token* t = bearer(st, req))
    if (const Account* a = st.account(Platform::x, t->account_id)) accepts = a->x_field_names;
  std::set<std::string> expansions;
  if (accepts != "post") expansions.insert(kExpansions.begin(), kExpansions.end());
  if (accepts != "tweet") expansions.insert(kPostExpansions.begin(), kPostExpansions.end());
  struct Spec {
    const char* param;
    const std::set<std::string>* known;
    std::set<std::string>* into;
  } specs[] = {{"tweet.fields", &kTweetFields, &sel.tweet_fields},
               {"post.fields", &kPostFields, &sel.tweet_fields},
               {"user.fields", &kUserFields, &sel.user_fields},
               {"expansions", &expansions, &sel.expansions}};
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
  sel.post_names = accepts == "post" || req.query_param("post.fields") ||
                   sel.expansions.count("referenced_posts") ||
                   sel.expansions.count("edit_history_post_ids");
  return std::nullopt;
}

json render_tweet(State& st, const TweetView& t, const Selection& sel) {
  json j = {{"id", t.id},
            {"text", t.text},
            {sel.post_names ? "edit_history_post_ids" : "edit_history_tweet_ids", t.edit_history}};
  // A field comes when asked for, or with its expansion (the only way in v2.167's spelling).
  auto want = [&](const char* f) {
    return sel.tweet_fields.count(f) > 0 || sel.expansions.count(f) > 0;
  };
  if (want("author_id")) j["author_id"] = t.author_id;
  if (want("conversation_id")) j["conversation_id"] = t.conversation_id;
  if (want("created_at")) j["created_at"] = x_time(t.created);
  if (want("in_reply_to_user_id") && t.in_reply_to_user_id)
    j["in_reply_to_user_id"] = *t.in_reply_to_user_id;
  if ((want("referenced_tweets") || want("referenced_tweets.id") || want("referenced_posts")) &&
      t.replied_to)
    j[sel.post_names ? "referenced_posts" : "referenced_tweets"] =
        json::array({{{"type", "replied_to"}, {"id", *t.replied_to}}});
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
    // X's edit rules (x_edit_rules.cpp): 30 minutes, at most 5 edits.
    const int edits = std::max<int>(0, static_cast<int>(t.edit_history.size()) - 1);
    j["edit_controls"] = {{"edits_remaining", std::max<int>(0, kMaxEdits - edits)},
                          {"is_edit_eligible", true},
                          {"editable_until", x_time(t.created + kEditWindowSeconds)}};
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
  if (sel.expansions.count("referenced_tweets.id") || sel.expansions.count("referenced_posts")) {
    json tweets = json::array();
    for (auto& t : page) {
      if (!t.replied_to) continue;
      if (const Comment* c = st.comment(*t.replied_to); c && !c->deleted)
        tweets.push_back(render_tweet(st, view_of(st, *c), sel));
      else if (const Post* p = st.post(*t.replied_to); p && !p->deleted)
        tweets.push_back(render_tweet(st, view_of(st, *p), sel));
    }
    if (!tweets.empty()) includes[sel.post_names ? "posts" : "tweets"] = tweets;
  }
  if (!includes.empty()) body["includes"] = includes;
  json meta = {
      {"newest_id", page.front().id}, {"oldest_id", page.back().id}, {"result_count", page.size()}};
  if (next_token) meta["next_token"] = *next_token;
  body["meta"] = meta;
  return body;
}

}  // namespace hm::emulator::x
