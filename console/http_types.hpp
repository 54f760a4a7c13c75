// The HTTP message types the listener, the console and the JSON API share, and the one place
// every response gets its security headers (DESIGN.md §8).
//
// Error policy: pure construction; nothing here fails.
#pragma once

#include <boost/beast/http.hpp>

#include <string>

namespace hm::console {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// A response with the given status, content type and body, with the headers every response
// carries: no caching, no sniffing, no framing, and a Content-Security-Policy that allows only
// this origin's own files (so no inline script can run even if some text slipped into HTML).
HttpResponse make_response(const HttpRequest& request, http::status status,
                           std::string content_type, std::string body);

}  // namespace hm::console
