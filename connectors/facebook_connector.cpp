#include "connectors/facebook_connector.hpp"

#include <set>

#include "connectors/graph_gone_check.hpp"
#include "connectors/url_tools.hpp"

namespace hm::connectors {

namespace asio = boost::asio;
using moderation::ActionKind;

namespace {
constexpr std::string_view kCommentFields =
    "{id,message,created_time,from{id,name},parent{id},is_hidden,can_hide,can_remove,"
    "permalink_url}";
}

FacebookConnector::FacebookConnector(asio::any_io_executor executor, ChannelSettings channel,
                                     GraphCredentials credentials, ConnectorOptions options)
    : session_(std::move(executor), moderation::Platform::facebook, std::move(channel),
               std::move(credentials), std::move(options)) {}

moderation::Capabilities FacebookConnector::capabilities() const {
  return moderation::capabilities(moderation::Platform::facebook);
}

HttpRequest FacebookConnector::posts_request(std::string_view edge) const {
  const std::string fields =
      "id,created_time,permalink_url,comments.filter(stream)"
      ".order(reverse_chronological).limit(" +
      std::to_string(kCommentsPerPage) + ").summary(true)" + std::string(kCommentFields);
  const std::string limit = std::to_string(session_.channel().watch_posts);
  HttpRequest req;
  req.url =
      endpoint(session_.channel().api_base, {session_.channel().account_id, std::string(edge)},
               {{"limit", limit}, {"fields", fields}});
  return req;
}

asio::awaitable<FetchResult> FacebookConnector::fetch(const Cursor& cursor) {
  if (auto blocked = session_.blocked_until(graph::GraphSession::kReadRoute))
    co_return refused_fetch(*blocked, "Facebook channel " + session_.channel().channel_id +
                                          ": waiting for the Graph API rate limit to reset");
  const auto before = graph::SeenComments::decode(cursor);
  auto after = before;
  FetchResult result;
  std::vector<graph::GraphSession::Listing> listings;
  std::set<std::string> posts_seen;  // a post on two watched edges is read once
  for (const std::string& edge : session_.channel().watch) {
    auto reply = co_await session_.send_listing(posts_request(edge), result, true);
    if (!reply.response) {
      auto f = session_.transient_failure(reply.network_error);
      f.api_calls = result.api_calls;
      co_return f;
    }
    auto parsed = graph::parse_post_page(reply.response->body);
    if (parsed.kind == graph::OutcomeKind::error) {
      auto f = session_.fetch_failure(parsed.error, "listing the Page's " + edge);
      f.api_calls = result.api_calls;
      co_return f;
    }
    if (parsed.kind == graph::OutcomeKind::malformed) {
      auto f = session_.transient_failure(
          "Facebook channel " + session_.channel().channel_id + ": unreadable " + edge +
          " listing (HTTP " + std::to_string(reply.response->status) + ", " + parsed.problem + ")");
      f.api_calls = result.api_calls;
      co_return f;
    }
    for (auto& post : parsed.value.posts)
      if (post.comments && posts_seen.insert(post.id).second)
        listings.push_back({std::move(*post.comments), post.permalink, 1});
  }
  if (auto failure = co_await session_.walk_listings(std::move(listings), before, after, result)) {
    failure->api_calls = result.api_calls;
    co_return std::move(*failure);
  }
  // The Page's own comments and replies are never moderated (X skips the account's own too).
  const std::string& page_id = session_.channel().account_id;
  std::erase_if(result.comments,
                [&](const moderation::Comment& c) { return c.author_id == page_id; });
  after.trim();
  result.next_cursor = after.encode();
  co_return result;
}

asio::awaitable<ActionResult> FacebookConnector::apply(const moderation::PlatformAction& action) {
  ActionResult r = co_await session_.apply(
      action, "waiting for the Graph API rate limit to reset",
      [this](const moderation::PlatformAction& a) -> std::optional<HttpRequest> {
        if (a.kind != ActionKind::block)
          return session_.comment_request(a, {"is_hidden", "comments"});
        HttpRequest req;  // a Page bans a person: POST /{page-id}/blocked?user=
        req.method = "POST";
        req.url = endpoint(session_.channel().api_base, {session_.channel().account_id, "blocked"},
                           {{"user", a.author_id}});
        return req;
      },
      [](ActionKind) { return std::string(kEscalateIsInternal); });
  if (r.outcome != ActionOutcome::already_gone) co_return r;
  // 100/33 also means a missing permission: gone only when a read says so (graph_gone_check).
  const StateRead read = co_await current_state(graph::gone_probe(action));
  co_return graph::settle_gone(action, std::move(r), read,
                               "pages_manage_engagement and the Page's MODERATE task");
}

asio::awaitable<ActionResult> FacebookConnector::unblock(const std::string& author_id) {
  HttpRequest req;
  req.method = "DELETE";
  req.url = endpoint(session_.channel().api_base, {session_.channel().account_id, "blocked"},
                     {{"user", author_id}});
  auto reply = co_await session_.send(std::move(req));
  moderation::PlatformAction a;
  a.kind = ActionKind::block;
  a.author_id = author_id;
  a.comment_id = author_id;
  co_return session_.action_result(reply, a);
}

asio::awaitable<StateRead> FacebookConnector::current_state(
    const moderation::PlatformAction& action) {
  co_return co_await session_.read_state(
      action, {"id,is_hidden,parent{id}", "comments", "id,from{id},message,created_time", true});
}

}  // namespace hm::connectors
