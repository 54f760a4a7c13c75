#include "emulator/x_internal.hpp"

#include <algorithm>
#include <cctype>

#include "emulator/url_codec.hpp"

namespace hm::emulator::x {

namespace {

constexpr std::int64_t kSearchWindow = 7 * 24 * 3600;  // recent search: last 7 days

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
  if (auto err = parse_selection(st, req, sel)) return *err;
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

}  // namespace

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
  if (auto err = parse_selection(st, req, sel)) return *err;
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

}  // namespace hm::emulator::x
