// Posts a safeguarding alert's JSON to a school's incoming webhook (Slack, Microsoft Teams or
// anything that takes {"text": ...}) with the connectors' HttpsClient: HTTPS only, peer and
// host-name verification, a deadline on each step. The URL is a secret (anyone holding it can
// post to the channel), so it is never logged: messages name the host only.
//
// Error policy: nothing throws for network, TLS or HTTP failures; they come back as an outcome.
// 2xx is sent; 429, 5xx and network or TLS failures are retryable; any other status, and a URL
// that is not https, is permanent (retrying the same request cannot help).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <boost/url/url.hpp>

namespace hm::daemon::alerts {

enum class Delivery { sent, retryable, permanent };

struct WebhookOutcome {
  Delivery result = Delivery::permanent;
  std::string host;   // for logs: the URL's host, never its path or query
  std::string error;  // "webhook HOST: HTTP 500 ..." when not sent
};

// How an HTTP status from a webhook counts.
Delivery classify_webhook_status(unsigned status) noexcept;

// The credential file's text (surrounding white space ignored) as an https URL; nullopt with
// `error` set (naming neither path nor query) otherwise.
std::optional<boost::urls::url> parse_webhook_url(std::string_view text, std::string& error);

boost::asio::awaitable<WebhookOutcome> post_webhook(
    boost::asio::any_io_executor executor, std::string url_text, std::filesystem::path ca_file,
    std::string json_body, std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace hm::daemon::alerts
