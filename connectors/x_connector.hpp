// X (API v2) connector (PLATFORMS.md §1.3, §2.4, §3.3, §4.3, §5.2): polls the account's
// mentions (which include replies to its posts) with since_id, following meta.next_token
// (sent as pagination_token) to the end, so one request per poll when nothing is new. An edited
// post arrives as a new id whose edit_history_tweet_ids starts with the original: it is reported
// as a new version of the original id. Hide/unhide replies (PUT /2/tweets/{id}/hidden); deleting
// others' replies, blocking and self-serve replies are not available (capabilities say so).
//
// Tokens: OAuth 2.0 user tokens with rotating refresh tokens; the new pair is saved in the
// TokenStore before either token is used. A 401 triggers one refresh and one retry.
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
#include "connectors/x_parse.hpp"

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
  moderation::Capabilities capabilities() const override;

  HttpRequest mentions_request(const std::string& since_id, const std::string& next_token) const;
  long long requests_sent() const noexcept { return client_->requests_sent(); }

  static std::string encode_cursor(const std::string& since_id);
  static std::string decode_cursor(std::string_view cursor);  // → since_id, "" when none

 private:
  struct TokenOutcome {
    bool ok = false;
    bool token_invalid = false;
    std::string message;
  };
  boost::asio::awaitable<TokenOutcome> ensure_access_token(bool force_refresh);
  boost::asio::awaitable<TokenOutcome> refresh();
  // Sends with the bearer token; on 401 refreshes once and resends.
  struct Sent {
    std::optional<HttpResponse> response;
    std::string network_error;
    std::optional<TokenOutcome> token_failure;
  };
  boost::asio::awaitable<Sent> send(HttpRequest request, int& calls);
  void note_rate_limit(const HttpResponse& response);
  std::optional<Time> blocked_until() const;
  std::string redact(std::string text) const;
  Time now() const { return options_.now(); }

  ChannelSettings channel_;
  XCredentials credentials_;
  std::shared_ptr<TokenStore> tokens_store_;
  ConnectorOptions options_;
  boost::urls::url token_url_;
  std::unique_ptr<HttpsClient> client_;
  std::optional<StoredTokens> tokens_;
  bool refreshing_ = false;
  long long refresh_requests_ = 0;  // token endpoint requests, counted in api_calls
  std::optional<Time> throttled_until_;
};

}  // namespace hm::connectors
