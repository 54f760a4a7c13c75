// X's two spellings of the Post field names, in ONE table (issue 13 item 12). X's published
// OpenAPI spec v2.167 (August 2026; checked in xdevplatform/xdk specs/openapi.json) renamed, on
// every read endpoint, the query parameter `tweet.fields` to `post.fields`, the expansion
// `referenced_tweets.id` to `referenced_posts`, and the response keys `referenced_tweets`,
// `edit_history_tweet_ids` and `includes.tweets` to `referenced_posts`, `edit_history_post_ids`
// and `includes.posts`. v2.167 also dropped `author_id`, `in_reply_to_user_id` and the two
// renamed keys from the `post.fields` values: they come with the expansions of the same names
// (and edit history in every Post by default). v2.166, the prose docs, the changelog and every
// capture we have still use the old names, so what the live API accepts is not known.
//
// So the parsers read both spellings always, and the spelling the connector SENDS is one
// setting: kSentSpelling below (ConnectorOptions::x_field_names overrides it per channel, as
// the tests do). Day one: `hallmonitord --check --online` or the guide's smoke test shows which
// one the live API accepts (a 400 "invalid-request" naming the parameter means the other one).
//
// Error policy: constants and pure lookups; nothing fails.
#pragma once

#include <optional>
#include <string_view>

namespace hm::connectors::x {

enum class Spelling { tweet, post };

struct FieldNames {
  std::string_view fields_param;  // the query parameter selecting Post fields
  std::string_view referenced;    // the response key of the referenced Posts
  std::string_view edit_history;  // the response key of the edit-history ids
  std::string_view includes;      // the key under "includes" of expanded Posts
  // What the mentions read asks for in this spelling: the value of `fields_param`, and of
  // `expansions` (v2.167 gets the author, the user replied to and the referenced Posts there).
  std::string_view mentions_fields;
  std::string_view mentions_expansions;
};

inline constexpr FieldNames kTweetNames{
    "tweet.fields",
    "referenced_tweets",
    "edit_history_tweet_ids",
    "tweets",
    "author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,"
    "edit_history_tweet_ids",
    "author_id"};
inline constexpr FieldNames kPostNames{
    "post.fields", "referenced_posts",           "edit_history_post_ids",
    "posts",       "conversation_id,created_at", "author_id,in_reply_to_user_id,referenced_posts"};

// The one setting: the legacy spelling, which X's docs, changelog and captures all show.
inline constexpr Spelling kSentSpelling = Spelling::tweet;

constexpr const FieldNames& names(Spelling s) noexcept {
  return s == Spelling::post ? kPostNames : kTweetNames;
}
// Both spellings: what a parser looks for.
inline constexpr Spelling kBothSpellings[] = {Spelling::tweet, Spelling::post};

std::optional<Spelling> parse_spelling(std::string_view name) noexcept;  // "tweet" | "post"
std::string_view to_string(Spelling s) noexcept;

}  // namespace hm::connectors::x
