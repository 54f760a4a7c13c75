// Plain HTTP request and response values shared by the sans-io parsers and the HTTPS client.
// No Beast here, so the parsers and their fuzz targets stay free of networking code.
//
// Error policy: pure value types; lookups return std::nullopt when a header is absent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/url/url.hpp>

namespace hm::connectors {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method = "GET";
  boost::urls::url url;  // absolute https URL, built with Boost.URL
  std::vector<HttpHeader> headers;
  std::string body;
  std::string content_type;  // empty when there is no body
  // Whether a retry after a network error or 5xx is safe (GET, PUT, DELETE, idempotent POSTs
  // such as hide). A token refresh or a reply must not be retried blindly.
  bool idempotent = true;
};

struct HttpResponse {
  unsigned status = 0;
  std::vector<HttpHeader> headers;
  std::string body;

  // Case-insensitive header lookup (first match).
  std::optional<std::string_view> header(std::string_view name) const;
};

bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace hm::connectors
