#include "daemon/alerts/webhook_sender.hpp"

#include <boost/url/parse.hpp>

#include <cctype>

#include "connectors/https_client.hpp"
#include "daemon/alerts/mime.hpp"

namespace hm::daemon::alerts {

namespace asio = boost::asio;

Delivery classify_webhook_status(unsigned status) noexcept {
  if (status >= 200 && status < 300) return Delivery::sent;
  if (status == 429 || status >= 500) return Delivery::retryable;
  return Delivery::permanent;
}

std::optional<boost::urls::url> parse_webhook_url(std::string_view text, std::string& error) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) {
    error = "the webhook credential does not hold a URL";
    return std::nullopt;
  }
  boost::urls::url url(*parsed);
  if (url.scheme_id() != boost::urls::scheme::https) {
    error = "the webhook URL must start with https:// (alerts are never posted in clear)";
    return std::nullopt;
  }
  if (url.host().empty()) {
    error = "the webhook URL has no host";
    return std::nullopt;
  }
  return url;
}

asio::awaitable<WebhookOutcome> post_webhook(asio::any_io_executor executor, std::string url_text,
                                             std::filesystem::path ca_file, std::string json_body,
                                             std::chrono::milliseconds timeout) {
  WebhookOutcome out;
  std::string error;
  auto url = parse_webhook_url(url_text, error);
  if (!url) {
    out.result = Delivery::permanent;
    out.error = "webhook: " + error;
    co_return out;
  }
  out.host = std::string(url->host());
  const std::string where = "webhook " + out.host + ": ";

  connectors::HttpsClientOptions options;
  options.host = out.host;
  options.port = url->has_port() ? std::string(url->port()) : std::string("443");
  options.ca_file = ca_file;
  options.timeout = timeout;
  options.body_limit = 64 * 1024;    // webhooks answer "ok" or a short error
  options.backoff.max_attempts = 1;  // the outbox retries, with its own schedule
  options.max_idle_connections = 0;

  connectors::HttpRequest request;
  request.method = "POST";
  request.url = *url;
  request.body = std::move(json_body);
  request.content_type = "application/json";
  request.idempotent = false;  // a resend could post the alert twice

  std::optional<connectors::HttpResponse> response;
  try {
    connectors::HttpsClient client(executor, options);
    response = co_await client.request(std::move(request));
  } catch (const connectors::NetworkError& e) {
    // The client's messages name the host and the operation, never the path.
    out.result = Delivery::retryable;
    out.error = "webhook: " + std::string(e.what());
  } catch (const std::exception&) {
    // Other exceptions (a bad CA file, a URL mismatch) may quote the URL: say what failed
    // without them.
    out.result = Delivery::permanent;
    out.error = where + "cannot post (check webhook_ca_file and the webhook URL)";
  }
  if (!response) co_return out;
  out.result = classify_webhook_status(response->status);
  if (out.result != Delivery::sent)
    out.error = where + "HTTP " + std::to_string(response->status) +
                (response->body.empty() ? "" : " " + one_line(response->body, 80));
  co_return out;
}

}  // namespace hm::daemon::alerts
