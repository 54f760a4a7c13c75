// The web console's static files (console/web/), embedded in the binary at build time by
// console/embed_web_assets.cmake, so hallmonitord serves them without reading the disk.
//
// Error policy: none; lookups of unknown paths return nullptr.
#pragma once

#include <span>
#include <string_view>

namespace hm::console {

struct WebAsset {
  std::string_view path;          // "/index.html", "/app.js": the URL path
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;          // the file's bytes, exactly
  std::string_view etag;          // a strong ETag, quotes included: "\"3f2a…\""
};

// "/" maps to "/index.html". nullptr when there is no such file. Only exact paths match:
// queries, fragments and "..", "//" or "%xx" are not interpreted (strip the query first).
const WebAsset* find_web_asset(std::string_view path);

// Every embedded file, sorted by path.
std::span<const WebAsset> web_assets();

}  // namespace hm::console
