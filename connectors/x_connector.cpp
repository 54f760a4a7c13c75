#include "connectors/x_connector.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "connectors/url_tools.hpp"

namespace hm::connectors {

namespace asio = boost::asio;
using moderation::ActionKind;

namespace {

std::string base64(std::string_view in) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v =
        (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], kTable[(v >> 6) & 63], kTable[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = (unsigned char)in[i] << 16;
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], kTable[(v >> 6) & 63], '='};
  }
  return out;
}

}  // namespace

XConnector::XConnector(asio::any_io_executor executor, ChannelSettings channel,
                       XCredentials credentials, std::shared_ptr<TokenStore> tokens,
                       ConnectorOptions options, std::string token_url)
    : channel_(std::move(channel)),
      credentials_(std::move(credentials)),
      tokens_store_(std::move(tokens)),
      options_(std::move(options)) {
  if (!options_.now) options_.now = system_wall_clock();
  if (!tokens_store_) tokens_store_ = std::make_shared<MemoryTokenStore>();
  if (auto parsed = token_url.empty() ? std::nullopt : parse_https_url(token_url))
    token_url_ = *parsed;
  else
    token_url_ = endpoint(channel_.api_base, {"oauth2", "token"});
  client_ = std::make_unique<HttpsClient>(executor, client_options(channel_, options_));
}

moderation::Capabilities XConnector::capabilities() const {
  return moderation::capabilities(moderation::Platform::x);
}

std::string XConnector::encode_cursor(const std::string& since_id) {
  if (since_id.empty()) return {};
  return nlohmann::json{{"v", 1}, {"since_id", since_id}}.dump();
}

