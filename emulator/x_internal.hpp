// The X API emulation's shared pieces, for its own files only (x_*.cpp), one endpoint family
// per file: x_render.cpp (Tweet and user objects, field selection), x_timelines.cpp (mentions,
// search, own Tweets, lookup, with paging), x_moderation.cpp (hide, delete, post, mute),
// x_oauth.cpp (the refresh-token grant) and x_api.cpp (routing, errors, rate limits).
//
// Error policy: as x_api.hpp: failures are problem+json responses, never exceptions (except
// std::bad_alloc).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"
#include "emulator/json_response.hpp"
#include "emulator/x_api.hpp"

namespace hm::emulator::x {

inline constexpr const char* kProblemJson = "application/problem+json";

// --- x_api.cpp: request pieces and error shapes.
std::vector<std::string> x_segments(const std::string& path);  // the path after "/2"
Response invalid_request(const std::string& param, const std::string& value,
                         const std::string& message);
Response forbidden();
Response not_found(const std::string& id);
// The X token the request carries, if it is known and not expired.
const Token* bearer(const State& st, const Request& req);

// --- x_render.cpp: what the API shows.
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

TweetView view_of(State& st, const Post& p);
TweetView view_of(State& st, const Comment& c);
std::vector<TweetView> all_tweets(State& st);
std::vector<std::string> csv(const std::string& v);
std::string lower(
    std::string s);  // ASCII lower case, for case-blind matching  // "a,b,c" without empty items

// The tweet.fields (or post.fields), user.fields and expansions a request asked for, and
// whether the answer uses v2.167's names (referenced_posts, edit_history_post_ids,
// includes.posts): when the request did, or the account accepts only those.
struct Selection {
  std::set<std::string> tweet_fields, user_fields, expansions;
  bool post_names = false;
};
// Reads the selection; an error response for an unknown field or expansion.
std::optional<Response> parse_selection(const State& st, const Request& req, Selection& sel);
json render_tweet(State& st, const TweetView& t, const Selection& sel);
json render_user(State& st, const std::string& id, const Selection& sel);
// `{data, includes, meta}` for a list of Tweets already filtered and sorted newest first.
json list_body(State& st, const std::vector<TweetView>& page, const Selection& sel,
               const std::optional<std::string>& next_token);

// --- x_timelines.cpp: Tweet lists and lookups.
Response search_recent(State& st, const Request& req);
Response mentions(State& st, const Request& req, const std::string& user_id);
Response own_tweets(State& st, const Request& req, const std::string& user_id);
Response lookup(State& st, const Request& req, const std::vector<std::string>& ids, bool single);

// --- x_moderation.cpp: the account acting on Tweets.
std::optional<json> json_body(const Request& req);  // a JSON object body
Response body_invalid();
Response hide_reply(State& st, const Request& req, const Account& me, const std::string& id);
Response delete_tweet(State& st, const Account& me, const std::string& id);
Response create_tweet(State& st, const Request& req, const Account& me);

// --- x_oauth.cpp: POST /2/oauth2/token.
Response oauth_token(State& st, const Request& req);

}  // namespace hm::emulator::x
