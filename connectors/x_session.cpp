#include "connectors/x_session.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "connectors/url_tools.hpp"
#include "connectors/x_parse.hpp"

namespace hm::connectors::x {

namespace asio = boost::asio;

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

XSession::XSession(asio::any_io_executor executor, ChannelSettings channel,
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

std::string XSession::redact(std::string text) const {
  text = connectors::redact(std::move(text), credentials_.client_secret);
  text = connectors::redact(std::move(text), credentials_.refresh_token);
  text = connectors::redact(std::move(text), credentials_.access_token);
  if (tokens_) {
    text = connectors::redact(std::move(text), tokens_->access_token);
    text = connectors::redact(std::move(text), tokens_->refresh_token);
  }
  return text;
}

std::optional<Time> XSession::blocked_until(std::string_view route) const {
  return throttle_.blocked_until(now(), route);
}

void XSession::block_every_route(std::chrono::seconds wait) {
  if (!throttle_.blocked_until(now())) throttle_.block(now() + wait, now());
}

void XSession::note_rate_limit(const HttpResponse& response, std::string_view route) {
  if (auto wait = rate_limit_wait(response, now(), options_.default_rate_limit_wait))
    throttle_.block(wait->until, now(), wait->every_route ? Throttle::kEveryRoute : route);
}

asio::awaitable<XSession::TokenOutcome> XSession::refresh() {
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
  const auto parsed = parse_token_response(response.status, response.body);
  if (parsed.kind == OutcomeKind::ok) {
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
  if (parsed.kind == OutcomeKind::problem && response.status < 500) {
    out.token_invalid = true;
    out.message = redact("X channel " + channel_.channel_id +
                         ": the token endpoint rejected the "
                         "refresh token (" +
                         parsed.error.error +
                         (parsed.error.description.empty() ? "" : ": " + parsed.error.description) +
                         "). A refresh token is single-use: one lost in a crash during a "
                         "refresh cannot be recovered. Re-authorise the channel and replace its "
                         "credentials file.");
    co_return out;
  }
  out.message = "X channel " + channel_.channel_id + ": token refresh failed (HTTP " +
                std::to_string(response.status) + ")";
  co_return out;
}

asio::awaitable<XSession::TokenOutcome> XSession::ensure_access_token(bool force_refresh) {
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

asio::awaitable<XSession::Sent> XSession::send(HttpRequest request, std::string_view route,
                                               int& calls) {
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
      sent.maybe_sent = e.maybe_sent();
      co_return sent;
    }
    note_rate_limit(*sent.response, route);
    if (sent.response->status != 401) co_return sent;
  }
  co_return sent;  // still 401 after a fresh token
}

}  // namespace hm::connectors::x
