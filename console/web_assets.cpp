#include "console/web_assets.hpp"

#include <algorithm>

namespace hm::console {

namespace generated {
extern const std::span<const WebAsset> kAssets;  // web_assets_data.cpp (generated)
}

std::span<const WebAsset> web_assets() {
  return generated::kAssets;
}

const WebAsset* find_web_asset(std::string_view path) {
  if (path == "/") path = "/index.html";
  const auto assets = web_assets();
  const auto it =
      std::lower_bound(assets.begin(), assets.end(), path,
                       [](const WebAsset& a, std::string_view p) { return a.path < p; });
  if (it == assets.end() || it->path != path) return nullptr;
  return &*it;
}

}  // namespace hm::console