std::string XConnector::decode_cursor(std::string_view cursor) {
  const auto j = nlohmann::json::parse(cursor, nullptr, false);
  if (!j.is_object()) return {};
  auto it = j.find("since_id");
  if (it == j.end() || !it->is_string()) return {};
  const std::string id = it->get<std::string>();
  if (id.empty() || id.size() > 19 ||
      !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  return id;
}

std::string XConnector::redact(std::string text) const {
  text = connectors::redact(std::move(text), credentials_.client_secret);
  text = connectors::redact(std::move(text), credentials_.refresh_token);
  text = connectors::redact(std::move(text), credentials_.access_token);
  if (tokens_) {
    text = connectors::redact(std::move(text), tokens_->access_token);
    text = connectors::redact(std::move(text), tokens_->refresh_token);
  }
  return text;
}

std::optional<Time> XConnector::blocked_until() const {
  if (throttled_until_ && *throttled_until_ > now()) return throttled_until_;
  return std::nullopt;
}

void XConnector::note_rate_limit(const HttpResponse& response) {
  const auto rl = x::parse_rate_limit(response);
  std::optional<Time> until;
  if (response.status == 429) {
    until = rl.reset.value_or(now() + options_.default_rate_limit_wait);
  } else if (rl.remaining && *rl.remaining == 0 && rl.reset) {
    until = *rl.reset;
  }
  if (until) {
    // A reset in the past (clock skew) still waits a little: never spin.
    if (*until <= now()) until = now() + std::chrono::seconds{1};
    // Never trust a reset more than a day away.
    if (*until > now() + std::chrono::hours{24}) until = now() + std::chrono::hours{24};
    if (!throttled_until_ || *until > *throttled_until_ || *throttled_until_ <= now())
      throttled_until_ = until;
  }
}

HttpRequest XConnector::mentions_request(const std::string& since_id,
                                         const std::string& next_token) const {
  HttpRequest req;
  req.url = endpoint(channel_.api_base, {"users", channel_.account_id, "mentions"},
                     {{"max_results", std::to_string(kMaxResults)},
                      {"tweet.fields",
                       "author_id,conversation_id,created_at,in_reply_to_user_id,"
                       "referenced_tweets,edit_history_tweet_ids"},
                      {"expansions", "author_id"},
                      {"user.fields", "username,name"}});
  if (!since_id.empty()) req.url.params().append({"since_id", since_id});
  if (!next_token.empty()) req.url.params().append({"pagination_token", next_token});
  return req;
}

asio::awaitable<XConnector::TokenOutcome> XConnector::refresh() {
  TokenOutcome out;
  const std::string refresh_token = tokens_ && !tokens_->refresh_token.empty()
                                        ? tokens_->refresh_token
                                        : credentials_.refresh_token;
  HttpRequest req;
  req.method = "POST";
  req.url = token_url_;
  req.idempotent = false;  // a refresh token is single-use: never resend blindly
  req.content_type = "application/x-www-form-urlencoded";
  boost::urls::url form;
  form.params().append({"grant_type", "refresh_token"});
  form.params().append({"refresh_token", refresh_token});
  form.params().append({"client_id", credentials_.client_id});
  req.body = std::string(form.encoded_query());
  if (!credentials_.client_secret.empty())
    req.headers.push_back({"Authorization", "Basic " + base64(credentials_.client_id + ":" +
                                                              credentials_.client_secret)});
  HttpResponse response;
  ++refresh_requests_;
  try {
    response = co_await client_->request(std::move(req));
  } catch (const NetworkError& e) {
    out.message = redact(std::string("X token refresh failed: ") + e.what());
    co_return out;
  }
  const auto parsed = x::parse_token_response(response.status, response.body);
  if (parsed.kind == x::OutcomeKind::ok) {
    StoredTokens fresh;
    fresh.access_token = parsed.grant.access_token;
    fresh.refresh_token =
        parsed.grant.refresh_token.empty() ? refresh_token : parsed.grant.refresh_token;
    fresh.access_expires_at =
        now() + std::chrono::seconds{parsed.grant.expires_in > 0 ? parsed.grant.expires_in : 7200};
    tokens_store_->save(fresh);  // durable before first use; throws on I/O failure
    tokens_ = std::move(fresh);
    out.ok = true;
    co_return out;
  }
  if (parsed.kind == x::OutcomeKind::problem && response.status < 500) {
    out.token_invalid = true;
    out.message = redact("X channel " + channel_.channel_id +
                         ": the token endpoint rejected the "
                         "refresh token (" +
                         parsed.error.error +
                         (parsed.error.description.empty() ? "" : ": " + parsed.error.description) +
                         "). Re-authorise the channel and replace its credentials file.");
    co_return out;
  }
  out.message = "X channel " + channel_.channel_id + ": token refresh failed (HTTP " +
                std::to_string(response.status) + ")";
  co_return out;
}

asio::awaitable<XConnector::TokenOutcome> XConnector::ensure_access_token(bool force_refresh) {
  // Another coroutine of this channel is refreshing: wait for it (bounded), never refresh twice.
  for (int i = 0; refreshing_ && i < 600; ++i) {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds{50});
    co_await t.async_wait(asio::use_awaitable);
  }
  if (!tokens_) {
    tokens_ = tokens_store_->load();
    if (!tokens_ && !credentials_.access_token.empty())
      tokens_ = StoredTokens{credentials_.access_token, credentials_.refresh_token,
                             now() + std::chrono::minutes{5}};
  }
  if (!force_refresh && tokens_ && !tokens_->access_token.empty() &&
      tokens_->access_expires_at > now() + std::chrono::seconds{60})
    co_return TokenOutcome{true, false, {}};
  refreshing_ = true;
  TokenOutcome out;
  try {
    out = co_await refresh();
  } catch (...) {
    refreshing_ = false;
    throw;
  }
  refreshing_ = false;
  co_return out;
}

asio::awaitable<XConnector::Sent> XConnector::send(HttpRequest request, int& calls) {
  Sent sent;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const long long refreshes_before = refresh_requests_;
    auto token = co_await ensure_access_token(attempt > 0);
    calls += static_cast<int>(refresh_requests_ - refreshes_before);
    if (!token.ok) {
      sent.token_failure = std::move(token);
      co_return sent;
    }
    HttpRequest req = request;
    req.headers.push_back({"Authorization", "Bearer " + tokens_->access_token});
    try {
      sent.response = co_await client_->request(std::move(req));
      ++calls;
    } catch (const NetworkError& e) {
      ++calls;
      sent.network_error = redact(e.what());
      co_return sent;
    }
    note_rate_limit(*sent.response);
    if (sent.response->status != 401) co_return sent;
  }
  co_return sent;  // still 401 after a fresh token
}

