// Runs hallmonitorctl as a user would: a temp folder, stdin from a file, stdout and stderr
// captured, the exit code returned. Cleans up after itself.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hm::test {

class TempDir {
 public:
  TempDir() {
    static int n = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("hm-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
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

struct RunResult {
  int exit_code;
  std::string out, err;
};

inline RunResult run_ctl(const TempDir& dir, const std::string& args,
                         const std::string& input = "") {
  auto in = dir.write("stdin.txt", input);
  std::string cmd = "'" + std::string(HM_CTL_PATH) + "' " + args + " < '" + in.string() + "' > '" +
                    (dir.path() / "stdout.txt").string() + "' 2> '" +
                    (dir.path() / "stderr.txt").string() + "'";
  int status = std::system(cmd.c_str());
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code, dir.read("stdout.txt"), dir.read("stderr.txt")};
}

}  // namespace hm::test
