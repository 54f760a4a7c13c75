// A config file written into a fresh temporary folder, for tests of daemon/config.hpp: `file` is
// the config, `dir` the folder its relative paths resolve against.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "filters/problem.hpp"
#include "support/temp_dir.hpp"

namespace hm::test {

struct TempConfig {
  TempDir tmp{"config-test"};
  std::filesystem::path dir = tmp.path();
  std::filesystem::path file = dir / "hallmonitor.toml";
  explicit TempConfig(const std::string& text) { std::ofstream(file) << text; }
};

// Whether `problems` holds one at `line` whose message contains `words`.
inline bool has_problem(const std::vector<hm::filters::Problem>& problems, int line,
                        std::string_view words) {
  for (const auto& p : problems)
    if (p.line == line && p.message.find(words) != std::string::npos) return true;
  return false;
}

}  // namespace hm::test