asio::awaitable<FetchResult> XConnector::fetch(const Cursor& cursor) {
  FetchResult result;
  if (auto blocked = blocked_until()) {
    result.status = FetchStatus::rate_limited;
    result.retry_at = blocked;
    result.message = "X channel " + channel_.channel_id + ": waiting for the rate limit to reset";
    co_return result;
  }
  const std::string since_id = decode_cursor(cursor);
  std::string newest = since_id;
  std::string next_token;
  std::vector<std::string> partial;
  auto fail = [&](FetchStatus status, std::string message, std::optional<Time> retry_at) {
    FetchResult f;
    f.status = status;
    f.message = redact(std::move(message));
    f.retry_at = retry_at;
    f.api_calls = result.api_calls;
    return f;
  };
  for (int page = 0; page < options_.max_pages_per_poll; ++page) {
    auto sent = co_await send(mentions_request(since_id, next_token), result.api_calls);
    if (sent.token_failure) {
      if (sent.token_failure->token_invalid)
        co_return fail(FetchStatus::token_invalid, sent.token_failure->message, std::nullopt);
      co_return fail(FetchStatus::transient_error, sent.token_failure->message,
                     now() + options_.transient_retry);
    }
    if (!sent.response)
      co_return fail(FetchStatus::transient_error, sent.network_error,
                     now() + options_.transient_retry);
    const HttpResponse& r = *sent.response;
    auto parsed = x::parse_tweet_page(r.status, r.body);
    if (parsed.kind != x::OutcomeKind::ok) {
      const x::Problem& p = parsed.problem;
      const std::string what =
          "X channel " + channel_.channel_id + ": " +
          (parsed.kind == x::OutcomeKind::malformed
               ? "unreadable response (HTTP " + std::to_string(r.status) + ", " + parsed.what + ")"
               : "HTTP " + std::to_string(r.status) + " " + p.title +
                     (p.detail.empty() ? "" : ": " + p.detail));
      if (parsed.kind == x::OutcomeKind::malformed)
        co_return fail(FetchStatus::transient_error, what, now() + options_.transient_retry);
      switch (x::classify(p, r.status)) {
        case x::ProblemClass::unauthorized:
          co_return fail(FetchStatus::token_invalid,
                         what +
                             ". The access token was refused even after a refresh: "
                             "re-authorise the channel.",
                         std::nullopt);
        case x::ProblemClass::rate_limited:
        case x::ProblemClass::usage_capped:
          if (!blocked_until())
            throttled_until_ = now() + (x::classify(p, r.status) == x::ProblemClass::usage_capped
                                            ? std::chrono::minutes{60}
                                            : options_.default_rate_limit_wait);
          co_return fail(FetchStatus::rate_limited, what, blocked_until());
        case x::ProblemClass::forbidden:
          co_return fail(FetchStatus::token_invalid,
                         what + ". The app or token lacks access to this endpoint.", std::nullopt);
        default:
          co_return fail(FetchStatus::transient_error, what, now() + options_.transient_retry);
      }
    }
    for (const auto& p : parsed.value.partial_errors)
      partial.push_back(p.title + (p.resource_id.empty() ? "" : " (" + p.resource_id + ")"));
    for (const auto& t : parsed.value.tweets) {
      if (!since_id.empty() && !x::id_less(since_id, t.id)) continue;  // not newer than cursor
      if (newest.empty() || x::id_less(newest, t.id)) newest = t.id;
      if (t.author_id == channel_.account_id) continue;  // the school's own posts
      moderation::Comment c;
      c.platform = moderation::Platform::x;
      c.channel_id = channel_.channel_id;
      const bool edited = t.edit_history.size() > 1;
      c.platform_comment_id = edited ? t.edit_history.front() : t.id;
      c.parent_platform_id = t.replied_to_id;
      c.author_id = t.author_id;
      c.author_name = t.author_username.empty() ? t.author_name : t.author_username;
      c.text = t.text;
      c.permalink = "https://x.com/" +
                    (t.author_username.empty() ? std::string("i/web") : t.author_username) +
                    "/status/" + t.id;
      c.created_at = t.created.value_or(now());
      if (edited) c.edited_at = c.created_at;
      result.comments.push_back(std::move(c));
    }
    if (!parsed.value.newest_id.empty() && x::id_less(newest, parsed.value.newest_id) &&
        (since_id.empty() || x::id_less(since_id, parsed.value.newest_id)))
      newest = parsed.value.newest_id;
    next_token = parsed.value.next_token;
    if (next_token.empty()) break;
  }
  if (!partial.empty()) {
    result.message = "X channel " + channel_.channel_id + ": partial errors: ";
    for (std::size_t i = 0; i < partial.size() && i < 10; ++i)
      result.message += (i ? "; " : "") + partial[i];
  }
  result.next_cursor = newest.empty() ? cursor : encode_cursor(newest);
  co_return result;
}

