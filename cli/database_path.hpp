// Where hallmonitorctl finds the daemon's database, and loading the config to get there.
//
// Error policy: a bad config is printed to stderr and comes back as std::nullopt (the command
// exits 2); nothing throws.
#pragma once

#include <filesystem>
#include <iostream>
#include <optional>

#include "daemon/config.hpp"

namespace hm::cli {

inline std::filesystem::path database_path(const config::Config& config) {
  return config.daemon.state_dir / "hallmonitor.db";
}

inline std::optional<config::Config> load_config_or_report(const std::filesystem::path& file) {
  auto loaded = config::load(file);
  for (const auto& problem : loaded.problems) std::cerr << problem.str() << "\n";
  return std::move(loaded.config);
}

}  // namespace hm::cli
