// Instagram professional-account connector (PLATFORMS.md §1.2, §2.3): polls recent media with
// their comments and replies nested in the same request (one request when nothing is new); if
// the server does not expand the nested edge, falls back to GET /{media-id}/comments for media
// that have comments. Hide/unhide (hide=true|false), delete, reply. No block API for commenters
// (capabilities say so; apply returns not_supported).
//
// Both login flavours read the same edges with the same names: with Facebook Login on
// graph.facebook.com, with Instagram Login on graph.instagram.com, where the token lasts 60 days
// and an InstagramTokenKeeper refreshes it before each poll when due; there the media are read
// from /me/media (the token's own account), as the account has two ids on that host.
//
// Cursor: graph::SeenComments (graph_cursor.hpp).
//
// Error policy: see connector.hpp.
#pragma once

#include "connectors/connector.hpp"
#include "connectors/graph_session.hpp"
#include "connectors/instagram_token_refresh.hpp"

namespace hm::connectors {

class InstagramConnector final : public Connector {
 public:
  static constexpr int kCommentsPerPage = 50;

  InstagramConnector(boost::asio::any_io_executor executor, ChannelSettings channel,
                     GraphCredentials credentials, ConnectorOptions options = {},
                     std::optional<InstagramLogin> instagram_login = std::nullopt);

  boost::asio::awaitable<FetchResult> fetch(const Cursor& cursor) override;
  boost::asio::awaitable<ActionResult> apply(const moderation::PlatformAction& action) override;
  boost::asio::awaitable<StateRead> current_state(
      const moderation::PlatformAction& action) override;
  moderation::Capabilities capabilities() const override;

  HttpRequest media_request() const;
  long long requests_sent() const noexcept { return session_.client().requests_sent(); }

 private:
  mutable graph::GraphSession session_;
  std::unique_ptr<InstagramTokenKeeper> keeper_;  // Instagram Login only
};

}  // namespace hm::connectors
