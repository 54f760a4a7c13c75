// A rules folder written for one test: rules.toml and any list files, in a fresh temporary
// folder, loaded the way the daemon loads its filters, and removed afterwards.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "filters/pipeline.hpp"

namespace hm::test {

struct RulesDir {
  std::filesystem::path dir;
  explicit RulesDir(const std::string& rules) {
    dir = std::filesystem::temp_directory_path() /
          ("hm-rules-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir / "lists");
    std::ofstream(dir / "rules.toml") << rules;
  }
  ~RulesDir() { std::filesystem::remove_all(dir); }
  RulesDir(const RulesDir&) = delete;
  RulesDir& operator=(const RulesDir&) = delete;

  // Writes lists/NAME with `text` and returns *this, so files can be chained before load().
  RulesDir& list(const std::string& name, const std::string& text) {
    std::ofstream(dir / "lists" / name) << text;
    return *this;
  }
  filters::Pipeline::Loaded load() const { return filters::Pipeline::load(dir); }
};

}  // namespace hm::test
