// A config file written into a fresh temporary folder, for tests of daemon/config.hpp: `file` is
// the config, `dir` the folder its relative paths resolve against.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "support/temp_dir.hpp"

namespace hm::test {

struct TempConfig {
  TempDir tmp{"config-test"};
  std::filesystem::path dir = tmp.path();
  std::filesystem::path file = dir / "hallmonitor.toml";
  explicit TempConfig(const std::string& text) { std::ofstream(file) << text; }
};

}  // namespace hm::test
