// X (API v2) connector (PLATFORMS.md §1.3, §2.4, §3.3, §4.3, §5.2): polls the account's
// mentions (which include replies to its posts) with since_id, following meta.next_token
// (sent as pagination_token) to the end, so one request per poll when nothing is new. An edited
// post arrives as a new id whose edit_history_tweet_ids starts with the original: it is reported
// as a new version of the original id. Hide/unhide replies (PUT /2/tweets/{id}/hidden); deleting
// others' replies, blocking and self-serve replies are not available (capabilities say so).
//
// Issue 13: the field names are spelt as x_field_names.hpp's one setting says (both are read).
// Hides go only to replies in conversations the account started (x_conversations.hpp); a
// mention elsewhere is fetched and classified, and its hide answers not_supported with a plain
// note, without a call. A 403 on a hide in the account's own conversation is a permission
// problem (the tweet.moderate.write scope): token_invalid, which stops the channel with the
// reason. Polls are paced to the plan's window (x_poll_pace.hpp): an ok FetchResult carries
// retry_at when the window, not the channel's interval, decides the next poll.
//
// Tokens, the throttle and HTTP are the session's (connectors/x_session.hpp): OAuth 2.0 user
// tokens with rotating refresh tokens, one refresh and one retry on a 401.
//
// Cursor: {"v":1,"since_id":"<newest id seen>"} (empty: first poll).
//
// Error policy: see connector.hpp. A TokenStore save failure throws (infrastructure).
#pragma once

#include <memory>

#include "connectors/channel_settings.hpp"
#include "connectors/connector.hpp"
#include "connectors/credentials.hpp"
#include "connectors/https_client.hpp"
#include "connectors/token_store.hpp"
#include "connectors/x_conversations.hpp"
#include "connectors/x_field_names.hpp"
#include "connectors/x_parse.hpp"
#include "connectors/x_session.hpp"

namespace hm::connectors {

class XConnector final : public Connector {
 public:
  static constexpr int kMaxResults = 100;

  // token_url: empty means api_base + "/oauth2/token".
  XConnector(boost::asio::any_io_executor executor, ChannelSettings channel,
             XCredentials credentials, std::shared_ptr<TokenStore> tokens,
             ConnectorOptions options = {}, std::string token_url = {});

  boost::asio::awaitable<FetchResult> fetch(const Cursor& cursor) override;
  boost::asio::awaitable<ActionResult> apply(const moderation::PlatformAction& action) override;
  // X API v2 has no read of whether a reply is hidden: the Tweet object has no such field
  // (tweet.fields in X's OpenAPI spec; the hide endpoint only answers the state it set). So this
  // answers no_read without a request, and a hide or unhide whose outcome was unknown is sent
  // again: PUT /2/tweets/:id/hidden is idempotent ("hiding a reply that is already hidden is a
  // successful call"), and its 404 says when the reply is gone.
  boost::asio::awaitable<StateRead> current_state(
      const moderation::PlatformAction& action) override;
  moderation::Capabilities capabilities() const override;

  HttpRequest mentions_request(const std::string& since_id, const std::string& next_token) const;
  // GET /2/tweets?ids=… asking for each post's author: who started these conversations.
  HttpRequest starters_request(const std::vector<std::string>& conversation_ids) const;
  x::Spelling spelling() const noexcept { return spelling_; }
  long long requests_sent() const noexcept { return session_.requests_sent(); }

  static std::string encode_cursor(const std::string& since_id);
  static std::string decode_cursor(std::string_view cursor);  // → since_id, "" when none

 private:
  // Looks up (one call, at most 100) the starters of the conversations the page did not show.
  boost::asio::awaitable<void> learn_starters(const std::vector<x::Tweet>& mentions, int& calls);

  x::XSession session_;  // tokens, throttle, HTTP
  x::Spelling spelling_ = x::kSentSpelling;
  x::ConversationStarters starters_;
};

}  // namespace hm::connectors