asio::awaitable<ActionResult> XConnector::apply(const moderation::PlatformAction& action) {
  ActionResult out;
  switch (action.kind) {
    case ActionKind::hide:
    case ActionKind::unhide:
      break;
    case ActionKind::delete_comment:
      co_return ActionResult{ActionOutcome::not_supported,
                             "X lets an account delete only its own posts, not others' replies",
                             {},
                             false};
    case ActionKind::block:
      co_return ActionResult{ActionOutcome::not_supported,
                             "X's block endpoint is Enterprise-only; not available to this account",
                             {},
                             false};
    case ActionKind::reply:
      co_return ActionResult{ActionOutcome::not_supported,
                             "X allows self-serve API replies only when the account was summoned",
                             {},
                             false};
    case ActionKind::escalate:
      co_return ActionResult{ActionOutcome::not_supported,
                             "escalation is internal to hallmonitor, not a platform call",
                             {},
                             false};
  }
  if (auto blocked = blocked_until()) {
    out.outcome = ActionOutcome::retryable_failure;
    out.retry_at = blocked;
    out.held_back = true;  // the platform was not called
    out.reason = "waiting for the X rate limit to reset";
    co_return out;
  }
  const bool hide = action.kind == ActionKind::hide;
  HttpRequest req;
  req.method = "PUT";
  req.url = endpoint(channel_.api_base, {"tweets", action.comment_id, "hidden"});
  req.content_type = "application/json";
  req.body = hide ? R"({"hidden":true})" : R"({"hidden":false})";
  int calls = 0;
  auto sent = co_await send(std::move(req), calls);
  const std::string name = std::string(to_string(action.kind)) + " of reply " + action.comment_id;
  if (sent.token_failure) {
    out.outcome = sent.token_failure->token_invalid ? ActionOutcome::permanent_failure
                                                    : ActionOutcome::retryable_failure;
    out.token_invalid = sent.token_failure->token_invalid;
    if (!out.token_invalid) out.retry_at = now() + options_.transient_retry;
    out.reason = sent.token_failure->message;
    co_return out;
  }
  if (!sent.response) {
    out.outcome = ActionOutcome::retryable_failure;
    out.retry_at = now() + options_.transient_retry;
    out.reason = sent.network_error;
    co_return out;
  }
  const HttpResponse& r = *sent.response;
  const auto parsed = x::parse_hide(r.status, r.body);
  if (parsed.kind == x::OutcomeKind::ok) {
    if (parsed.value == hide) {
      out.outcome = ActionOutcome::done;
      out.reason = "X confirmed the " + name;
    } else {
      out.outcome = ActionOutcome::retryable_failure;
      out.retry_at = now() + options_.transient_retry;
      out.reason =
          "X answered hidden=" + std::string(parsed.value ? "true" : "false") + " to the " + name;
    }
    co_return out;
  }
  if (parsed.kind == x::OutcomeKind::malformed) {
    out.outcome = ActionOutcome::retryable_failure;
    out.retry_at = now() + options_.transient_retry;
    out.reason = "X sent an unreadable answer (HTTP " + std::to_string(r.status) + ", " +
                 parsed.what + ") to the " + name;
    co_return out;
  }
  const x::Problem& p = parsed.problem;
  const std::string what = "HTTP " + std::to_string(r.status) + " " + p.title +
                           (p.detail.empty() ? "" : ": " + p.detail) + " on the " + name;
  switch (x::classify(p, r.status)) {
    case x::ProblemClass::not_found:
      out.outcome = ActionOutcome::already_gone;
      out.reason = redact("the reply no longer exists (" + what + ")");
      break;
    case x::ProblemClass::unauthorized:
      out.outcome = ActionOutcome::permanent_failure;
      out.token_invalid = true;
      out.reason = redact(what + "; the channel must be re-authorised");
      break;
    case x::ProblemClass::rate_limited:
    case x::ProblemClass::usage_capped:
      if (!blocked_until()) throttled_until_ = now() + options_.default_rate_limit_wait;
      out.outcome = ActionOutcome::retryable_failure;
      out.retry_at = blocked_until();
      out.reason = redact(what);
      break;
    case x::ProblemClass::server:
      out.outcome = ActionOutcome::retryable_failure;
      out.retry_at = now() + options_.transient_retry;
      out.reason = redact(what);
      break;
    default:
      out.outcome = ActionOutcome::permanent_failure;
      out.reason = redact(what + " (X hides only replies in conversations the account started)");
      break;
  }
  co_return out;
}

}  // namespace hm::connectors
