#include "connectors/graph_session.hpp"

#include <algorithm>
#include <deque>
#include <iterator>

#include <nlohmann/json.hpp>

#include "connectors/appsecret_proof.hpp"
#include "connectors/graph_page_size.hpp"
#include "connectors/url_tools.hpp"

namespace hm::connectors::graph {

namespace asio = boost::asio;

GraphSession::GraphSession(asio::any_io_executor executor, moderation::Platform platform,
                           ChannelSettings channel, GraphCredentials credentials,
                           ConnectorOptions options)
    : platform_(platform),
      channel_(std::move(channel)),
      credentials_(std::move(credentials)),
      options_(std::move(options)) {
  if (!options_.now) options_.now = system_wall_clock();
  client_ = std::make_unique<HttpsClient>(executor, client_options(channel_, options_));
}

std::string_view GraphSession::platform_name() const {
  return moderation::display_name(platform_);
}

std::string GraphSession::redact(std::string text) const {
  return connectors::redact(std::move(text), credentials_.access_token);
}

std::optional<Time> GraphSession::blocked_until(std::string_view route) const {
  return throttle_.blocked_until(now(), route);
}

void GraphSession::note_throttle(Time until, std::string_view route) {
  throttle_.block(until, now(), route);
}

std::optional<Time> GraphSession::throttle_for(const GraphError& e, std::string_view route,
                                               std::chrono::seconds wait) {
  const std::string_view blocked = limits_this_call_only(e) ? route : Throttle::kEveryRoute;
  note_throttle(throttle_.blocked_until(now(), blocked).value_or(now() + wait), blocked);
  return blocked_until(route);
}

std::optional<HttpRequest> GraphSession::comment_request(const moderation::PlatformAction& action,
                                                         CommentNames names) const {
  HttpRequest req;
  switch (action.kind) {
    case moderation::ActionKind::hide:
    case moderation::ActionKind::unhide:
      req.method = "POST";
      req.url = endpoint(channel_.api_base, {action.comment_id},
                         {{std::string(names.hide_param),
                           action.kind == moderation::ActionKind::hide ? "true" : "false"}});
      return req;
    case moderation::ActionKind::delete_comment:
      req.method = "DELETE";
      req.url = endpoint(channel_.api_base, {action.comment_id});
      return req;
    case moderation::ActionKind::reply: {
      req.method = "POST";
      req.url = endpoint(channel_.api_base, {action.comment_id, std::string(names.reply_edge)});
      req.content_type = "application/x-www-form-urlencoded";
      boost::urls::url form;
      form.params().append({"message", action.text});
      req.body = std::string(form.encoded_query());
      req.idempotent = false;
      return req;
    }
    default:
      return std::nullopt;
  }
}

asio::awaitable<ActionResult> GraphSession::apply(
    const moderation::PlatformAction& action, std::string_view throttled,
    std::function<std::optional<HttpRequest>(const moderation::PlatformAction&)> request_for,
    std::function<std::string(moderation::ActionKind)> unsupported) {
  if (auto blocked = blocked_until(kActionRoute))
    co_return refused_action(*blocked, std::string(throttled));
  auto request = request_for(action);
  if (!request) {
    ActionResult r;
    r.outcome = ActionOutcome::not_supported;
    r.reason = unsupported(action.kind);
    co_return r;
  }
  auto reply = co_await send(std::move(*request));
  co_return action_result(reply, action);
}

std::string GraphSession::proof_for(std::string_view token) const {
  return credentials_.app_secret.empty() ? std::string()
                                         : appsecret_proof(token, credentials_.app_secret);
}

asio::awaitable<GraphSession::Reply> GraphSession::send(HttpRequest request) {
  request.url.params().erase("access_token");
  request.url.params().erase("appsecret_proof");
  request.headers.push_back({"Authorization", "Bearer " + credentials_.access_token});
  if (auto proof = proof_for(credentials_.access_token); !proof.empty())
    request.url.params().append({"appsecret_proof", proof});
  co_return co_await transmit(std::move(request));
}

asio::awaitable<GraphSession::Reply> GraphSession::send_batch(std::string batch_json) {
  HttpRequest req;
  req.method = "POST";
  req.url = endpoint(channel_.api_base, {});
  req.content_type = "application/x-www-form-urlencoded";
  boost::urls::url form;
  form.params().append({"batch", batch_json});
  form.params().append({"include_headers", "false"});
  form.params().append({"access_token", credentials_.access_token});
  if (auto proof = proof_for(credentials_.access_token); !proof.empty())
    form.params().append({"appsecret_proof", proof});
  req.body = std::string(form.encoded_query());
  co_return co_await transmit(std::move(req));
}

asio::awaitable<GraphSession::Reply> GraphSession::transmit(HttpRequest request) {
  Reply reply;
  try {
    reply.response = co_await client_->request(std::move(request));
  } catch (const NetworkError& e) {
    reply.network_error = redact(e.what());
    reply.too_large = e.response_too_large();
    reply.maybe_sent = e.maybe_sent();
    co_return reply;
  }
  // The channel's own business use case, or the app's budget, spent: every route waits.
  const UsageSignal usage = parse_usage(
      *reply.response, platform_ == moderation::Platform::instagram ? "instagram" : "pages");
  if (usage.throttled()) {
    const auto wait = usage.regain_minutes ? std::chrono::minutes{*usage.regain_minutes}
                                           : options_.default_rate_limit_wait;
    note_throttle(now() + std::max<std::chrono::seconds>(wait, std::chrono::seconds{1}),
                  Throttle::kEveryRoute);
  }
  co_return reply;
}

asio::awaitable<GraphSession::Reply> GraphSession::send_listing(HttpRequest request,
                                                                FetchResult& result, bool first) {
  int halvings = first && smaller_pages_until_ > now() ? smaller_pages_ : 0;
  if (halvings > 0) request.url = shrunk(request.url, halvings);
  for (;;) {
    auto reply = co_await send(request);
    ++result.api_calls;
    // Graph 1/2853006 ("reduce the amount of data you're asking for") as an over-limit body.
    const auto refused = reply.response ? parse_error(reply.response->body) : std::nullopt;
    const bool ask_for_less = refused && classify(*refused) == ErrorClass::ask_for_less;
    if (!reply.too_large && !ask_for_less) {
      if (first && halvings > 0) {  // halvings started at the remembered size: never below it
        smaller_pages_ = halvings;
        smaller_pages_until_ = now() + kSmallerPagesFor;
      }
      co_return reply;
    }
    auto smaller = with_smaller_pages(request.url);
    const std::string what =
        std::string(platform_name()) + " channel " + channel_.channel_id + ": a comment listing (" +
        std::string(request.url.encoded_path()) +
        (ask_for_less ? ") was refused as too much data (Graph 1/2853006)"
                      : ") was over the " + std::to_string(options_.response_body_limit / 1024) +
                            " KiB answer limit");
    if (!smaller) {
      reply.network_error = what + " even with the smallest pages";
      co_return reply;
    }
    if (!result.message.empty()) result.message += "; ";
    result.message += what + "; asking again with smaller pages";
    request.url = std::move(*smaller);
    ++halvings;
  }
}

FetchResult GraphSession::transient_failure(std::string message) {
  FetchResult r;
  r.status = FetchStatus::transient_error;
  r.retry_at = now() + options_.transient_retry;
  r.message = redact(std::move(message));
  return r;
}

FetchResult GraphSession::fetch_failure(const GraphError& e, std::string_view during) {
  FetchResult r;
  const std::string what = std::string(platform_name()) + " channel " + channel_.channel_id +
                           ": Graph error " + std::to_string(e.code) +
                           (e.subcode ? "/" + std::to_string(e.subcode) : std::string()) +
                           " while " + std::string(during) + ": " + e.message;
  switch (classify(e)) {
    case ErrorClass::token_invalid:
      r.status = FetchStatus::token_invalid;
      r.message = redact(what +
                         ". The access token is expired or invalid: re-authorise the "
                         "channel and replace its credentials file.");
      return r;
    case ErrorClass::permission:
    case ErrorClass::configuration:
    case ErrorClass::object_gone:  // the channel's own account: a wrong id or no permission
      r.status = FetchStatus::token_invalid;  // stops the channel until a reload, as a token
      r.message = redact(what + ". " + std::string(stop_advice(classify(e))));
      return r;
    case ErrorClass::rate_limited:
    case ErrorClass::policy_block:
      r.status = FetchStatus::rate_limited;
      r.retry_at = throttle_for(e, kReadRoute,
                                classify(e) == ErrorClass::policy_block
                                    ? std::chrono::seconds{std::chrono::minutes{60}}
                                    : options_.default_rate_limit_wait);
      r.message = redact(what);
      return r;
    default:
      return transient_failure(what);
  }
}

ActionResult GraphSession::action_result(const Reply& reply,
                                         const moderation::PlatformAction& action) {
  ActionResult r;
  const std::string name = std::string(to_string(action.kind)) + " of " + action.comment_id;
  if (!reply.response) {
    r.outcome = ActionOutcome::retryable_failure;
    r.retry_at = now() + options_.transient_retry;
    r.reason = reply.network_error;
    r.outcome_unknown = reply.maybe_sent;  // it may have been done before the answer was lost
    return r;
  }
  const auto parsed = parse_action(reply.response->body);
  if (parsed.kind == OutcomeKind::ok && parsed.value) {
    r.outcome = ActionOutcome::done;
    r.reason = std::string(platform_name()) + " confirmed the " + name;
    return r;
  }
  if (parsed.kind == OutcomeKind::ok) {
    r.outcome = ActionOutcome::retryable_failure;
    r.retry_at = now() + options_.transient_retry;
    r.reason = std::string(platform_name()) + " answered success=false to the " + name;
    return r;
  }
  if (parsed.kind == OutcomeKind::malformed) {  // served, perhaps done, answer unreadable
    r.outcome = ActionOutcome::retryable_failure;
    r.outcome_unknown = true;
    r.retry_at = now() + options_.transient_retry;
    r.reason = std::string(platform_name()) + " sent an unreadable answer (HTTP " +
               std::to_string(reply.response->status) + ", " + parsed.problem + ") to the " + name;
    return r;
  }
  const GraphError& e = parsed.error;
  const std::string what = "Graph error " + std::to_string(e.code) +
                           (e.subcode ? "/" + std::to_string(e.subcode) : std::string()) + " on " +
                           name + ": " + e.message;
  switch (classify(e)) {
    case ErrorClass::object_gone:
      r.outcome = ActionOutcome::already_gone;
      r.reason = redact("the comment no longer exists (" + what + ")");
      return r;
    case ErrorClass::token_invalid:
      r.outcome = ActionOutcome::token_invalid;
      r.reason = redact(what + "; the channel's access token must be renewed");
      return r;
    case ErrorClass::permission:  // stops the channel as a refused token does; the action waits
      r.outcome = ActionOutcome::token_invalid;
      r.reason = redact(what + ". " + std::string(stop_advice(ErrorClass::permission)));
      return r;
    case ErrorClass::rate_limited:
    case ErrorClass::policy_block:
      r.outcome = ActionOutcome::retryable_failure;
      r.retry_at = throttle_for(e, kActionRoute, options_.default_rate_limit_wait);
      r.reason = redact(what);
      return r;
    case ErrorClass::transient:  // "an unknown error": Graph does not say whether it was done
      r.outcome = ActionOutcome::retryable_failure;
      r.outcome_unknown = true;
      r.retry_at = now() + options_.transient_retry;
      r.reason = redact(what);
      return r;
    default:
      r.outcome = ActionOutcome::permanent_failure;
      r.reason = redact(what);
      return r;
  }
}

moderation::Comment GraphSession::to_comment(const GraphComment& c, const std::string& post_link,
                                             bool edited) const {
  moderation::Comment out;
  out.platform = platform_;
  out.channel_id = channel_.channel_id;
  out.platform_comment_id = c.id;
  out.parent_platform_id = c.parent_id;
  out.author_id = c.author_id;
  out.author_name = c.author_name;
  out.text = c.text;
  out.permalink = c.permalink.empty() ? post_link : c.permalink;
  out.created_at = c.created;
  if (edited) out.edited_at = now();
  return out;
}

asio::awaitable<std::optional<FetchResult>> GraphSession::walk_listings(
    std::vector<Listing> listings, const SeenComments& before, SeenComments& after,
    FetchResult& result) {
  // Records a listing's current page; returns the URL of its next page, if it is to be read.
  auto next_page = [&](Listing& l) -> std::optional<boost::urls::url> {
    const CommentPage& page = l.page;
    bool all_new = !page.comments.empty();
    for (const auto& c : page.comments) {
      const Novelty n = before.classify(c.id, c.text, c.created);
      if (n != Novelty::new_comment) all_new = false;
      if (n != Novelty::known && after.classify(c.id, c.text, c.created) != Novelty::known)
        result.comments.push_back(to_comment(c, l.post_link, n == Novelty::edited));
      after.remember(c.id, c.text, c.created);
    }
    // Reverse-chronological listings stop at the first known comment. A listing that turns out
    // to be chronological (oldest first) must be read to its end.
    const bool ascending =
        page.comments.size() >= 2 && page.comments.front().created < page.comments.back().created;
    if (page.next.empty() || (!all_new && !ascending && !l.read_to_end)) return std::nullopt;
    if (l.pages >= options_.max_pages_per_poll) return std::nullopt;
    return safe_next_url(channel_.api_base, page.next);  // never another host
  };
  // Owns the listings, and the reply threads found on their pages, at stable addresses.
  std::deque<Listing> owned(std::make_move_iterator(listings.begin()),
                            std::make_move_iterator(listings.end()));
  using Pending = std::vector<std::pair<Listing*, boost::urls::url>>;
  // Consumes a listing's current page; queues the pages to read next (the listing's own next
  // page, if any, and the rest of every reply thread on it).
  auto consume = [&](Listing& l, Pending& queue) {
    for (const auto& more : l.page.reply_next)
      if (auto u = safe_next_url(channel_.api_base, more)) {  // never another host
        owned.push_back({CommentPage{}, l.post_link, 1, true});
        queue.emplace_back(&owned.back(), std::move(*u));
      }
    if (auto next = next_page(l)) queue.emplace_back(&l, std::move(*next));
  };
  auto unreadable = [&](unsigned status, const std::string& problem) {
    return transient_failure(std::string(platform_name()) + " channel " + channel_.channel_id +
                             ": unreadable comment page (HTTP " + std::to_string(status) + ", " +
                             problem + ")");
  };

  Pending pending;
  for (std::size_t i = 0, n = owned.size(); i < n; ++i) consume(owned[i], pending);
  while (!pending.empty()) {
    const std::size_t take = std::min<std::size_t>(pending.size(), kMaxBatch);
    std::vector<std::pair<unsigned, std::string>> answers;  // (HTTP status, body) per request
    std::vector<bool> skipped(take, false);  // over the body limit even with the smallest pages
    bool one_by_one = take == 1;
    if (!one_by_one) {
      nlohmann::json batch = nlohmann::json::array();
      for (std::size_t i = 0; i < take; ++i) {
        const auto& u = pending[i].second;
        std::string relative(u.encoded_path());
        if (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
        if (u.has_query()) relative += "?" + std::string(u.encoded_query());
        batch.push_back({{"method", "GET"}, {"relative_url", relative}});
      }
      auto reply = co_await send_batch(batch.dump());
      ++result.api_calls;
      if (reply.too_large) {
        one_by_one = true;  // the pages together are over the limit: ask for them one by one
      } else {
        if (!reply.response) co_return transient_failure(reply.network_error);
        auto parsed = parse_batch(reply.response->body);
        if (parsed.kind == OutcomeKind::error)
          co_return fetch_failure(parsed.error, "reading further pages of comments (batch)");
        if (parsed.kind == OutcomeKind::malformed || parsed.value.size() != take)
          co_return unreadable(reply.response->status, "batch answer does not match the request");
        for (auto& item : parsed.value) answers.emplace_back(item.code, std::move(item.body));
      }
    }
    if (one_by_one) {
      for (std::size_t i = 0; i < take; ++i) {
        HttpRequest req;
        req.url = pending[i].second;
        auto reply = co_await send_listing(std::move(req), result, false);
        if (reply.too_large) {  // skip this listing's rest, say so, and read the others
          skipped[i] = true;
          if (!result.message.empty()) result.message += "; ";
          result.message += reply.network_error + ": skipped the rest of the comments of " +
                            pending[i].first->post_link + " this poll";
          answers.emplace_back(0u, std::string());
          continue;
        }
        if (!reply.response) co_return transient_failure(reply.network_error);
        answers.emplace_back(reply.response->status, std::move(reply.response->body));
      }
    }
    Pending next_round;
    for (std::size_t i = 0; i < take; ++i) {
      if (skipped[i]) continue;
      auto page = parse_comment_page(answers[i].second);
      if (page.kind == OutcomeKind::error && ends_listing_only(page.error)) {
        // A deleted post, or a cursor past the endpoint's limit: this listing ends here.
        if (!result.message.empty()) result.message += "; ";
        result.message += redact("Graph error " + std::to_string(page.error.code) + " (" +
                                 page.error.message + "): stopped reading the comments of " +
                                 pending[i].first->post_link + " this poll");
        continue;
      }
      if (page.kind == OutcomeKind::error)
        co_return fetch_failure(page.error, "reading a further page of comments");
      if (page.kind == OutcomeKind::malformed) co_return unreadable(answers[i].first, page.problem);
      Listing& l = *pending[i].first;
      l.page = std::move(page.value);
      ++l.pages;
      consume(l, next_round);
    }
    for (std::size_t i = take; i < pending.size(); ++i) next_round.push_back(std::move(pending[i]));
    pending = std::move(next_round);
  }
  co_return std::nullopt;
}

}  // namespace hm::connectors::graph
