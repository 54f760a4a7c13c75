// What the X connector sends its calls through, as GraphSession is for Facebook and Instagram:
// OAuth 2.0 user tokens with rotating refresh tokens (the new pair is saved in the TokenStore
// before either token is used; a 401 triggers one refresh and one retry), the bearer header,
// the throttle from 429s and the x-rate-limit-* headers (per route, as X limits each endpoint;
// a spent 24-hour cap, a usage cap or a 429 without usable headers blocks every route), and
// redaction of every secret from messages.
//
// Error policy: expected failures are values (Sent::token_failure, Sent::network_error); a
// TokenStore save failure throws (infrastructure). NetworkError from the client is caught here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/url/url.hpp>

#include "connectors/channel_settings.hpp"
#include "connectors/connector.hpp"
#include "connectors/credentials.hpp"
#include "connectors/https_client.hpp"
#include "connectors/throttle.hpp"
#include "connectors/token_store.hpp"

namespace hm::connectors::x {

class XSession {
 public:
  // token_url: empty means api_base + "/oauth2/token".
  XSession(boost::asio::any_io_executor executor, ChannelSettings channel, XCredentials credentials,
           std::shared_ptr<TokenStore> tokens, ConnectorOptions options, std::string token_url);

  struct TokenOutcome {
    bool ok = false;
    bool token_invalid = false;
    std::string message;
  };
  struct Sent {
    std::optional<HttpResponse> response;  // absent after a network or token failure
    std::string network_error;             // redacted
    bool maybe_sent = false;  // the network failed after the request was (perhaps) written
    std::optional<TokenOutcome> token_failure;
  };
  // Sends with the bearer token (refreshing it first when it is about to expire); on 401
  // refreshes once and resends. Records the rate-limit headers against `route`. Adds every
  // request made, token refreshes included, to `calls`.
  boost::asio::awaitable<Sent> send(HttpRequest request, std::string_view route, int& calls);

  // When a call on `route` must wait for the rate limit, until when.
  std::optional<Time> blocked_until(std::string_view route) const;
  // A usage cap, or a rate-limit answer the headers did not place: every route waits `wait`
  // from now (unless a longer block is already in force).
  void block_every_route(std::chrono::seconds wait);

  std::string redact(std::string text) const;
  Time now() const { return options_.now(); }
  const ChannelSettings& channel() const noexcept { return channel_; }
  const ConnectorOptions& options() const noexcept { return options_; }
  long long requests_sent() const noexcept { return client_->requests_sent(); }

 private:
  boost::asio::awaitable<TokenOutcome> ensure_access_token(bool force_refresh);
  boost::asio::awaitable<TokenOutcome> refresh();
  void note_rate_limit(const HttpResponse& response, std::string_view route);

  ChannelSettings channel_;
  XCredentials credentials_;
  std::shared_ptr<TokenStore> tokens_store_;
  ConnectorOptions options_;
  boost::urls::url token_url_;
  std::unique_ptr<HttpsClient> client_;
  std::optional<StoredTokens> tokens_;
  bool refreshing_ = false;
  long long refresh_requests_ = 0;  // token endpoint requests, counted in api_calls
  Throttle throttle_;
};

}  // namespace hm::connectors::x
