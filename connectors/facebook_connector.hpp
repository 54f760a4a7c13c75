// Facebook Page connector (PLATFORMS.md §1.1, §2.2): polls the newest posts of each watched edge
// (`feed` by default: the Page's own, visitor and tagged posts; or `published_posts`) with
// their comments nested in the same request (filter(stream), reverse_chronological), so a poll
// with nothing new costs one request per edge; skips the Page's own comments and replies; follows a
// post's comments paging.next only while every comment on the page is new. Hide/unhide (is_hidden),
// delete, reply, block/unblock.
//
// Cursor: graph::SeenComments (graph_cursor.hpp).
//
// Error policy: see connector.hpp. Graph errors are classified by code/subcode (graph_parse.hpp).
#pragma once

#include <memory>

#include "connectors/connector.hpp"
#include "connectors/graph_session.hpp"

namespace hm::connectors {

class FacebookConnector final : public Connector {
 public:
  static constexpr int kCommentsPerPage = 100;

  FacebookConnector(boost::asio::any_io_executor executor, ChannelSettings channel,
                    GraphCredentials credentials, ConnectorOptions options = {});

  boost::asio::awaitable<FetchResult> fetch(const Cursor& cursor) override;
  boost::asio::awaitable<ActionResult> apply(const moderation::PlatformAction& action) override;
  boost::asio::awaitable<StateRead> current_state(
      const moderation::PlatformAction& action) override;
  moderation::Capabilities capabilities() const override;

  // Not an ActionKind (the moderator's undo of a block): DELETE /{page-id}/blocked?user=ID.
  boost::asio::awaitable<ActionResult> unblock(const std::string& author_id);

  // The request that lists a watched edge's newest posts with their comments (exposed for
  // tests and the bench); a poll makes one per edge in the channel's `watch`.
  HttpRequest posts_request(std::string_view edge = "feed") const;
  long long requests_sent() const noexcept { return session_.client().requests_sent(); }

 private:
  mutable graph::GraphSession session_;
};

}  // namespace hm::connectors
