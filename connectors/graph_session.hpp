// What the Facebook and Instagram connectors share: sending Graph requests with the channel's
// token (in an Authorization header, or a batch's body, never in a URL) and, when the
// credentials file has an app secret, its appsecret_proof on every call; remembering a throttle
// from the usage headers and throttling error codes so no call is made before access returns,
// turning Graph errors into fetch/action results, and walking a reverse-chronological comment
// listing page by page only while it is still new.
//
// Error policy: expected failures become FetchResult/ActionResult values; messages are
// redacted of the token. NetworkError from the client is caught here and becomes a transient
// result.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "connectors/channel_settings.hpp"
#include "connectors/connector.hpp"
#include "connectors/credentials.hpp"
#include "connectors/graph_cursor.hpp"
#include "connectors/graph_parse.hpp"
#include "connectors/https_client.hpp"
#include "connectors/throttle.hpp"

namespace hm::connectors::graph {

class GraphSession {
 public:
  static constexpr std::size_t kMaxBatch = 50;  // Graph batch limit

  GraphSession(boost::asio::any_io_executor executor, moderation::Platform platform,
               ChannelSettings channel, GraphCredentials credentials, ConnectorOptions options);

  Time now() const { return options_.now(); }
  const ChannelSettings& channel() const noexcept { return channel_; }
  const ConnectorOptions& options() const noexcept { return options_; }
  HttpsClient& client() noexcept { return *client_; }

  // The two kinds of call a throttle can stop separately: reading comments, and acting on them.
  // Most Graph limits (app, user, Page, account) stop both; a refusal of one action (368,
  // 4/2207051) or a per-call limit (613) stops only the kind of call that received it.
  static constexpr std::string_view kReadRoute = "read";
  static constexpr std::string_view kActionRoute = "action";
  // When calls on `route` are blocked by a throttle, until when.
  std::optional<Time> blocked_until(std::string_view route) const;

  struct Reply {
    std::optional<HttpResponse> response;  // absent after a network failure
    std::string network_error;             // redacted
    bool too_large = false;                // the answer was over the body limit, unread
    bool maybe_sent = false;  // a network failure after the request was (perhaps) written
  };
  // Sends with the token header (and appsecret_proof); records throttle signals from the
  // response headers.
  boost::asio::awaitable<Reply> send(HttpRequest request);
  // POSTs a Graph batch (a JSON array of requests): the token goes as the top-level
  // access_token parameter in the form body, as Meta's docs require, with appsecret_proof.
  boost::asio::awaitable<Reply> send_batch(std::string batch_json);

  // The token calls carry; an Instagram-login channel's changes when it is refreshed.
  const std::string& access_token() const noexcept { return credentials_.access_token; }
  void use_access_token(std::string token) { credentials_.access_token = std::move(token); }
  // appsecret_proof for `token` with the channel's app secret; empty without an app secret.
  std::string proof_for(std::string_view token) const;
  // Sends a listing request (GET); while the answer is over the body limit, asks again with
  // smaller pages (graph_page_size.hpp) down to the smallest, noting it in result.message.
  // `first`: the poll's first listing request, which starts at the page size that last worked
  // (remembered for kSmallerPagesFor) and teaches it. Counts every request in result.api_calls.
  // Returns a reply with too_large set when even the smallest page was over the limit.
  boost::asio::awaitable<Reply> send_listing(HttpRequest request, FetchResult& result, bool first);
  static constexpr std::chrono::hours kSmallerPagesFor{6};

  // Maps a Graph error to a fetch result (and records a throttle).
  FetchResult fetch_failure(const GraphError& error, std::string_view during);
  FetchResult transient_failure(std::string message);
  ActionResult action_result(const Reply& reply, const moderation::PlatformAction& action);

  // One post's (or media's) comment listing being read during a poll.
  struct Listing {
    CommentPage page;
    std::string post_link;
    int pages = 1;
    bool read_to_end = false;  // an oldest-first listing (a thread's replies): every page
  };
  // Reads every listing: appends its new/edited comments, then follows paging.next while every
  // comment on its last page was new (or the listing is in ascending order), and follows every
  // nested replies edge's paging.next to its end (Instagram threads longer than a page). Each
  // listing reads at most max_pages_per_poll pages. When several listings need a further page,
  // the requests go in one Graph batch (up to 50). Returns a failure result when a page request
  // failed.
  boost::asio::awaitable<std::optional<FetchResult>> walk_listings(std::vector<Listing> listings,
                                                                   const SeenComments& before,
                                                                   SeenComments& after,
                                                                   FetchResult& result);

  // The platform's names in the comment requests both Graph connectors make: the hide
  // parameter ("is_hidden" on Facebook, "hide" on Instagram) and the edge a reply is posted to
  // ("comments", "replies").
  struct CommentNames {
    std::string_view hide_param;
    std::string_view reply_edge;
  };
  // The request for a hide, unhide, delete or reply on a comment; std::nullopt for the other
  // kinds (the connector's own). A reply is never resent blindly: it could post twice.
  std::optional<HttpRequest> comment_request(const moderation::PlatformAction& action,
                                             CommentNames names) const;
  // apply() for both connectors: refuses locally while throttled (`throttled` says why), asks
  // `request_for` for the request (std::nullopt: not_supported with `unsupported`'s reason),
  // sends it and maps the reply.
  boost::asio::awaitable<ActionResult> apply(
      const moderation::PlatformAction& action, std::string_view throttled,
      std::function<std::optional<HttpRequest>(const moderation::PlatformAction&)> request_for,
      std::function<std::string(moderation::ActionKind)> unsupported);

  // The names current_state() reads with on each platform (graph_state_read.cpp).
  struct StateNames {
    std::string_view node_fields;  // the comment node: id, hidden flag, parent
    std::string_view reply_edge;   // where the thread's replies are listed
    std::string_view reply_fields;
    bool blocks = false;  // the platform has a readable list of blocked people (Facebook)
  };
  // current_state() for both connectors. Reads are GETs on the read route (a throttle refuses
  // them locally, as held back), never a change.
  boost::asio::awaitable<StateRead> read_state(const moderation::PlatformAction& action,
                                               StateNames names);

  std::string redact(std::string text) const;
  std::string_view platform_name() const;

 private:
  boost::asio::awaitable<Reply> transmit(HttpRequest request);  // records throttle signals
  void note_throttle(Time until, std::string_view route);
  // Records the throttle a rate-limiting or blocking error asks for, on `route` or on every
  // route as the error says, and returns until when `route` waits.
  std::optional<Time> throttle_for(const GraphError& e, std::string_view route,
                                   std::chrono::seconds wait);
  moderation::Comment to_comment(const GraphComment& c, const std::string& post_link,
                                 bool edited) const;

  moderation::Platform platform_;
  ChannelSettings channel_;
  GraphCredentials credentials_;
  ConnectorOptions options_;
  std::unique_ptr<HttpsClient> client_;
  Throttle throttle_;      // kReadRoute, kActionRoute, or every route
  int smaller_pages_ = 0;  // halvings the first listing request needed, until smaller_pages_until_
  Time smaller_pages_until_{};
};

}  // namespace hm::connectors::graph
