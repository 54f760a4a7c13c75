#include "connectors/instagram_connector.hpp"

#include "connectors/graph_gone_check.hpp"
#include "connectors/url_tools.hpp"

namespace hm::connectors {

namespace asio = boost::asio;
using moderation::ActionKind;

namespace {
#define HM_IG_COMMENT_FIELDS "id,text,timestamp,username,from{id,username},hidden,parent_id"
// Instagram's default of 25 replies per page, asked for explicitly so that a listing over the
// body limit can ask for fewer (graph_page_size.hpp).
constexpr const char* kCommentFieldsWithReplies =
    HM_IG_COMMENT_FIELDS ",replies.limit(25){" HM_IG_COMMENT_FIELDS "}";
#undef HM_IG_COMMENT_FIELDS

const std::string kInstagramLoginSelf = "me";

std::string comment_fields_with_replies() {
  return kCommentFieldsWithReplies;
}
}  // namespace

InstagramConnector::InstagramConnector(asio::any_io_executor executor, ChannelSettings channel,
                                       GraphCredentials credentials, ConnectorOptions options,
                                       std::optional<InstagramLogin> instagram_login)
    : session_(std::move(executor), moderation::Platform::instagram, std::move(channel),
               std::move(credentials), std::move(options)) {
  if (instagram_login)
    keeper_ = std::make_unique<InstagramTokenKeeper>(std::move(*instagram_login), session_);
}

moderation::Capabilities InstagramConnector::capabilities() const {
  return moderation::capabilities(moderation::Platform::instagram);
}

HttpRequest InstagramConnector::media_request() const {
  const std::string fields = "id,timestamp,permalink,comments_count,username,comments.limit(" +
                             std::to_string(kCommentsPerPage) + "){" +
                             comment_fields_with_replies() + "}";
  const std::string limit = std::to_string(session_.channel().watch_posts);
  HttpRequest req;
  // With Instagram Login, /me is the token's account: its /me answers both an app-scoped `id`
  // and the account's `user_id`, and either may be the account_id the admin copied.
  const std::string& account = keeper_ ? kInstagramLoginSelf : session_.channel().account_id;
  req.url = endpoint(session_.channel().api_base, {account, "media"},
                     {{"limit", limit}, {"fields", fields}});
  return req;
}

asio::awaitable<FetchResult> InstagramConnector::fetch(const Cursor& cursor) {
  const std::string& channel_id = session_.channel().channel_id;
  if (auto blocked = session_.blocked_until(graph::GraphSession::kReadRoute))
    co_return refused_fetch(
        *blocked, "Instagram channel " + channel_id + ": waiting for the rate limit to reset");
  const auto before = graph::SeenComments::decode(cursor);
  auto after = before;
  FetchResult result;
  auto finish_failure = [&result](FetchResult f) {
    f.api_calls = result.api_calls;
    return f;
  };
  if (keeper_)
    if (auto stop = co_await keeper_->keep_fresh(result))
      co_return finish_failure(std::move(*stop));
  auto reply = co_await session_.send_listing(media_request(), result, true);
  if (!reply.response) co_return finish_failure(session_.transient_failure(reply.network_error));
  auto parsed = graph::parse_post_page(reply.response->body);
  if (parsed.kind == graph::OutcomeKind::error)
    co_return finish_failure(session_.fetch_failure(parsed.error, "listing media"));
  if (parsed.kind == graph::OutcomeKind::malformed)
    co_return finish_failure(session_.transient_failure(
        "Instagram channel " + channel_id + ": unreadable media listing (HTTP " +
        std::to_string(reply.response->status) + ", " + parsed.problem + ")"));

  std::vector<graph::GraphSession::Listing> listings;
  std::string own_username;  // the media are the account's own: their owner is the account
  for (auto& media : parsed.value.posts) {
    if (own_username.empty()) own_username = media.username;
    graph::CommentPage first;
    if (media.comments) {
      first = std::move(*media.comments);
    } else if (media.comments_count != 0) {
      // The server did not expand the nested edge: ask the media's own comments edge.
      HttpRequest req;
      const std::string limit = std::to_string(kCommentsPerPage);
      const std::string fields = comment_fields_with_replies();
      req.url = endpoint(session_.channel().api_base, {media.id, "comments"},
                         {{"limit", limit}, {"fields", fields}});
      auto r = co_await session_.send_listing(std::move(req), result, false);
      if (r.too_large) {  // skip this media this poll, say so, and read the others
        result.message += (result.message.empty() ? "" : "; ") + r.network_error +
                          ": skipped the comments of " + media.permalink + " this poll";
        continue;
      }
      if (!r.response) co_return finish_failure(session_.transient_failure(r.network_error));
      auto page = graph::parse_comment_page(r.response->body);
      if (page.kind == graph::OutcomeKind::error && graph::ends_listing_only(page.error)) {
        result.message += (result.message.empty() ? "" : "; ") +
                          session_.redact("Graph error " + std::to_string(page.error.code) + " (" +
                                          page.error.message + "): skipped the comments of " +
                                          media.permalink + " this poll");
        continue;
      }
      if (page.kind == graph::OutcomeKind::error)
        co_return finish_failure(session_.fetch_failure(page.error, "listing a media's comments"));
      if (page.kind == graph::OutcomeKind::malformed)
        co_return finish_failure(session_.transient_failure(
            "Instagram channel " + channel_id + ": unreadable comment listing (HTTP " +
            std::to_string(r.response->status) + ", " + page.problem + ")"));
      first = std::move(page.value);
    } else {
      continue;
    }
    listings.push_back({std::move(first), media.permalink, 1});
  }
  if (auto failure = co_await session_.walk_listings(std::move(listings), before, after, result))
    co_return finish_failure(std::move(*failure));
  // The account's own comments and replies are never moderated (X skips the account's own too).
  std::erase_if(result.comments, [&](const moderation::Comment& c) {
    return c.author_id == session_.channel().account_id ||
           (!own_username.empty() && c.author_name == own_username);
  });
  after.trim();
  result.next_cursor = after.encode();
  co_return result;
}

asio::awaitable<ActionResult> InstagramConnector::apply(const moderation::PlatformAction& action) {
  ActionResult r = co_await session_.apply(
      action, "waiting for the Instagram rate limit to reset",
      [this](const moderation::PlatformAction& a) {
        return session_.comment_request(a, {"hide", "replies"});
      },
      [](ActionKind kind) {
        return kind == ActionKind::block
                   ? std::string(
                         "Instagram's API cannot block a commenter (blocking needs an "
                         "existing direct-message conversation); the moderator blocks in "
                         "the app")
                   : std::string(kEscalateIsInternal);
      });
  if (r.outcome != ActionOutcome::already_gone) co_return r;
  // 100/33 also means a missing permission: gone only when a read says so (graph_gone_check).
  const StateRead read = co_await current_state(graph::gone_probe(action));
  co_return graph::settle_gone(action, std::move(r), read,
                               "instagram_manage_comments or instagram_business_manage_comments");
}

asio::awaitable<StateRead> InstagramConnector::current_state(
    const moderation::PlatformAction& action) {
  co_return co_await session_.read_state(
      action, {"id,hidden,parent_id", "replies", "id,from{id},text,timestamp", false});
}

}  // namespace hm::connectors
