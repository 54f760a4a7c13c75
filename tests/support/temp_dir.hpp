// A temporary folder for one test, removed with everything in it when the test ends. The one
// TempDir of the test suite.
//
// Error policy: a folder that cannot be created throws (the test fails); removal errors are
// ignored (a leftover folder in /tmp is not a test failure).
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace hm::test {

class TempDir {
 public:
  // "/tmp/hm-<purpose>-<pid>-<n>-<random>": unique across tests and concurrent test processes.
  explicit TempDir(std::string_view purpose = "test") {
    static std::atomic<int> n{0};
    path_ = std::filesystem::temp_directory_path() /
            ("hm-" + std::string(purpose) + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(n++) + "-" + std::to_string(std::random_device{}() % 100000));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& content) const {
    auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(path_ / name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace hm::test
