// URL building with Boost.URL: every path segment and query value is percent-encoded by the
// library, never concatenated by hand. Also the checks and redaction that make URLs from a
// response (Graph's paging.next) safe to follow and to log.
//
// Error policy: parse failures of configured or received URLs are expected; the functions
// return std::nullopt. Nothing throws.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

namespace hm::connectors {

// An absolute https URL, or nullopt.
std::optional<boost::urls::url> parse_https_url(std::string_view text);

// api_base with each segment appended as one encoded path segment, plus query parameters.
// Example: endpoint(base "https://graph.facebook.com/v25.0", {"123", "comments"},
//                   {{"limit", "50"}}) → https://graph.facebook.com/v25.0/123/comments?limit=50
boost::urls::url endpoint(
    const boost::urls::url& api_base, std::initializer_list<std::string_view> segments,
    std::initializer_list<std::pair<std::string_view, std::string_view>> params = {});

// Whether `candidate` has the same scheme, host and port as `base`, and a path under base's
// path: the only URLs a connector follows from a response body.
bool same_origin_under(const boost::urls::url_view& base, const boost::urls::url_view& candidate);

// A followable paging URL: parsed, same origin as api_base, with any access_token parameter
// removed (the client sends the token in a header). nullopt when it is not safe to follow.
std::optional<boost::urls::url> safe_next_url(const boost::urls::url& api_base,
                                              std::string_view next);

// The URL with the values of secret-bearing parameters replaced by "REDACTED", for messages.
std::string redact_url(const boost::urls::url_view& url);
// Replaces every occurrence of `secret` (if non-empty) in text with "REDACTED".
std::string redact(std::string text, std::string_view secret);

}  // namespace hm::connectors
