// GraphSession::read_state: what Facebook and Instagram show of a comment now, read before an
// action whose earlier call had an unknown outcome is sent again (moderation/unknown_outcome).
//
//   hide, unhide, delete  GET /{comment}?fields=<id, hidden flag, parent>; 100/33 means gone.
//                         Graph serves only the fields asked for, so the hidden flag is always
//                         named (FB is_hidden, IG hidden).
//   reply                 the node as above, then the thread's replies (FB: the comments edge of
//                         the thread's top comment, newest first, as a reply to a reply lands
//                         there; IG: the replies edge), page by page up to max_pages_per_poll:
//                         present when one is from the account with exactly the action's text.
//   block                 FB: GET /{page}/blocked?user=ID. IG has no block, so no read.
#include <algorithm>

#include "connectors/graph_session.hpp"
#include "connectors/url_tools.hpp"

namespace hm::connectors::graph {

namespace asio = boost::asio;
using Read = moderation::ObservedComment::Read;

namespace {

StateRead read_failed(std::string message, std::optional<Time> retry_at) {
  StateRead r;
  r.observed.read = Read::failed;
  r.message = std::move(message);
  r.retry_at = retry_at;
  return r;
}

}  // namespace

asio::awaitable<StateRead> GraphSession::read_state(const moderation::PlatformAction& action,
                                                    StateNames names) {
  const std::string what = std::string(platform_name()) + " channel " + channel_.channel_id +
                           ": reading the state of " + action.comment_id;
  if (auto blocked = blocked_until(kReadRoute)) {
    StateRead r = read_failed(what + ": waiting for the rate limit to reset", *blocked);
    r.held_back = true;
    co_return r;
  }
  int calls = 0;
  // A failed read: never a guess. A Graph error is classified as for a poll.
  auto failure = [&](const Reply& reply, const std::optional<GraphError>& error,
                     const std::string& problem) {
    StateRead r;
    if (error && classify(*error) == ErrorClass::object_gone) {
      // A thread that went away between the node and its replies: not the account's problem.
      r = read_failed(redact(what + ": " + error->message), now() + options_.transient_retry);
    } else if (error) {
      const FetchResult f = fetch_failure(*error, "reading a comment's state");
      r = read_failed(f.message, f.retry_at);
      r.token_invalid = f.status == FetchStatus::token_invalid;
    } else if (!reply.response) {
      r = read_failed(what + ": " + reply.network_error, now() + options_.transient_retry);
    } else {
      r = read_failed(redact(what + ": unreadable answer (HTTP " +
                             std::to_string(reply.response->status) + ", " + problem + ")"),
                      now() + options_.transient_retry);
    }
    r.api_calls = calls;
    return r;
  };

  StateRead out;
  out.observed.read = Read::seen;
  if (action.kind == moderation::ActionKind::block) {
    if (!names.blocks) {
      out.observed.read = Read::no_read;
      out.message = std::string(platform_name()) + " has no list of blocked people to read";
      co_return out;
    }
    HttpRequest req;
    req.url =
        endpoint(channel_.api_base, {channel_.account_id, "blocked"}, {{"user", action.author_id}});
    auto reply = co_await send(std::move(req));
    ++calls;
    if (!reply.response) co_return failure(reply, std::nullopt, {});
    auto ids = parse_id_list(reply.response->body);
    if (ids.kind == OutcomeKind::error) co_return failure(reply, ids.error, {});
    if (ids.kind == OutcomeKind::malformed) co_return failure(reply, std::nullopt, ids.problem);
    out.observed.author_blocked = std::ranges::find(ids.value, action.author_id) != ids.value.end();
    out.api_calls = calls;
    co_return out;
  }
  if (action.kind == moderation::ActionKind::escalate) {
    out.observed.read = Read::no_read;
    out.message = std::string(kEscalateIsInternal);
    co_return out;
  }

  HttpRequest node;
  node.url = endpoint(channel_.api_base, {action.comment_id},
                      {{"fields", std::string(names.node_fields)}});
  auto reply = co_await send(std::move(node));
  ++calls;
  if (!reply.response) co_return failure(reply, std::nullopt, {});
  auto state = parse_comment_state(reply.response->body);
  if (state.kind == OutcomeKind::error) {
    if (classify(state.error) == ErrorClass::object_gone) {
      out.observed.read = Read::gone;
      out.message = redact(what + ": the comment no longer exists (" + state.error.message + ")");
      out.api_calls = calls;
      co_return out;
    }
    co_return failure(reply, state.error, {});
  }
  if (state.kind == OutcomeKind::malformed) co_return failure(reply, std::nullopt, state.problem);
  out.observed.hidden = state.value.hidden;
  out.message = what + ": " +
                (state.value.hidden ? (*state.value.hidden ? "hidden" : "visible")
                                    : "hidden state not served");

  if (action.kind == moderation::ActionKind::reply) {
    const std::string thread =
        state.value.parent_id.empty() ? action.comment_id : state.value.parent_id;
    HttpRequest page;
    page.url = endpoint(channel_.api_base, {thread, std::string(names.reply_edge)},
                        {{"fields", std::string(names.reply_fields)}, {"limit", "100"}});
    if (platform_ == moderation::Platform::facebook)
      page.url.params().append({"order", "reverse_chronological"});
    bool present = false;
    bool read_all = false;  // every page was read (or the reply was found)
    for (int n = 0; n < options_.max_pages_per_poll && !present && !read_all; ++n) {
      auto r = co_await send(page);
      ++calls;
      if (!r.response) co_return failure(r, std::nullopt, {});
      auto listed = parse_comment_page(r.response->body);
      if (listed.kind == OutcomeKind::error) co_return failure(r, listed.error, {});
      if (listed.kind == OutcomeKind::malformed) co_return failure(r, std::nullopt, listed.problem);
      present = std::ranges::any_of(listed.value.comments, [&](const GraphComment& c) {
        return c.author_id == channel_.account_id && c.text == action.text;
      });
      auto next = safe_next_url(channel_.api_base, listed.value.next);  // never another host
      read_all = !next;
      if (next) {
        page = HttpRequest{};
        page.url = std::move(*next);
      }
    }
    // A thread longer than the pages read cannot say the reply is absent: left unknown.
    if (present || read_all) out.observed.our_reply_present = present;
    out.message += present    ? "; the account's reply is there"
                   : read_all ? "; no reply from the account"
                              : "; the thread is longer than the pages read";
  }
  out.api_calls = calls;
  co_return out;
}

}  // namespace hm::connectors::graph
